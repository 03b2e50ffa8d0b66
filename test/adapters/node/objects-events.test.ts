/**
 * App Context events end to end (docs/protocol.md §14.5, §14.8): changes made through `pubnub.objects` reach a
 * subscription's per-call `objects` callback and `addListener({ objects })`, typed, on the channel and on the
 * user's uuid channel, and never the message `callback`.
 */
import type { ObjectsEvent } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, until, useHarness } from './support/server.js';

describe('node client: App Context events', () => {
  const h = useHarness();

  it('set and delete of a channel, a user and a membership reach per-call callbacks and listeners', async () => {
    const ch = channelName('watched');
    const who = channelName('watched-user');
    const watcher = h().client({ uuid: channelName('watcher') });
    const perCall: ObjectsEvent[] = [];
    const viaListener: ObjectsEvent[] = [];
    const messages: unknown[] = [];
    const connected = new Set<string>();
    watcher.addListener({ objects: (e) => viaListener.push(e) });
    watcher.subscribe([ch, who], {
      objects: (event) => perCall.push(event),
      callback: (m) => messages.push(m),
      connect: (c) => connected.add(c),
    });
    await until(() => connected.has(ch) && connected.has(who), 'the subscription to connect');

    const writer = h().client({ uuid: who });
    await writer.objects.setChannelMetadata({ channel: ch, data: { name: 'Watched', custom: { n: 1 } } });
    await writer.objects.setUUIDMetadata({ data: { name: 'Who' } });
    await writer.objects.setMemberships({ channels: [{ id: ch, status: 'active' }] });
    await writer.objects.removeMemberships({ channels: [ch] });
    await writer.objects.removeChannelMetadata({ channel: ch });

    // The membership events arrive twice here: once on the channel, once on the user's channel.
    await until(() => perCall.length >= 7 && viaListener.length >= 7, 'seven object events', 10_000);
    const seen = perCall.map((e) => `${e.channel === ch ? 'ch' : 'who'}:${e.message.event}:${e.message.type}`);
    expect(seen.filter((s) => s.startsWith('ch:'))).to.deep.equal([
      'ch:set:channel',
      'ch:set:membership',
      'ch:delete:membership',
      'ch:delete:channel',
    ]);
    expect(seen.filter((s) => s.startsWith('who:'))).to.deep.equal([
      'who:set:uuid',
      'who:set:membership',
      'who:delete:membership',
    ]);
    expect(viaListener.map((e) => e.timetoken)).to.deep.equal(perCall.map((e) => e.timetoken));
    expect(messages).to.deep.equal([]);

    const channelSet = perCall.find((e) => e.message.type === 'channel' && e.message.event === 'set');
    expect(channelSet?.message.data).to.include({ id: ch, name: 'Watched' });
    expect(channelSet?.publisher).to.equal(who);
    const membership = perCall.find((e) => e.message.type === 'membership' && e.message.event === 'set');
    if (membership?.message.type !== 'membership') expect.fail('no membership event');
    expect(membership.message.data.channel.id).to.equal(ch);
    expect(membership.message.data.uuid.id).to.equal(who);
    expect(membership.message.data).to.include({ status: 'active' });
    const deleted = perCall.find((e) => e.message.type === 'channel' && e.message.event === 'delete');
    expect(deleted?.message.data).to.include({ id: ch });
  });
});
