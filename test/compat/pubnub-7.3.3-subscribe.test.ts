/**
 * `pubnub@7.3.3` (the last MIT release of the official JS SDK) drives issue 12 against the real server: the
 * channel-group registry, subscribe through groups (with presence), wildcard subscribe, filter expressions with
 * publish `meta`, and `addListener`; and interoperates with pubkit's own client (pubkit publishes, the SDK
 * receives through a group and a filter). docs/protocol.md §2.4, §2.11; server/README.md.
 */
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { Feed } from './feed.js';
import { pubnub7, type Sdk7, type Sdk7Message, type Sdk7Presence, sdk7Status } from './pubnub7.js';

const KEYS = { publishKey: 'pub-c-sdk7', subscribeKey: 'sub-c-sdk7' };

describe('compat: pubnub@7.3.3 channel groups, wildcards, filters and listeners', () => {
  let server: RunningServer;
  const clients: Sdk7[] = [];
  const pubkits: Pubnub[] = [];

  beforeEach(async () => {
    server = await startServer({ port: 0, pollTimeoutMs: 1_000, presenceSweepMs: 200 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) {
      c.unsubscribeAll();
      c.stop();
    }
    for (const p of pubkits.splice(0)) await p.close();
    await server.close();
  });

  function sdk(uuid: string): Sdk7 {
    const c = pubnub7({ url: server.url, ...KEYS, uuid });
    clients.push(c);
    return c;
  }

  /** Subscribes with a listener and waits for PNConnectedCategory. */
  async function listen(c: Sdk7, what: Parameters<Sdk7['subscribe']>[0]) {
    const messages = new Feed<Sdk7Message>();
    const presence = new Feed<Sdk7Presence>();
    const statuses = new Feed<string>();
    c.addListener({
      message: (m) => messages.push(m),
      presence: (p) => presence.push(p),
      status: (s) => statuses.push(s.category),
    });
    c.subscribe(what);
    await statuses.until((s) => s.includes('PNConnectedCategory'), 'connected');
    return { messages, presence, statuses };
  }

  it('channelGroups.addChannels / listChannels / listGroups / removeChannels / deleteGroup', async () => {
    const c = sdk('admin');
    await c.channelGroups.addChannels({ channelGroup: 'cg-news', channels: ['sports', 'weather'] });
    await c.channelGroups.addChannels({ channelGroup: 'cg-other', channels: ['x'] });
    expect((await c.channelGroups.listChannels({ channelGroup: 'cg-news' })).channels).to.deep.equal([
      'sports',
      'weather',
    ]);
    expect((await c.channelGroups.listGroups()).groups).to.deep.equal(['cg-news', 'cg-other']);
    await c.channelGroups.removeChannels({ channelGroup: 'cg-news', channels: ['sports'] });
    expect((await c.channelGroups.listChannels({ channelGroup: 'cg-news' })).channels).to.deep.equal(['weather']);
    await c.channelGroups.deleteGroup({ channelGroup: 'cg-news' });
    expect((await c.channelGroups.listGroups()).groups).to.deep.equal(['cg-other']);
    const tooMany = Array.from({ length: 201 }, (_, i) => `c${i}`);
    expect(await sdk7Status(c.channelGroups.addChannels({ channelGroup: 'cg-big', channels: tooMany }))).to.equal(400);
  });

  it('subscribes through a group with presence: message.subscription is the group, presence comes from g-pnpres', async () => {
    const admin = sdk('admin');
    await admin.channelGroups.addChannels({ channelGroup: 'rooms', channels: ['room-1', 'room-2'] });
    const watcher = sdk('watcher');
    const feed = await listen(watcher, { channelGroups: ['rooms'], withPresence: true });
    const alice = sdk('alice');
    await listen(alice, { channels: ['room-2'] });
    await feed.presence.until((p) => p.some((e) => e.uuid === 'alice'), "alice's join");
    const join = feed.presence.items.find((e) => e.uuid === 'alice')!;
    expect([join.action, join.channel, join.subscription]).to.deep.equal(['join', 'room-2', 'rooms']);
    await admin.publish({ channel: 'room-1', message: { text: 'hello group' } });
    await feed.messages.until((m) => m.length === 1, 'the group message');
    const m = feed.messages.items[0]!;
    expect([m.channel, m.subscription, m.message, m.publisher]).to.deep.equal([
      'room-1',
      'rooms',
      { text: 'hello group' },
      'admin',
    ]);
    // A channel added while subscribed is delivered from its first message.
    await admin.channelGroups.addChannels({ channelGroup: 'rooms', channels: ['room-3'] });
    await admin.publish({ channel: 'room-3', message: 'late room' });
    await feed.messages.until((ms) => ms.some((x) => x.channel === 'room-3'), 'the added channel');
    expect(feed.messages.items.at(-1)!.subscription).to.equal('rooms');
  });

  it('wildcard subscribe a.*: channel and subscription as the SDK reports them', async () => {
    const sub = sdk('wild');
    const feed = await listen(sub, { channels: ['scores.*'] });
    const pub = sdk('publisher');
    await pub.publish({ channel: 'scores.football', message: 1 });
    await pub.publish({ channel: 'other.football', message: 2 });
    await pub.publish({ channel: 'scores.tennis.final', message: 3 });
    await feed.messages.until((m) => m.length === 2, 'two wildcard messages');
    expect(feed.messages.items.map((m) => [m.channel, m.subscription, m.message])).to.deep.equal([
      ['scores.football', 'scores.*', 1],
      ['scores.tennis.final', 'scores.*', 3],
    ]);
  });

  it('setFilterExpression with publish meta; pubkit publishes, the SDK receives through a group and a filter', async () => {
    const admin = sdk('admin');
    await admin.channelGroups.addChannels({ channelGroup: 'alerts', channels: ['alerts-eu'] });
    const sub = sdk('filtered');
    sub.setFilterExpression("meta.level >= 3 && meta.region LIKE 'eu*' && uuid != 'filtered'");
    const feed = await listen(sub, { channelGroups: ['alerts'] });
    await admin.publish({ channel: 'alerts-eu', message: 'low', meta: { level: 1, region: 'eu-west' } });
    await sub.publish({ channel: 'alerts-eu', message: 'own', meta: { level: 5, region: 'eu-west' } });
    await admin.publish({ channel: 'alerts-eu', message: 'us', meta: { level: 5, region: 'us-east' } });
    const pubkit = new Pubnub({ ...KEYS, origin: server.url, uuid: 'pubkit-publisher' });
    pubkits.push(pubkit);
    await pubkit.publish('alerts-eu', 'from pubkit', { meta: { level: 4, region: 'eu-north' } });
    await admin.publish({ channel: 'alerts-eu', message: 'high', meta: { level: 9, region: 'eu-west' } });
    await feed.messages.until((m) => m.length === 2, 'the two accepted messages');
    expect(feed.messages.items.map((m) => [m.message, m.subscription, m.publisher, m.userMetadata])).to.deep.equal([
      ['from pubkit', 'alerts', 'pubkit-publisher', { level: 4, region: 'eu-north' }],
      ['high', 'alerts', 'admin', { level: 9, region: 'eu-west' }],
    ]);
  });

  it('a filter with a syntax error reaches the SDK as a 400 through its status listener', async () => {
    const sub = sdk('bad-filter');
    sub.setFilterExpression('meta.level >=');
    const statuses = new Feed<{ category: string; error?: unknown }>();
    sub.addListener({ status: (s) => statuses.push(s) });
    sub.subscribe({ channels: ['any'] });
    await statuses.until((s) => s.some((x) => x.category === 'PNBadRequestCategory'), 'a bad-request status');
  });
});
