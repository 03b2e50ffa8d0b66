/**
 * The classic JS SDK 3.16.5, unmodified, drives issue 12's channel groups and wildcard subscribe against the real
 * server: the `channel_group_*` registry calls, a v1 long-poll on `channel-group` (4-element answers: group, real
 * channel) and on a wildcard pattern; messages published by 3.x and by pubkit's own client.
 * docs/protocol.md §2.3, §2.11, quirk 21.
 */
import { expect } from 'chai';
import { type Rig, startRig } from './rig.js';

const KEYS = { publishKey: 'pub-c-groups3', subscribeKey: 'sub-c-groups3' };

/** [subscription, real channel] of each message of a v1 answer `[msgs, tt, subscriptions, channels]`. */
function routes(envelope: unknown): [string, string][] {
  const [, , subs, reals] = envelope as [unknown, string, string, string];
  const real = reals.split(',');
  return subs.split(',').map((sub, i) => [sub, real[i]!]);
}

describe('compat: JS SDK 3.16.5 channel groups and wildcard subscribe', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(KEYS);
  });
  afterEach(async () => {
    await rig?.close();
  });

  it('channel_group_add_channel / list_channels / list_groups / remove_channel / remove_group', async () => {
    const c = rig.classic({ uuid: 'js3-registry' });
    await c.channelGroup('add_channel', { channel_group: 'cg3', channel: 'alpha,beta' });
    expect(await c.channelGroup('list_channels', { channel_group: 'cg3' })).to.deep.include({
      channels: ['alpha', 'beta'],
      group: 'cg3',
    });
    expect(await c.channelGroup('list_groups')).to.deep.include({ groups: ['cg3'] });
    await c.channelGroup('remove_channel', { channel_group: 'cg3', channel: 'alpha' });
    expect(await c.channelGroup('list_channels', { channel_group: 'cg3' })).to.deep.include({ channels: ['beta'] });
    await c.channelGroup('remove_group', { channel_group: 'cg3' });
    expect(await c.channelGroup('list_groups')).to.deep.include({ groups: [] });
  });

  it('subscribes to a group: the callback gets the group and the v1 answer names the group then the channel', async () => {
    const c = rig.classic({ uuid: 'js3-group-sub' });
    await c.channelGroup('add_channel', { channel_group: 'lobby', channel: 'lobby-1,lobby-2' });
    const sub = c.subscribe('', { channelGroup: 'lobby' });
    await sub.connects.until((ch) => ch.length > 0, 'connect');
    const writer = rig.classic({ uuid: 'js3-writer' });
    await writer.publish('lobby-2', { n: 1 });
    const pubkit = rig.pubkit({ uuid: 'pubkit-writer' });
    await pubkit.publish('lobby-1', { n: 2 });
    await sub.messages.until((m) => m.length === 2, 'two group messages');
    expect(sub.messages.items.map((d) => [d.message, d.channel])).to.deep.equal([
      [{ n: 1 }, 'lobby'],
      [{ n: 2 }, 'lobby'],
    ]);
    const seen = sub.messages.items.flatMap((d) => routes(d.envelope));
    expect(seen).to.deep.include.members([
      ['lobby', 'lobby-2'],
      ['lobby', 'lobby-1'],
    ]);
  });

  it('subscribes to a wildcard pattern: messages of matching channels only, routed by the pattern', async () => {
    const c = rig.classic({ uuid: 'js3-wild' });
    const sub = c.subscribe('stocks.*');
    await sub.connects.until((ch) => ch.length > 0, 'connect');
    const writer = rig.classic({ uuid: 'js3-writer' });
    await writer.publish('stocks.acme', 'up');
    await writer.publish('bonds.acme', 'flat');
    await writer.publish('stocks.acme.pref', 'down');
    await sub.messages.until((m) => m.length === 2, 'two wildcard messages');
    expect(sub.messages.items.map((d) => [d.message, d.channel])).to.deep.equal([
      ['up', 'stocks.*'],
      ['down', 'stocks.*'],
    ]);
    const seen = sub.messages.items.flatMap((d) => routes(d.envelope));
    expect(seen).to.deep.include.members([
      ['stocks.*', 'stocks.acme'],
      ['stocks.*', 'stocks.acme.pref'],
    ]);
  });
});
