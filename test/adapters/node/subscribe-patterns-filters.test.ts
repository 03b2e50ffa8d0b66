/**
 * Issue 12, client side: wildcard subscribe, `filterExpression` and `state` on subscribe in `@pubkit/node`, end to
 * end against the real server on port 0. A pattern (`a.*`, `a.b.*`) is a channel of the set (validation allows `*`
 * only there), a filter goes with the set as `filter-expr` (a change re-handshakes without loss; a syntax error is
 * the server's 400, reported once and never retried), and a subscription's `state` is announced on the handshake
 * and the heartbeats.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type MessageEnvelope,
  Pubnub,
  PubnubServiceError,
  PubnubValidationError,
  type SubscribeStatus,
} from '@pubkit/node';
import { expect } from 'chai';
import { Feed } from '../../compat/feed.js';
import { channelName, until, useHarness } from './support/server.js';

describe('node client: wildcard subscribe (issue 12)', () => {
  const h = useHarness({ pollTimeoutMs: 1_000 });

  it('a.* receives a.b and a.b.c with subscription a.*, not a itself nor b.x; a.b.* only the deeper ones', async () => {
    const stem = channelName('w').replaceAll('-', '_');
    const client = h().client();
    const top = new Feed<MessageEnvelope>();
    const deep = new Feed<MessageEnvelope>();
    const statuses = new Feed<string>();
    client.subscribe(`${stem}.*`, { callback: (_m, _c, e) => top.push(e), status: (s) => statuses.push(s.category) });
    client.subscribe({ channels: [`${stem}.b.*`], callback: (_m, _c, e) => deep.push(e) });
    await statuses.until((s) => s.includes('connected'), 'connected');
    const publisher = h().client();
    await publisher.publish(stem, 'the stem itself');
    await publisher.publish(`other.x`, 'elsewhere');
    await publisher.publish(`${stem}.b`, 'one level');
    await publisher.publish(`${stem}.b.c`, 'two levels');
    await top.until((items) => items.length >= 2, 'both matching messages');
    await deep.until((items) => items.length >= 1, 'the deeper message');
    expect(top.items.map((e) => [e.message, e.channel])).to.deep.equal([
      ['one level', `${stem}.b`],
      ['two levels', `${stem}.b.c`],
    ]);
    expect(top.items[0]!.subscription).to.equal(`${stem}.*`);
    expect(deep.items.map((e) => e.message)).to.deep.equal(['two levels']);
  });

  it('a pattern handle still gets a message whose channel another handle named (one envelope, two handles)', async () => {
    const stem = channelName('w').replaceAll('-', '_');
    const client = h().client();
    const viaPattern = new Feed<unknown>();
    const direct = new Feed<unknown>();
    const connected = new Feed<string>();
    const connect = (channel: string) => connected.push(channel);
    client.subscribe(`${stem}.*`, { callback: (m) => viaPattern.push(m), connect });
    client.subscribe(`${stem}.room`, { callback: (m) => direct.push(m), connect });
    await connected.until((items) => items.length >= 2, 'both handles connected');
    // The server names the channel as the message's subscription (a named channel wins over a pattern).
    await h().client().publish(`${stem}.room`, 'hello');
    await direct.until((items) => items.length === 1, 'direct');
    await viaPattern.until((items) => items.length === 1, 'via the pattern');
  });

  it('`*` anywhere but a trailing .* of one or two levels is a PubnubValidationError; publish refuses patterns', async () => {
    const client = h().client();
    for (const bad of ['*', 'a*', 'a.*.c', 'a.b.c.*', '.*', 'a..*', 'a.*b', 'a b.*']) {
      expect(() => client.subscribe(bad, { callback: () => undefined }), bad).to.throw(PubnubValidationError);
    }
    expect(() => client.subscribe({ channels: ['ok.*', 'a.*.c'] })).to.throw(PubnubValidationError, /a\.\*\.c/);
    expect(() => client.publish('a.*', 'x')).to.throw(PubnubValidationError);
  });

  it('withPresence on a.*: presence of a matching channel arrives through a.*-pnpres', async () => {
    const stem = channelName('w').replaceAll('-', '_');
    const watcher = h().client({ uuid: 'watcher' });
    const joins = new Feed<[string, string]>();
    const statuses = new Feed<string>();
    watcher.subscribe({
      channels: [`${stem}.*`],
      withPresence: true,
      presence: (event, channel, envelope) => {
        if (event.uuid === 'joiner') joins.push([channel, envelope.subscription]);
      },
      status: (s) => statuses.push(s.category),
    });
    await statuses.until((s) => s.includes('connected'), 'connected');
    h().client({ uuid: 'joiner' }).subscribe(`${stem}.lobby`);
    const got = await joins.until((items) => items.length >= 1, 'join');
    expect(got[0]).to.deep.equal([`${stem}.lobby`, `${stem}.*-pnpres`]);
  });
});

describe('node client: filterExpression (issue 12)', () => {
  const h = useHarness({ pollTimeoutMs: 1_000 });

  it('the constructor option filters on meta; setFilterExpression re-handshakes and loses nothing published meanwhile', async () => {
    const ch = channelName('f');
    const client = h().client({ filterExpression: 'meta.priority > 2' });
    expect(client.getFilterExpression()).to.equal('meta.priority > 2');
    const feed = new Feed<unknown>();
    const statuses = new Feed<string>();
    client.subscribe(ch, { callback: (m) => feed.push(m), status: (s) => statuses.push(s.category) });
    await statuses.until((s) => s.includes('connected'), 'connected');
    const publisher = h().client();
    await publisher.publish(ch, 'low', { meta: { priority: 1 } });
    await publisher.publish(ch, 'high', { meta: { priority: 5 } });
    await feed.until((items) => items.length >= 1, 'high');
    client.setFilterExpression("meta.kind == 'alert'");
    expect(client.getFilterExpression()).to.equal("meta.kind == 'alert'");
    // Published before the new handshake is answered: the handshake resumes from the kept cursor.
    await publisher.publish(ch, 'an alert', { meta: { kind: 'alert', priority: 0 } });
    await publisher.publish(ch, 'chatter', { meta: { kind: 'chat', priority: 9 } });
    await statuses.until((s) => s.includes('subscriptionChanged'), 'the re-handshake');
    await feed.until((items) => items.length >= 2, 'the alert');
    client.setFilterExpression(undefined);
    expect(client.getFilterExpression()).to.equal(undefined);
    await statuses.until((s) => s.filter((c) => c === 'subscriptionChanged').length >= 2, 'the second re-handshake');
    await publisher.publish(ch, 'anything');
    await feed.until((items) => items.length >= 3, 'anything');
    expect(feed.items).to.deep.equal(['high', 'an alert', 'anything']);
  });

  it('a filter with a syntax error: the 400 reaches error and status once, nothing retries; a fixed filter resumes', async () => {
    const ch = channelName('f');
    let told = 0;
    const client = h().client({ filterExpression: 'meta.a ==' });
    const errors = new Feed<unknown>();
    const statuses = new Feed<SubscribeStatus>();
    client.subscribe(ch, {
      callback: () => undefined,
      error: (e) => errors.push(e),
      status: (s) => {
        statuses.push(s);
        told += 1;
      },
    });
    await errors.until((items) => items.length >= 1, 'the error');
    const error = errors.items[0];
    expect(error).to.be.instanceOf(PubnubServiceError);
    expect((error as PubnubServiceError).upstream.status).to.equal(400);
    expect((error as Error).message).to.match(/position|column|char/i);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(errors.items).to.have.length(1);
    expect(statuses.items.map((s) => s.category)).to.deep.equal(['error']);
    expect(told).to.equal(1);
    client.setFilterExpression('meta.a == 1');
    await statuses.until((items) => items.some((s) => s.category === 'reconnected'), 'reconnected');
  });

  it('a filter that is not a string is a PubnubValidationError, from the constructor and the setter', () => {
    expect(() => h().client({ filterExpression: 42 as unknown as string })).to.throw(PubnubValidationError);
    const client = h().client();
    expect(() => client.setFilterExpression({} as unknown as string)).to.throw(PubnubValidationError);
    expect(client.getFilterExpression()).to.equal(undefined);
  });
});

describe('node client: state on subscribe (issue 12)', () => {
  it('is sent on the handshake and on each heartbeat as { channel: state, group: state }', async () => {
    const seen: { path: string; state: string | null }[] = [];
    const origin = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ path: url.pathname, state: url.searchParams.get('state') });
      res.setHeader('content-type', 'application/json');
      if (url.pathname.includes('/heartbeat')) {
        res.end('{"status":200,"message":"OK","service":"Presence"}');
      } else if (url.searchParams.get('tt') === null) {
        res.end('{"t":{"t":"17000000000000000","r":1},"m":[]}');
      } else {
        // Hold the long-poll until the client lets go.
        req.on('close', () => res.destroy());
      }
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const { port } = origin.address() as AddressInfo;
    const client = new Pubnub({
      subscribeKey: 'sub',
      publishKey: 'pub',
      origin: `http://127.0.0.1:${port}`,
      heartbeat: 10,
      heartbeatInterval: 1,
    });
    try {
      client.subscribe({
        channels: ['room'],
        channelGroups: ['cg'],
        state: { mood: 'calm' },
        callback: () => undefined,
      });
      await until(() => seen.filter((r) => r.path.includes('/heartbeat')).length >= 2, 'two heartbeats', 5_000);
      const expected = JSON.stringify({ room: { mood: 'calm' }, cg: { mood: 'calm' } });
      const handshake = seen.find((r) => r.path.startsWith('/v2/subscribe/'));
      expect(handshake?.state).to.equal(expected);
      for (const beat of seen.filter((r) => r.path.includes('/heartbeat'))) expect(beat.state).to.equal(expected);
    } finally {
      await client.close();
      origin.closeAllConnections();
      await new Promise((resolve) => origin.close(resolve));
    }
  });

  it('against the real server: here_now with state shows what the subscription announced', async () => {
    const h = await (await import('./support/server.js')).startHarness();
    try {
      const ch = channelName('s');
      const client = h.client({ uuid: 'stateful', heartbeat: 60 });
      const statuses = new Feed<string>();
      client.subscribe(ch, { state: { mood: 'calm' }, status: (s) => statuses.push(s.category) });
      await statuses.until((s) => s.includes('connected'), 'connected');
      await until(
        async () => JSON.stringify(await h.client().hereNow(ch, { includeState: true })).includes('calm'),
        'state in here_now',
      );
    } finally {
      await h.close();
    }
  });
});
