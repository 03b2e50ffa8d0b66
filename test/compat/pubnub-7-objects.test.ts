/**
 * `pubnub@7.3.3` drives App Context against pubkit's server (docs/protocol.md §14): users' and channels' metadata,
 * memberships and members, paging, filter and sort, and the events a listener receives.
 */
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { until } from '../support/until.js';
import { pubnub7 } from './pubnub7.js';
import { type Sdk7ObjectsEvent, type Sdk7WithObjects, sdk7Failure } from './pubnub7-objects.js';

const OPEN = { publishKey: 'pub-o', subscribeKey: 'sub-o' };

describe('compat: pubnub@7.3.3 App Context', function () {
  this.timeout(30_000);
  let server: RunningServer;
  const sdks: Sdk7WithObjects[] = [];
  let n = 0;
  const name = (what: string) => `${what}-${process.pid}-${++n}`;

  before(async () => {
    server = await startServer({ port: 0, keysets: [OPEN] });
  });
  afterEach(() => {
    for (const s of sdks.splice(0)) {
      s.unsubscribeAll();
      s.stop();
    }
  });
  after(() => server.close());

  const sdk = (uuid: string) => {
    const s = pubnub7({ url: server.url, uuid, ...OPEN }) as unknown as Sdk7WithObjects;
    sdks.push(s);
    return s;
  };

  it('sets, gets, lists and removes a user', async () => {
    const me = name('user');
    const s = sdk(me);
    const set = await s.objects.setUUIDMetadata({
      data: { name: 'Ada', email: 'ada@example.com', status: 'active', type: 'admin', custom: { level: 3, vip: true } },
    });
    expect(set.status).to.equal(200);
    expect(set.data).to.include({ id: me, name: 'Ada', email: 'ada@example.com', status: 'active', type: 'admin' });
    expect(set.data.custom).to.deep.equal({ level: 3, vip: true });
    expect(set.data.externalId).to.equal(null);
    expect(Date.parse(set.data.updated)).to.be.greaterThan(0);
    expect(set.data.eTag).to.be.a('string').and.not.equal('');

    const got = await s.objects.getUUIDMetadata({ uuid: me });
    expect(got.data).to.deep.equal(set.data);

    // A set names only what it changes; custom is replaced whole.
    const renamed = await s.objects.setUUIDMetadata({ data: { name: 'Ada L.', custom: { level: 4 } } });
    expect(renamed.data).to.include({ name: 'Ada L.', email: 'ada@example.com', status: 'active' });
    expect(renamed.data.custom).to.deep.equal({ level: 4 });
    expect(renamed.data.eTag).to.not.equal(set.data.eTag);

    const all = await s.objects.getAllUUIDMetadata({ include: { customFields: true, totalCount: true } });
    const mine = all.data.find((u) => u.id === me);
    expect(mine).to.include({ name: 'Ada L.' });
    expect(mine!.custom).to.deep.equal({ level: 4 });
    expect(all.totalCount).to.equal(all.data.length);

    const removed = await s.objects.removeUUIDMetadata({ uuid: me });
    expect(removed).to.deep.include({ status: 200, data: null });
    const missing = await sdk7Failure(s.objects.getUUIDMetadata({ uuid: me }));
    expect(missing.statusCode).to.equal(404);
    expect(missing.body).to.deep.include({ status: 404 });
  });

  it('sets, gets, lists and removes a channel', async () => {
    const ch = name('room');
    const s = sdk(name('u'));
    const set = await s.objects.setChannelMetadata({
      channel: ch,
      data: { name: 'Room', description: 'chat', custom: { topic: 'x' } },
    });
    expect(set.data).to.include({ id: ch, name: 'Room', description: 'chat' });
    expect(set.data.custom).to.deep.equal({ topic: 'x' });
    const got = await s.objects.getChannelMetadata({ channel: ch });
    expect(got.data).to.deep.equal(set.data);
    const all = await s.objects.getAllChannelMetadata({ filter: `id == "${ch}"`, include: { totalCount: true } });
    expect(all.data.map((c) => c.id)).to.deep.equal([ch]);
    expect(all.totalCount).to.equal(1);
    expect(all.data[0]!.custom).to.equal(undefined);
    await s.objects.removeChannelMetadata({ channel: ch });
    expect((await sdk7Failure(s.objects.getChannelMetadata({ channel: ch }))).statusCode).to.equal(404);
    const after = await s.objects.getAllChannelMetadata({ filter: `id == "${ch}"` });
    expect(after.data).to.deep.equal([]);
  });

  it('delivers set and delete events of users and channels to a listener', async () => {
    const ch = name('watched');
    const who = name('watched-user');
    const listener = sdk(name('listener'));
    const events: Sdk7ObjectsEvent[] = [];
    let connected = false;
    listener.addListener({
      objects: (e) => events.push(e),
      status: (st) => {
        if (st.category === 'PNConnectedCategory') connected = true;
      },
    });
    listener.subscribe({ channels: [ch, who] });
    await until(() => connected, 'the listener to connect');
    const writer = sdk(who);
    await writer.objects.setChannelMetadata({ channel: ch, data: { name: 'W' } });
    await writer.objects.setUUIDMetadata({ data: { name: 'Who' } });
    await writer.objects.removeChannelMetadata({ channel: ch });
    await until(() => events.length >= 3, 'three object events');
    expect(events.map((e) => [e.channel, e.message.event, e.message.type])).to.deep.equal([
      [ch, 'set', 'channel'],
      [who, 'set', 'uuid'],
      [ch, 'delete', 'channel'],
    ]);
    expect(events[0]!.message.data).to.include({ id: ch, name: 'W' });
    expect(events[1]!.message.data).to.include({ id: who, name: 'Who' });
    expect(events[2]!.message.data).to.deep.equal({ id: ch });
    expect(events[0]!.publisher).to.equal(who);
  });

  it('sets, gets and removes memberships, and sees them as members from the channel', async () => {
    const me = name('member');
    const [a, b] = [name('ch'), name('ch')];
    const s = sdk(me);
    await s.objects.setChannelMetadata({ channel: a, data: { name: 'A', custom: { k: 1 } } });
    const set = await s.objects.setMemberships({
      channels: [a, { id: b, custom: { role: 'mod' }, status: 'joined' }],
      include: { customFields: true, channelFields: true, customChannelFields: true },
    });
    expect(set.status).to.equal(200);
    const byId = Object.fromEntries(set.data.map((m) => [(m.channel as { id: string }).id, m]));
    expect(byId[a]!.channel).to.include({ id: a, name: 'A' });
    expect((byId[a]!.channel as { custom: unknown }).custom).to.deep.equal({ k: 1 });
    expect(byId[b]!.channel).to.deep.equal({ id: b });
    expect(byId[b]).to.deep.include({ custom: { role: 'mod' }, status: 'joined' });

    const got = await s.objects.getMemberships({ include: { totalCount: true } });
    expect(got.totalCount).to.equal(2);
    expect(got.data.map((m) => (m.channel as { id: string }).id).sort()).to.deep.equal([a, b].sort());

    const members = await s.objects.getChannelMembers({ channel: b, include: { customFields: true } });
    expect(members.data.map((m) => [(m.uuid as { id: string }).id, m.custom])).to.deep.equal([[me, { role: 'mod' }]]);

    const left = await s.objects.removeMemberships({ channels: [a] });
    expect(left.data.map((m) => (m.channel as { id: string }).id)).to.deep.equal([b]);
    expect((await s.objects.getChannelMembers({ channel: a })).data).to.deep.equal([]);
  });

  it('sets, gets and removes channel members', async () => {
    const ch = name('team');
    const [u1, u2, u3] = [name('m'), name('m'), name('m')];
    const s = sdk(name('admin'));
    await s.objects.setUUIDMetadata({ uuid: u2, data: { name: 'Two' } });
    const set = await s.objects.setChannelMembers({
      channel: ch,
      uuids: [u1, { id: u2, custom: { seat: 2 } }, u3],
      include: { customFields: true, UUIDFields: true, totalCount: true },
    });
    expect(set.totalCount).to.equal(3);
    const two = set.data.find((m) => (m.uuid as { id: string }).id === u2)!;
    expect(two.uuid).to.include({ id: u2, name: 'Two' });
    expect(two.custom).to.deep.equal({ seat: 2 });
    const removed = await s.objects.removeChannelMembers({ channel: ch, uuids: [u1, u3] });
    expect(removed.data.map((m) => (m.uuid as { id: string }).id)).to.deep.equal([u2]);
    const memberships = await s.objects.getMemberships({ uuid: u2 });
    expect(memberships.data.map((m) => (m.channel as { id: string }).id)).to.deep.equal([ch]);
  });
});
