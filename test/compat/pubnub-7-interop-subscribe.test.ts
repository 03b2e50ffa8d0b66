/**
 * Issue 12 interop: pubkit's client and `pubnub@7.3.3` (the last MIT release of the official JS SDK) on one real
 * server (in-process, port 0). pubkit subscribes to a group the SDK registered, to a wildcard and with a filter,
 * and the SDK publishes; then the SDK subscribes to a group pubkit registered and to a wildcard, and pubkit
 * publishes. Both sides must name the same channel and subscription for each message.
 */
import { type MessageEnvelope, Pubnub, PubnubServiceError, PubnubValidationError } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { Feed } from './feed.js';
import { pubnub7, type Sdk7, type Sdk7Message } from './pubnub7.js';

const KEYS = { publishKey: 'pub-c-interop', subscribeKey: 'sub-c-interop' };

describe('compat: pubkit and pubnub@7.3.3 subscribe to groups, wildcards and filters on one server', () => {
  let server: RunningServer;
  const sdks: Sdk7[] = [];
  const pubkits: Pubnub[] = [];

  beforeEach(async () => {
    server = await startServer({ port: 0, pollTimeoutMs: 1_000, presenceSweepMs: 200 });
  });
  afterEach(async () => {
    for (const c of sdks.splice(0)) {
      c.unsubscribeAll();
      c.stop();
    }
    for (const p of pubkits.splice(0)) await p.close();
    await server.close();
  });

  function sdk(uuid: string): Sdk7 {
    const c = pubnub7({ url: server.url, ...KEYS, uuid });
    sdks.push(c);
    return c;
  }

  function pubkit(options: { uuid: string; filterExpression?: string }): Pubnub {
    const p = new Pubnub({ ...KEYS, origin: server.url, ...options });
    pubkits.push(p);
    return p;
  }

  /** A pubkit subscription (object form) and a wait for its `connected` status. */
  async function pubkitListen(p: Pubnub, what: { channels?: string[]; channelGroups?: string[] }) {
    const feed = new Feed<MessageEnvelope>();
    const statuses = new Feed<string>();
    p.subscribe({ ...what, callback: (_m, _c, e) => feed.push(e), status: (s) => statuses.push(s.category) });
    await statuses.until((s) => s.includes('connected'), 'pubkit connected');
    return feed;
  }

  /** An SDK subscription with a listener and a wait for PNConnectedCategory. */
  async function sdkListen(c: Sdk7, what: Parameters<Sdk7['subscribe']>[0]) {
    const feed = new Feed<Sdk7Message>();
    const statuses = new Feed<string>();
    c.addListener({ message: (m) => feed.push(m), status: (s) => statuses.push(s.category) });
    c.subscribe(what);
    await statuses.until((s) => s.includes('PNConnectedCategory'), 'SDK connected');
    return feed;
  }

  it('pubkit subscribes to a group the SDK registered; the SDK publishes to its members', async () => {
    const admin = sdk('admin');
    await admin.channelGroups.addChannels({ channelGroup: 'cg-interop', channels: ['m-1', 'm-2'] });
    const feed = await pubkitListen(pubkit({ uuid: 'reader' }), { channelGroups: ['cg-interop'] });
    await admin.publish({ channel: 'm-2', message: { n: 2 } });
    await admin.publish({ channel: 'not-a-member', message: { n: 0 } });
    await admin.publish({ channel: 'm-1', message: { n: 1 } });
    const got = await feed.until((items) => items.length >= 2, 'two member messages');
    expect(got.map((e) => [e.message, e.channel, e.subscription, e.publisher])).to.deep.equal([
      [{ n: 2 }, 'm-2', 'cg-interop', 'admin'],
      [{ n: 1 }, 'm-1', 'cg-interop', 'admin'],
    ]);
  });

  it('pubkit subscribes to a wildcard; the SDK publishes one and two levels down', async () => {
    const feed = await pubkitListen(pubkit({ uuid: 'reader' }), { channels: ['news.*'] });
    const writer = sdk('writer');
    await writer.publish({ channel: 'news', message: 'the stem' });
    await writer.publish({ channel: 'news.sport', message: 'one' });
    await writer.publish({ channel: 'news.sport.tennis', message: 'two' });
    const got = await feed.until((items) => items.length >= 2, 'both matching');
    expect(got.map((e) => [e.message, e.channel, e.subscription])).to.deep.equal([
      ['one', 'news.sport', 'news.*'],
      ['two', 'news.sport.tennis', 'news.*'],
    ]);
  });

  it("pubkit filters with filterExpression on the SDK's publish meta and uuid", async () => {
    const p = pubkit({ uuid: 'reader', filterExpression: "meta.level >= 3 && uuid != 'spammer'" });
    const feed = await pubkitListen(p, { channels: ['alerts'] });
    const ops = sdk('ops');
    const spammer = sdk('spammer');
    await ops.publish({ channel: 'alerts', message: 'minor', meta: { level: 1 } });
    await spammer.publish({ channel: 'alerts', message: 'spam', meta: { level: 9 } });
    await ops.publish({ channel: 'alerts', message: 'major', meta: { level: 4 } });
    const got = await feed.until((items) => items.length >= 1, 'major');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(got.map((e) => e.message)).to.deep.equal(['major']);
    // Swap the filter: the SDK's next publish that matches the new one arrives, the old match does not.
    p.setFilterExpression('meta.level < 2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ops.publish({ channel: 'alerts', message: 'major again', meta: { level: 5 } });
    await ops.publish({ channel: 'alerts', message: 'minor again', meta: { level: 0 } });
    await feed.until((items) => items.length >= 2, 'minor again');
    expect(feed.items.map((e) => e.message)).to.deep.equal(['major', 'minor again']);
  });

  it('the SDK subscribes to a group pubkit registered and to a wildcard; pubkit publishes', async () => {
    const p = pubkit({ uuid: 'pubkit-writer' });
    await p.channelGroups.addChannels({ channelGroup: 'cg-from-pubkit', channels: ['room-a'] });
    const feed = await sdkListen(sdk('sdk-reader'), { channelGroups: ['cg-from-pubkit'], channels: ['feed.*'] });
    await p.publish('room-a', { via: 'group' });
    await p.publish('feed.x', { via: 'wildcard' });
    const got = await feed.until((items) => items.length >= 2, 'both');
    expect(got.map((m) => [m.message, m.channel, m.subscription, m.publisher])).to.deep.equal([
      [{ via: 'group' }, 'room-a', 'cg-from-pubkit', 'pubkit-writer'],
      [{ via: 'wildcard' }, 'feed.x', 'feed.*', 'pubkit-writer'],
    ]);
  });

  it('bad input: pubkit refuses what the server would (bad group, `*` misplaced), and reports a bad filter once', async () => {
    const p = pubkit({ uuid: 'reader', filterExpression: '(meta.a == 1' });
    expect(() => p.subscribe({ channelGroups: ['bad group'] })).to.throw(PubnubValidationError);
    expect(() => p.subscribe({ channels: ['a.*.b'] })).to.throw(PubnubValidationError);
    const errors = new Feed<unknown>();
    p.subscribe({ channels: ['x'], callback: () => undefined, error: (e) => errors.push(e) });
    await errors.until((items) => items.length >= 1, 'the 400');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors.items).to.have.length(1);
    expect(errors.items[0]).to.be.instanceOf(PubnubServiceError);
    expect((errors.items[0] as PubnubServiceError).upstream.status).to.equal(400);
  });
});
