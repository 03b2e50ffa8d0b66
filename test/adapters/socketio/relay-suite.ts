/**
 * The relay rules, run against every transport with real clients and a fake upstream (the fake counts upstream
 * subscribes; `upstream.test.ts` checks the same against the real server). Each rule of issue 6 has a test here.
 */

import type { BridgeClient } from '@pubkit/socketio';
import { expect } from 'chai';
import { until } from './event-log.js';
import { FakeUpstream } from './fake-upstream.js';
import type { Harness, HarnessOptions } from './harness.js';

/** Starts a harness for one transport. */
export type StartHarness = (client: BridgeClient, options: HarnessOptions) => Promise<Harness>;

/** `secret` is refused to everyone; `reader` may read but never write. */
export const policy: HarnessOptions['authorize'] = (user, channel, permission) =>
  channel !== 'secret' && (permission === 'read' || user !== 'reader');

/**
 * One harness per test on a fresh fake upstream, with `policy`, closed after each test: `open()` starts it and
 * `fake` is its upstream.
 */
export function useFakeBridge(start: StartHarness): {
  open(options?: Partial<HarnessOptions>): Promise<Harness>;
  readonly fake: FakeUpstream;
} {
  let fake: FakeUpstream | undefined;
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return {
    async open(options = {}) {
      fake = new FakeUpstream();
      harness = await start(fake, { authorize: policy, ...options });
      return harness;
    },
    get fake() {
      if (fake === undefined) throw new Error('open() a harness first');
      return fake;
    },
  };
}

/** Registers the rules suite for one transport. */
export function relaySuite(start: StartHarness): void {
  const bridge = useFakeBridge(start);

  it('holds one upstream subscription per channel and releases it when the last socket leaves', async () => {
    const h = await bridge.open();
    const [alice, bob] = [await h.connect('alice'), await h.connect('bob')];
    expect((await alice.request('subscribe', { channels: ['room'] })).result).to.deep.equal({ channels: ['room'] });
    expect((await bob.request('subscribe', { channels: ['room'] })).result).to.deep.equal({ channels: ['room'] });
    expect(bridge.fake.subscribeCalls).to.deep.equal([['room']]);
    expect((await alice.request('unsubscribe', { channels: ['room'] })).result).to.deep.equal({ channels: [] });
    expect(bridge.fake.liveChannels()).to.deep.equal(['room']);
    await bob.close();
    await until(() => bridge.fake.liveChannels().length === 0, 'the upstream unsubscribe');
    expect(h.bridge.stats()).to.include({ channels: 0, upstreamSubscribes: 1, upstreamUnsubscribes: 1 });
  });

  it('relays upstream messages and presence, and announces sockets joining', async () => {
    const h = await bridge.open();
    const [alice, bob] = [await h.connect('alice'), await h.connect('bob')];
    await alice.request('subscribe', { channels: ['room'] });
    await bob.request('subscribe', { channels: ['room'] });
    await alice.log.waitFor('presence', (p) => p.uuid === 'bob' && p.action === 'join');
    const timetoken = bridge.fake.inject('room', { text: 'hi' }, 'carol');
    for (const peer of [alice, bob]) {
      const got = await peer.log.waitFor('message');
      expect(got).to.deep.equal({ channel: 'room', message: { text: 'hi' }, timetoken, publisher: 'carol' });
    }
    bridge.fake.presence('room', 'join', 'dave', 3);
    const presence = await bob.log.waitFor('presence', (p) => p.uuid === 'dave');
    expect(presence).to.include({ channel: 'room', action: 'join', occupancy: 3 });
  });

  it('publishes for a socket allowed to write; 0 is a message', async () => {
    const h = await bridge.open();
    const [alice, bob] = [await h.connect('alice'), await h.connect('bob')];
    await bob.request('subscribe', { channels: ['room'] });
    const reply = await alice.request('publish', { channel: 'room', message: 0 });
    expect(reply.error).to.equal(null);
    expect(reply.result?.timetoken).to.match(/^\d{17}$/);
    expect((await bob.log.waitFor('message')).message).to.equal(0);
    expect(h.bridge.stats().published).to.equal(1);
  });

  it('refuses a publish the socket may not write, and publishes nothing', async () => {
    const h = await bridge.open();
    const reader = await h.connect('reader');
    const reply = await reader.request('publish', { channel: 'room', message: 'hello' });
    expect(reply.error?.code).to.equal('FORBIDDEN');
    expect(bridge.fake.published).to.deep.equal([]);
    expect(h.bridge.stats().denied).to.equal(1);
  });

  it('refuses a subscribe naming a channel authorize refuses, and subscribes nothing', async () => {
    const h = await bridge.open();
    const alice = await h.connect('alice');
    const reply = await alice.request('subscribe', { channels: ['room', 'secret'] });
    expect(reply.error).to.deep.include({ code: 'FORBIDDEN' });
    expect(bridge.fake.subscribeCalls).to.deep.equal([]);
    expect((await alice.request('unsubscribe', { channels: ['room'] })).result).to.deep.equal({ channels: [] });
  });

  it('refuses invalid channel names and malformed requests, changing nothing', async () => {
    const h = await bridge.open();
    const alice = await h.connect('alice');
    for (const bad of ['bad,name', 'a:b', '', 'x'.repeat(93), 'has space']) {
      const reply = await alice.request('subscribe', { channels: ['room', bad] });
      expect(reply.error?.code, bad).to.equal('INVALID_CHANNEL');
    }
    expect((await alice.request('publish', { channel: 'a*b', message: 1 })).error?.code).to.equal('INVALID_CHANNEL');
    expect((await alice.request('subscribe', { channels: 'room' })).error?.code).to.equal('BAD_REQUEST');
    expect((await alice.request('subscribe', { channels: ['room'], since: 12 })).error?.code).to.equal('BAD_REQUEST');
    expect((await alice.request('publish', { channel: 'room' })).error?.code).to.equal('BAD_REQUEST');
    expect(bridge.fake.subscribeCalls).to.deep.equal([]);
    expect(bridge.fake.published).to.deep.equal([]);
  });

  it('refuses a subscribe past maxChannelsPerSocket, keeping the channels it had', async () => {
    const h = await bridge.open({ maxChannelsPerSocket: 3 });
    const alice = await h.connect('alice');
    await alice.request('subscribe', { channels: ['a', 'b'] });
    expect((await alice.request('subscribe', { channels: ['b', 'c'] })).result).to.deep.equal({
      channels: ['a', 'b', 'c'],
    });
    expect((await alice.request('subscribe', { channels: ['d'] })).error?.code).to.equal('TOO_MANY_CHANNELS');
    expect(bridge.fake.subscribeCalls).to.have.length(3);
  });

  it('refuses a message over 32 KiB and publishes nothing', async () => {
    const h = await bridge.open();
    const alice = await h.connect('alice');
    const reply = await alice.request('publish', { channel: 'room', message: 'é'.repeat(16_400) });
    expect(reply.error?.code).to.equal('MESSAGE_TOO_LARGE');
    expect(bridge.fake.published).to.deep.equal([]);
  });

  it('fails the subscribe when the upstream subscription fails, holding nothing', async () => {
    const h = await bridge.open();
    const alice = await h.connect('alice');
    bridge.fake.failSubscribe = new Error('403 Forbidden');
    expect((await alice.request('subscribe', { channels: ['room'] })).error?.code).to.equal('UPSTREAM');
    expect(bridge.fake.liveChannels()).to.deep.equal([]);
    expect(h.bridge.stats().channels).to.equal(0);
  });

  it('announces joins one by one up to announceMax, then gathers them into interval events', async () => {
    const h = await bridge.open({ presence: { announceMax: 3, intervalMs: 100 } });
    const peers = [];
    for (let i = 1; i <= 8; i++) {
      const peer = await h.connect(`u${i}`);
      await peer.request('subscribe', { channels: ['room'] });
      peers.push(peer);
    }
    const first = peers[0]!;
    const interval = await first.log.waitFor('presence', (p) => p.action === 'interval' && p.occupancy === 8, 2000);
    const announced = first.log.of('presence').filter((p) => p.action === 'join');
    expect(announced.map((p) => p.uuid)).to.deep.equal(['u1', 'u2', 'u3']);
    // Joins past announceMax arrive as lists in interval events (one, or two if a timer fell mid-way), not 5 events.
    const intervals = first.log.of('presence').filter((p) => p.action === 'interval');
    expect(intervals.length).to.be.at.most(2);
    expect(intervals.flatMap((p) => p.join as string[])).to.deep.equal(['u4', 'u5', 'u6', 'u7', 'u8']);
    expect(interval).to.include({ channel: 'room', uuid: '' });
    // Leaving: u8 leaves and u7 goes and comes back within one interval, which is no change for u7.
    await peers[7]!.request('unsubscribe', { channels: ['room'] });
    await peers[6]!.request('unsubscribe', { channels: ['room'] });
    await peers[6]!.request('subscribe', { channels: ['room'] });
    const left = await first.log.waitFor('presence', (p) => p.action === 'interval' && p.leave !== undefined, 2000);
    expect(left).to.deep.include({ leave: ['u8'], occupancy: 7 });
    expect(left.join).to.equal(undefined);
  });

  it('sends hereNowRefresh instead of lists when more than maxDeltas changed in one interval', async () => {
    const h = await bridge.open({ presence: { announceMax: 1, intervalMs: 100, maxDeltas: 2 } });
    const peers = [];
    for (let i = 1; i <= 5; i++) {
      const peer = await h.connect(`u${i}`);
      await peer.request('subscribe', { channels: ['room'] });
      peers.push(peer);
    }
    const event = await peers[0]!.log.waitFor('presence', (p) => p.action === 'interval' && p.occupancy === 5, 2000);
    expect(event).to.include({ hereNowRefresh: true });
    expect(event.join).to.equal(undefined);
  });

  it('survives a client that throws synchronously from subscribe and from unsubscribe (issue 9 item 1)', async () => {
    const h = await bridge.open();
    const [alice, bob] = [await h.connect('alice'), await h.connect('bob')];
    bridge.fake.throwOnSubscribe = new Error('a name the client refuses');
    const refused = await alice.request('subscribe', { channels: ['odd'] });
    expect(refused.error?.code).to.equal('UPSTREAM');
    expect(h.bridge.stats()).to.include({ channels: 0 });
    bridge.fake.throwOnSubscribe = undefined;
    await alice.request('subscribe', { channels: ['room'] });
    await bob.request('subscribe', { channels: ['room'] });
    // Leaving from a disconnect handler: a throwing unsubscribe must not become an uncaught exception.
    bridge.fake.throwOnUnsubscribe = new Error('unsubscribe blew up');
    await alice.close();
    await bob.request('unsubscribe', { channels: ['room'] });
    await until(() => h.bridge.stats().sockets === 1 && h.bridge.stats().channels === 0, 'the channel released');
    bridge.fake.throwOnUnsubscribe = undefined;
    expect((await bob.request('subscribe', { channels: ['room'] })).error).to.equal(null);
    bridge.fake.inject('room', 'still relaying');
    await bob.log.waitFor('message', (p) => p.message === 'still relaying');
  });

  it('takes publishes in turns: a quiet socket waits for one publish of a flooding one, not for its queue', async () => {
    const h = await bridge.open({ publish: { maxInFlightPerChannel: 1, maxPendingPerSocket: 10 } });
    const [flooder, quiet] = [await h.connect('flooder'), await h.connect('quiet')];
    let open = (): void => undefined;
    bridge.fake.publishGate = new Promise((resolve) => {
      open = resolve;
    });
    const flood = [...Array(10).keys()].map((n) => flooder.request('publish', { channel: 'room', message: `f${n}` }));
    // The eleventh is over the flooder's share: refused at once, the others stay queued.
    expect((await flooder.request('publish', { channel: 'room', message: 'f10' })).error?.code).to.equal(
      'RATE_LIMITED',
    );
    const mine = quiet.request('publish', { channel: 'room', message: 'q0' });
    await until(() => h.bridge.stats().publishPending === 11, 'the publishes to queue');
    open();
    await Promise.all([...flood, mine]);
    const order = bridge.fake.published.map((p) => p.message);
    expect(order.indexOf('q0')).to.be.at.most(2);
    expect(order.filter((m) => m !== 'q0')).to.deep.equal([...Array(10).keys()].map((n) => `f${n}`));
    expect(h.bridge.stats()).to.include({ rateLimited: 1, publishPending: 0 });
  });

  it("drops a gone socket's waiting publishes and keeps the others'", async () => {
    const h = await bridge.open({ publish: { maxInFlightPerChannel: 1 } });
    const [leaver, stayer] = [await h.connect('leaver'), await h.connect('stayer')];
    let open = (): void => undefined;
    bridge.fake.publishGate = new Promise((resolve) => {
      open = resolve;
    });
    for (let n = 0; n < 5; n++) void leaver.request('publish', { channel: 'room', message: `l${n}` });
    const kept = stayer.request('publish', { channel: 'room', message: 's0' });
    await until(() => h.bridge.stats().publishPending === 6, 'the publishes to queue');
    await leaver.close();
    await until(() => h.bridge.stats().publishPending <= 2, "the leaver's waiting publishes to go");
    open();
    expect((await kept).error).to.equal(null);
    // Only the one already handed to the client went out for the socket that left.
    expect(bridge.fake.published.map((p) => p.message)).to.deep.equal(['l0', 's0']);
  });
}
