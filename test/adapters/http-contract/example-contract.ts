/**
 * One suite, run against both example apps (Express and Koa), socket.io style (docs/architecture.md §9): every route over real
 * HTTP against the real embedded server with a PAM keyset. The apps are the examples themselves, so the examples
 * are exercised too.
 */
import { Pubnub } from '@pubkit/node';
import { expect } from 'chai';
import { until } from '../../support/until.js';
import { SseClient } from './sse-client.js';

/** What each example module exports. */
export interface ExampleModule {
  readonly ROOM: string;
  readonly DEMO_KEYS: { readonly publishKey: string; readonly subscribeKey: string; readonly secretKey: string };
  start(port?: number, heartbeatMs?: number): Promise<{ url: string; origin: string; close(): Promise<void> }>;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: { error?: { code?: string; field?: string; message?: string } } & Record<string, unknown>;
  readonly headers: Headers;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the assertions on `json` will say so
  }
  return { status: res.status, text, json, headers: res.headers };
}

/** Defines the suite for one example. */
export function describeExampleApp(name: string, example: ExampleModule): void {
  const { ROOM, DEMO_KEYS } = example;

  describe(`${name}: the example app over real HTTP`, () => {
    let app: { url: string; origin: string; close(): Promise<void> };
    let admin: Pubnub;
    const streams: SseClient[] = [];

    beforeEach(async () => {
      app = await example.start(0, 100);
      admin = new Pubnub({ ...DEMO_KEYS, origin: app.origin });
    });

    afterEach(async () => {
      for (const stream of streams.splice(0)) stream.close();
      await admin.close();
      await app.close();
    });

    const signIn = async (user: string): Promise<string> => {
      const answer = await call(`${app.url}/auth`, { method: 'POST', headers: { 'x-user': user } });
      expect(answer.status, answer.text).to.equal(200);
      return answer.json.authKey as string;
    };
    const publish = (user: string, authKey: string | undefined, body: string, type = 'application/json') =>
      call(`${app.url}/publish`, {
        method: 'POST',
        headers: { 'content-type': type, 'x-user': user, ...(authKey ? { 'x-pubnub-auth': authKey } : {}) },
        body,
      });
    const open = async (query: string, headers: Record<string, string> = {}): Promise<SseClient> => {
      const stream = await SseClient.open(`${app.url}/events${query}`, headers);
      streams.push(stream);
      return stream;
    };

    it('serves the page with its browser script', async () => {
      const page = await call(`${app.url}/`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      expect(page.text).to.contain('new EventSource').and.to.contain('/auth');
    });

    it('auth: grants the signed-in user the room and tells the browser no secret', async () => {
      const answer = await call(`${app.url}/auth`, { method: 'POST', headers: { 'x-user': 'ann' } });
      expect(answer.status).to.equal(200);
      expect(answer.headers.get('cache-control')).to.equal('no-store');
      expect(answer.json).to.deep.include({
        channels: { read: [ROOM], write: [ROOM] },
        ttl: 60,
        origin: app.origin,
        subscribeKey: DEMO_KEYS.subscribeKey,
        publishKey: DEMO_KEYS.publishKey,
      });
      expect(answer.json.authKey).to.be.a('string').with.length.above(20);
      expect(answer.text).not.to.contain(DEMO_KEYS.secretKey);
      const audit = await admin.audit({ channel: ROOM, authKey: answer.json.authKey as string });
      expect(audit.payload.channels[ROOM]?.auths[answer.json.authKey as string]).to.include({ r: true, w: true });
    });

    it('auth: answers 403 JSON when the app refuses the user', async () => {
      const answer = await call(`${app.url}/auth`, { method: 'POST' });
      expect(answer.status).to.equal(403);
      expect(answer.json.error?.code).to.equal('FORBIDDEN');
    });

    it('views: two concurrent requests with different auth keys each get their own grants', async () => {
      const granted = await signIn('ann');
      const stranger = 'never-granted-key';
      const [mine, theirs] = await Promise.all([
        publish('ann', granted, JSON.stringify({ channel: ROOM, message: 'hi' })),
        publish('bob', stranger, JSON.stringify({ channel: ROOM, message: 'hi' })),
      ]);
      expect(mine.status, mine.text).to.equal(200);
      expect(mine.json.timetoken).to.match(/^\d{17}$/);
      expect(theirs.status, theirs.text).to.equal(403);
      expect(theirs.json.error?.code).to.equal('PN_ACCESS_DENIED');
      expect(theirs.text).not.to.contain(stranger);
      // The granted key is held to its grant too: only the room.
      const elsewhere = await publish('ann', granted, JSON.stringify({ channel: 'elsewhere', message: 'hi' }));
      expect(elsewhere.status).to.equal(403);
      expect(elsewhere.text).not.to.contain(granted);
    });

    it('publish: bad bodies are 400 JSON, never a stack trace', async () => {
      const authKey = await signIn('ann');
      const missing = await publish('ann', authKey, JSON.stringify({ message: 'no channel' }));
      expect(missing.status).to.equal(400);
      expect(missing.json.error).to.deep.include({ code: 'PN_VALIDATION', field: 'channel' });
      const notJson = await publish('ann', authKey, '{"channel": "lobby", nope');
      expect(notJson.status).to.equal(400);
      expect(notJson.json.error?.code).to.equal('BAD_REQUEST');
      const big = await publish('ann', authKey, JSON.stringify({ channel: ROOM, message: 'x'.repeat(33 * 1024) }));
      expect(big.status).to.equal(400);
      expect(big.json.error?.code).to.equal('PN_VALIDATION');
      const huge = await publish('ann', authKey, JSON.stringify({ channel: ROOM, message: 'x'.repeat(70 * 1024) }));
      expect(huge.status).to.equal(413);
      for (const answer of [missing, notJson, big, huge]) {
        expect(answer.headers.get('content-type')).to.match(/^application\/json/);
        expect(answer.text).not.to.match(/\bat .+:\d+:\d+/);
        expect(answer.text).not.to.contain(authKey);
      }
    });

    it('events: 403 JSON without a user, otherwise the stream of the room with timetoken ids', async () => {
      const refused = await open('');
      expect(refused.response.status).to.equal(403);
      expect(await refused.response.json()).to.deep.equal({
        error: { code: 'FORBIDDEN', message: 'not allowed for this user' },
      });
      const stream = await open('?user=ann');
      expect(stream.response.headers.get('content-type')).to.match(/^text\/event-stream/);
      await stream.waitFor((f) => f.comment === 'connected');
      const authKey = await signIn('ann');
      // The relay's subscription may still be handshaking: publish until one arrives.
      let timetoken = '';
      for (let i = 0; i < 20 && !stream.events.some((e) => e.event === 'message'); i += 1) {
        const sent = await publish('ann', authKey, JSON.stringify({ channel: ROOM, message: { text: `hello ${i}` } }));
        timetoken = sent.json.timetoken as string;
        await stream.waitFor((f) => f.id === timetoken, 300).catch(() => undefined);
      }
      const event = await stream.waitFor((f) => f.id === timetoken);
      expect(event.event).to.equal('message');
      expect(JSON.parse(event.data ?? '')).to.deep.include({ channel: ROOM, timetoken, publisher: 'ann' });
      await stream.waitFor((f) => f.comment === 'heartbeat');
    });

    it('events: Last-Event-ID resumes from history, then goes on live, each message once', async () => {
      const sent: string[] = [];
      for (const text of ['one', 'two', 'three']) {
        const [, , timetoken] = await admin.publish(ROOM, { text });
        sent.push(timetoken);
      }
      const stream = await open('?user=ann', { 'last-event-id': sent[0] as string });
      await stream.waitFor((f) => f.id === sent[2]);
      const [, , live] = await admin.publish(ROOM, { text: 'four' });
      await stream.waitFor((f) => f.id === live);
      const ids = stream.events.filter((e) => e.event === 'message').map((e) => e.id);
      expect(ids).to.deep.equal([sent[1], sent[2], live]);
    });

    it('events: a browser that goes away releases the upstream subscription', async () => {
      const stream = await open('?user=ann');
      await stream.waitFor((f) => f.comment === 'connected');
      await until(async () => (await admin.hereNow(ROOM)).occupancy === 1, 'occupancy 1', 5000, 50);
      stream.close();
      await until(async () => (await admin.hereNow(ROOM)).occupancy === 0, 'occupancy 0', 5000, 50);
    });
  });
}
