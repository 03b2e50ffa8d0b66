/**
 * Issue 9 items 6, 9 and 12 end to end: a real `Pubnub` client over real HTTP against a misbehaving responder on
 * port 0 (`support/bad-responder.ts`).
 * - item 6: instant empty answers with the same cursor, a cursor of "0", or one without a region used to drive
 *   1,500–1,800 polls a second with no error;
 * - item 12: `Retry-After` on 429/503 was ignored;
 * - item 9: a service that comes back from a restart in another region lost what it held: `gap` and backfill.
 */
import {
  Pubnub,
  type PubnubError,
  PubnubMalformedResponseError,
  type StatusEvent,
  type SubscribeStatus,
} from '@pubkit/node';
import { expect } from 'chai';
import { type BadResponder, startBadResponder } from './support/bad-responder.js';
import { until } from './support/server.js';

const T0 = '17958824830000000';
const T1 = '17958824850000000';
const T2 = '17958824870000000';

/** One request seen, with its arrival time. */
interface Seen {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly atMs: number;
}

/** What the scripted origin answers: a body (status, headers), or `'hold'` to leave the request open. */
type Answer = { readonly status?: number; readonly body: string; readonly headers?: Record<string, string> } | 'hold';

/** A `bad-responder` answering each request with `respond`, recording what it saw. */
async function scripted(respond: (req: Seen) => Answer): Promise<BadResponder & { subscribes(): Seen[] }> {
  const seen: Seen[] = [];
  const responder = await startBadResponder((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const entry = { path: url.pathname, query: url.searchParams, atMs: performance.now() };
    seen.push(entry);
    const answer = respond(entry);
    if (answer === 'hold') return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
  });
  return Object.assign(responder, { subscribes: () => seen.filter((r) => r.path.startsWith('/v2/subscribe/')) });
}

/** A v2 subscribe body. */
function subscribeBody(timetoken: string, region: number | undefined, messages: unknown[] = []): string {
  return JSON.stringify({ t: region === undefined ? { t: timetoken } : { t: timetoken, r: region }, m: messages });
}

describe('node client: odd subscribe answers (issue 9 items 6, 9, 12)', () => {
  let responder: (BadResponder & { subscribes(): Seen[] }) | undefined;
  let client: Pubnub | undefined;
  afterEach(async () => {
    await client?.close();
    await responder?.close();
    client = undefined;
    responder = undefined;
  });

  function connect(url: string, retry = {}): Pubnub {
    client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin: url, retry });
    return client;
  }

  it('instant empty answers with the same cursor are paced, not a storm', async () => {
    responder = await scripted(() => ({ body: subscribeBody(T0, 1) }));
    const pubnub = connect(responder.url);
    let connected = false;
    pubnub.subscribe('room', {
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Unpaced this was ~2,500 polls in 1.5 s; paced: the first echo waits 1 s (+ jitter), the next 2 s.
    expect(responder.subscribes().length).to.be.within(2, 5);
  });

  for (const [what, body] of [
    ['a cursor of "0"', subscribeBody('0', 1)],
    ['a cursor without a region', subscribeBody(T0, undefined)],
  ] as const) {
    it(`${what} is a malformed answer: backed off, reported on the error path`, async () => {
      responder = await scripted(() => ({ body }));
      const pubnub = connect(responder.url, { baseDelayMs: 200, maxDelayMs: 800, jitterMs: 0 });
      const errors: PubnubError[] = [];
      const statuses: SubscribeStatus[] = [];
      const listened: StatusEvent[] = [];
      pubnub.addListener({ status: (s) => listened.push(s) });
      pubnub.subscribe('room', { error: (err) => errors.push(err), status: (s) => statuses.push(s) });
      await until(() => errors.length > 0, 'error callback');
      expect(errors[0]).to.be.instanceOf(PubnubMalformedResponseError);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // 0 ms, then 200, 400, 800 ms apart: at most 4 requests in the first 1.4 s, where the storm made thousands.
      expect(responder.subscribes().length).to.be.within(2, 4);
      expect(errors).to.have.length(1);
      expect(statuses.map((s) => s.category)).to.deep.equal(['disconnected']);
      // A client-wide listener hears it under the official SDK's category (issue 12).
      expect(listened.map((s) => s.category)).to.deep.equal(['PNMalformedResponseCategory']);
      expect(listened[0]).to.deep.include({ error: true, statusCode: 200, errorData: errors[0] });
    });
  }

  for (const status of [429, 503]) {
    it(`Retry-After on a ${status} is honoured by the subscribe backoff`, async () => {
      let refused = false;
      responder = await scripted((req) => {
        if (req.path.startsWith('/v2/subscribe/') && !refused) {
          refused = true;
          return { status, headers: { 'retry-after': '2' }, body: `{"status":${status},"error":true}` };
        }
        return req.query.has('tt') ? 'hold' : { body: subscribeBody(T0, 1) };
      });
      const pubnub = connect(responder.url, { baseDelayMs: 50, maxDelayMs: 100, jitterMs: 0 });
      let reconnected = false;
      pubnub.subscribe('room', {
        connect: () => {
          reconnected = true;
        },
      });
      await until(() => reconnected, 'connected after the wait', 5000);
      const [first, second] = responder.subscribes();
      expect(second!.atMs - first!.atMs).to.be.at.least(1900);
    });
  }

  it('a service back in another region lost what it held: gap { serviceLost }, and backfill fetches the range', async () => {
    let restarted = false;
    const history: string[] = [];
    responder = await scripted((req) => {
      // Backfill reads through the catch-up engine: fetch messages (docs/protocol.md §13.2), span (T0, T2].
      if (req.path.startsWith('/v3/history/')) {
        history.push(`${req.query.get('start')}..${req.query.get('end')}`);
        const entry = { message: 'acknowledged before the restart', timetoken: T1 };
        return { body: JSON.stringify({ status: 200, error: false, channels: { room: [entry] } }) };
      }
      if (!restarted) return req.query.has('tt') ? 'hold' : { body: subscribeBody(T0, 1) };
      // After the "restart": a fresh cursor in region 2, then nothing more.
      return req.query.get('tt') === T2 ? 'hold' : { body: subscribeBody(T2, 2) };
    });
    const pubnub = connect(responder.url, { baseDelayMs: 50, maxDelayMs: 100, jitterMs: 0 });
    const statuses: SubscribeStatus[] = [];
    const got: unknown[] = [];
    let connected = false;
    // A client-wide status listener hears the gap under pubkit's own category (issue 12).
    const listened: StatusEvent[] = [];
    pubnub.addListener({ status: (s) => listened.push(s) });
    pubnub.subscribe('room', {
      backfill: true,
      callback: (m) => got.push(m),
      status: (s) => statuses.push(s),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected && responder!.subscribes().length === 2, 'connected and polling');
    restarted = true;
    responder.dropConnections();
    await until(() => got.length === 1, 'backfilled message');
    expect(got).to.deep.equal(['acknowledged before the restart']);
    const gap = statuses.find((s) => s.category === 'gap');
    expect(gap).to.include({ reason: 'serviceLost', from: T0, to: T2 });
    const gapStatus = listened.find((s) => s.category === 'PNGapCategory');
    expect(gapStatus).to.deep.include({ lastTimetoken: T0, currentTimetoken: T2, error: false, detail: gap });
    // `start` is exclusive (T2 + 1 keeps T2 in), `end` inclusive (T0 + 1 leaves T0 out).
    expect(history).to.deep.equal([`${BigInt(T2) + 1n}..${BigInt(T0) + 1n}`]);
  });
});
