/**
 * The classic JS SDK 3.16.5, unmodified, against the real `@pubkit/server`: presence events at the 3.x `presence`
 * callback (join on subscribe, leave on unsubscribe), here_now (single and global, `sub_key` paths), where_now,
 * and state set/get (`sub-key` paths). docs/protocol.md §2.6–§2.10, §3, §12 quirks 5 and 20.
 */
import { expect } from 'chai';
import type { Delivery } from './js3-client.js';
import { channelName, type Rig, startRig } from './rig.js';

const KEYS = { publishKey: 'pub-c-presence', subscribeKey: 'sub-c-presence' };

interface Event {
  readonly action?: unknown;
  readonly uuid?: unknown;
  readonly occupancy?: unknown;
  readonly timestamp?: unknown;
  readonly data?: unknown;
}

/** Presence events for `uuid` with `action`. */
function events(feed: readonly Delivery[], action: string, uuid: string): Delivery[] {
  return feed.filter((d) => {
    const e = d.message as Event;
    return e.action === action && e.uuid === uuid;
  });
}

describe('compat: JS SDK 3.16.5 presence against the local server', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(KEYS);
  });
  afterEach(async () => {
    await rig?.close();
  });

  it('presence callback: join when another uuid subscribes, leave (from unsubscribe) with occupancy', async () => {
    const ch = channelName('js3-pres');
    const watcher = rig.classic({ uuid: 'js3-watcher' });
    const watch = watcher.subscribe(ch, { presence: true });
    await watch.connects.count(1, `watcher connect on ${ch}`);

    const visitor = rig.classic({ uuid: 'js3-visitor' });
    const visit = visitor.subscribe(ch);
    await visit.connects.count(1, `visitor connect on ${ch}`);

    const joined = await watch.presence.until(
      (f) => events(f, 'join', 'js3-visitor').length > 0,
      'join of js3-visitor',
    );
    const join = events(joined, 'join', 'js3-visitor')[0]!;
    expect(join.channel).to.equal(ch);
    const joinEvent = join.message as Event;
    expect(joinEvent.occupancy).to.equal(2);
    expect(joinEvent.timestamp).to.be.a('number');
    expect(Math.abs((joinEvent.timestamp as number) - Date.now() / 1000)).to.be.below(60);

    const leave = await visitor.unsubscribe(ch);
    expect(leave).to.include({ action: 'leave' });
    const left = await watch.presence.until((f) => events(f, 'leave', 'js3-visitor').length > 0, 'leave');
    const leaveEvent = events(left, 'leave', 'js3-visitor')[0]!;
    expect(leaveEvent.channel).to.equal(ch);
    expect(leaveEvent.message).to.include({ action: 'leave', uuid: 'js3-visitor', occupancy: 1 });
    // Presence events never reach the message callback.
    expect(watch.messages.items).to.deep.equal([]);
  });

  it('here_now: one channel (flat form), and global (payload with every channel, -pnpres not counted)', async () => {
    const one = channelName('js3-here-1');
    const two = channelName('js3-here-2');
    const a = rig.classic({ uuid: 'js3-here-a' });
    const b = rig.classic({ uuid: 'js3-here-b' });
    await a.subscribe(one, { presence: true }).connects.count(1, 'a connect');
    await b.subscribe([one, two]).connects.count(2, 'b connect');

    const single = (await a.hereNow({ channel: one })) as { uuids: string[]; occupancy: number };
    expect(single).to.include({ status: 200, occupancy: 2 });
    expect([...single.uuids].sort()).to.deep.equal(['js3-here-a', 'js3-here-b']);

    const global = (await a.hereNow()) as {
      channels: Record<string, { uuids: string[]; occupancy: number }>;
      total_channels: number;
      total_occupancy: number;
    };
    expect(Object.keys(global.channels).sort()).to.deep.equal([one, two].sort());
    expect(global.channels[one]!.occupancy).to.equal(2);
    expect([...global.channels[one]!.uuids].sort()).to.deep.equal(['js3-here-a', 'js3-here-b']);
    expect(global.channels[two]).to.deep.equal({ uuids: ['js3-here-b'], occupancy: 1 });
    expect([global.total_channels, global.total_occupancy]).to.deep.equal([2, 3]);
  });

  it('where_now: the channels a uuid is subscribed to', async () => {
    const one = channelName('js3-where-1');
    const two = channelName('js3-where-2');
    const b = rig.classic({ uuid: 'js3-where-b' });
    await b.subscribe([one, two]).connects.count(2, 'b connect');
    const asker = rig.classic({ uuid: 'js3-where-asker' });

    const where = (await asker.whereNow('js3-where-b')) as { channels: string[] };
    expect([...where.channels].sort()).to.deep.equal([one, two].sort());
    const nowhere = (await asker.whereNow('js3-where-nobody')) as { channels: string[] };
    expect(nowhere.channels).to.deep.equal([]);
  });

  it('state: set by one client, read by another, shown by here_now(state), announced as state-change', async () => {
    const ch = channelName('js3-state');
    const holder = rig.classic({ uuid: 'js3-state-holder' });
    const watch = holder.subscribe(ch, { presence: true });
    await watch.connects.count(1, 'holder connect');

    const set = await holder.state({ channel: ch, state: { mood: 'ok', n: 1 } });
    expect(set).to.deep.equal({ mood: 'ok', n: 1 });

    const reader = rig.classic({ uuid: 'js3-state-reader' });
    expect(await reader.state({ channel: ch, uuid: 'js3-state-holder' })).to.deep.equal({ mood: 'ok', n: 1 });

    const here = (await reader.hereNow({ channel: ch, state: true })) as { uuids: unknown[] };
    expect(here.uuids).to.deep.equal([{ uuid: 'js3-state-holder', state: { mood: 'ok', n: 1 } }]);

    const changed = await watch.presence.until(
      (f) => events(f, 'state-change', 'js3-state-holder').length > 0,
      'state-change of js3-state-holder',
    );
    const event = events(changed, 'state-change', 'js3-state-holder')[0]!;
    expect(event.channel).to.equal(ch);
    expect((event.message as Event).data).to.deep.equal({ mood: 'ok', n: 1 });
  });

  it('state given on subscribe (the 3.x `state` query parameter) shows in here_now; uuids: false hides uuids', async () => {
    const ch = channelName('js3-substate');
    const a = rig.classic({ uuid: 'js3-substate-a' });
    await a.subscribe(ch, { state: { [ch]: { role: 'host' } } }).connects.count(1, 'a connect');
    const b = rig.classic({ uuid: 'js3-substate-b' });
    await b.subscribe(ch).connects.count(1, 'b connect');

    const here = (await b.hereNow({ channel: ch, state: true })) as { uuids: { uuid: string }[]; occupancy: number };
    expect(here.occupancy).to.equal(2);
    const byUuid = Object.fromEntries(here.uuids.map((u) => [u.uuid, u]));
    expect(byUuid).to.deep.equal({
      'js3-substate-a': { uuid: 'js3-substate-a', state: { role: 'host' } },
      'js3-substate-b': { uuid: 'js3-substate-b' },
    });
    expect(await b.state({ channel: ch, uuid: 'js3-substate-a' })).to.deep.equal({ role: 'host' });

    const counted = await b.hereNow({ channel: ch, uuids: false });
    expect(counted).to.deep.equal({ status: 200, message: 'OK', occupancy: 2, service: 'Presence' });
  });
});
