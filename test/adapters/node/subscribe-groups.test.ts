/**
 * Issue 12, client side: `@pubkit/node` subscribes to channel groups end to end against the real server on port 0.
 * Groups travel the same path as channels (the long-poll's `channel-group`, heartbeat, leave), the envelope names
 * both the channel and the group, `withPresence` adds `g-pnpres`, and the zero-loss rules hold for members: a
 * channel added to a group while subscribed is received from then on, and a break resumes from the kept cursor.
 */
import { type MessageEnvelope, type PresenceEvent, PubnubValidationError, type SubscribeStatus } from '@pubkit/node';
import { expect } from 'chai';
import { Feed } from '../../compat/feed.js';
import { channelName, until, useHarness } from './support/server.js';

describe('node client: subscribe to channel groups (issue 12)', () => {
  const h = useHarness({ presenceTimeoutSec: 300, presenceSweepMs: 100, pollTimeoutMs: 1_000 });

  /** A group holding `channels`, made through pubkit's own registry calls. */
  async function group(channels: string[]): Promise<string> {
    const name = channelName('cg');
    await h().client().channelGroups.addChannels({ channelGroup: name, channels });
    return name;
  }

  it('receives every member channel, not others; the envelope names the channel and the group', async () => {
    const [a, b, outside] = [channelName('a'), channelName('b'), channelName('x')];
    const g = await group([a, b]);
    const client = h().client({ uuid: 'reader' });
    const feed = new Feed<MessageEnvelope>();
    let connected = false;
    client.subscribe({
      channelGroups: [g],
      callback: (_m, _c, envelope) => feed.push(envelope),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connected');
    const publisher = h().client();
    await publisher.publish(outside, 'not mine');
    await publisher.publish(a, 'to a');
    await publisher.publish(b, 'to b');
    const got = await feed.until((items) => items.length >= 2, 'two messages');
    expect(got.map((e) => [e.message, e.channel, e.subscription])).to.deep.equal([
      ['to a', a, g],
      ['to b', b, g],
    ]);
  });

  it('a channel added to the group while subscribed is received from then on, the first message included', async () => {
    const [a, late] = [channelName('a'), channelName('late')];
    const g = await group([a]);
    const client = h().client();
    const feed = new Feed<MessageEnvelope>();
    let connected = false;
    client.subscribe({
      channelGroups: g,
      callback: (_m, _c, envelope) => feed.push(envelope),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connected');
    const admin = h().client();
    await admin.channelGroups.addChannels({ channelGroup: g, channels: [late] });
    // Published at once after the registry answered: the parked long-poll must not miss it.
    await admin.publish(late, 'first');
    await admin.publish(late, 'second');
    const got = await feed.until((items) => items.length >= 2, 'both messages of the added channel');
    expect(got.map((e) => [e.message, e.channel, e.subscription])).to.deep.equal([
      ['first', late, g],
      ['second', late, g],
    ]);
  });

  it('a break (disconnect, publish, reconnect) loses nothing of a member channel, and nothing twice', async () => {
    const a = channelName('a');
    const g = await group([a]);
    const client = h().client();
    const feed = new Feed<unknown>();
    const statuses = new Feed<string>();
    client.subscribe({
      channelGroups: [g],
      callback: (m) => feed.push(m),
      status: (s: SubscribeStatus) => statuses.push(s.category),
    });
    await statuses.until((s) => s.includes('connected'), 'connected');
    const publisher = h().client();
    await publisher.publish(a, 1);
    await feed.until((items) => items.length === 1, 'first');
    client.disconnect();
    await statuses.until((s) => s.includes('disconnected'), 'disconnected');
    await publisher.publish(a, 2);
    await publisher.publish(a, 3);
    client.reconnect();
    await statuses.until((s) => s.includes('reconnected'), 'reconnected');
    await publisher.publish(a, 4);
    await feed.until((items) => items.length >= 4, 'all four');
    // A moment more: a duplicate would come with the next poll.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(feed.items).to.deep.equal([1, 2, 3, 4]);
  });

  it('withPresence: g-pnpres delivers a member channel join to `presence` with the member channel; here_now and leave count the group subscriber on its members', async () => {
    const a = channelName('a');
    const g = await group([a]);
    const watcher = h().client({ uuid: 'watcher' });
    const events = new Feed<[PresenceEvent, string, MessageEnvelope]>();
    let connected = false;
    const watching = watcher.subscribe({
      channelGroups: [g],
      withPresence: true,
      presence: (event, channel, envelope) => events.push([event, channel, envelope]),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'watcher connected');
    const joiner = h().client({ uuid: 'joiner' });
    joiner.subscribe(a);
    const got = await events.until((items) => items.some(([e]) => e.uuid === 'joiner'), "joiner's join");
    const [join, channel, envelope] = got.find(([e]) => e.uuid === 'joiner')!;
    expect([join.action, channel, envelope.subscription]).to.deep.equal(['join', a, `${g}-pnpres`]);
    const here = await h().client().hereNow(a);
    expect(JSON.stringify(here)).to.contain('watcher');
    // Leaving the group (unsubscribe) sends a leave with channel-group: the watcher leaves the member at once.
    await watching.unsubscribe();
    await until(
      async () => !JSON.stringify(await h().client().hereNow(a)).includes('watcher'),
      'watcher left the member channel',
    );
  });

  it('unsubscribe({ channelGroups }) ends the handles of the group; a channel handle on a member is kept', async () => {
    const a = channelName('a');
    const g = await group([a]);
    const client = h().client();
    const viaGroup = client.subscribe({ channelGroups: [g], callback: () => undefined });
    const direct = client.subscribe(a, { callback: () => undefined });
    await client.unsubscribe({ channelGroups: [g] });
    expect(viaGroup.closed).to.equal(true);
    expect(direct.closed).to.equal(false);
  });

  it('bad group names are refused with PubnubValidationError before anything changes', () => {
    const client = h().client();
    const kept = client.subscribe(channelName('kept'), { callback: () => undefined });
    for (const bad of [['a,b'], ['has space'], [''], ['g*'], ['x'.repeat(93)], [42]]) {
      expect(() => client.subscribe({ channelGroups: bad as string[] }), JSON.stringify(bad)).to.throw(
        PubnubValidationError,
      );
    }
    expect(() => client.subscribe({ channels: [], channelGroups: [] })).to.throw(PubnubValidationError);
    expect(kept.closed).to.equal(false);
  });

  it('the object form refuses a second argument instead of dropping its options silently', () => {
    const client = h().client();
    expect(() => client.subscribe({ channelGroups: ['g-ok'] }, { callback: () => undefined })).to.throw(
      PubnubValidationError,
      /inside the object/,
    );
  });
});
