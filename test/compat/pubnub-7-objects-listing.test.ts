/**
 * `pubnub@7.3.3` pages, filters and sorts App Context listings on pubkit's server, and gets PubNub's HTTP answers
 * for bad input with nothing changed (docs/protocol.md §14.2–§14.4). ETag conditions are sent raw: 7.3.3 has no
 * `ifMatchesEtag`.
 */
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { send } from '../server/helpers.js';
import { until } from '../support/until.js';
import { pubnub7 } from './pubnub7.js';
import { type Sdk7Object, type Sdk7ObjectsEvent, type Sdk7WithObjects, sdk7Failure } from './pubnub7-objects.js';

const KEYS = { publishKey: 'pub-l', subscribeKey: 'sub-l' };

describe('compat: pubnub@7.3.3 App Context listings, conditions and bad input', function () {
  this.timeout(30_000);
  let server: RunningServer;
  const sdks: Sdk7WithObjects[] = [];
  let n = 0;
  const name = (what: string) => `${what}-${process.pid}-${++n}`;

  beforeEach(async () => {
    server = await startServer({ port: 0, keysets: [KEYS] });
  });
  afterEach(async () => {
    for (const s of sdks.splice(0)) {
      s.unsubscribeAll();
      s.stop();
    }
    await server.close();
  });

  const sdk = (uuid = name('u')) => {
    const s = pubnub7({ url: server.url, uuid, ...KEYS }) as unknown as Sdk7WithObjects;
    sdks.push(s);
    return s;
  };

  /** Sets `count` channels `c000…` with names `N{i}` and `custom.rank = i % 5`. */
  async function seed(s: Sdk7WithObjects, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const id = `c${String(i).padStart(3, '0')}`;
      await s.objects.setChannelMetadata({
        channel: id,
        data: { name: `N${String(count - i).padStart(3, '0')}`, custom: { rank: i % 5, odd: i % 2 === 1 } },
      });
    }
  }

  it('pages forward with next and back with prev, and a page stays stable while other records change', async () => {
    const s = sdk();
    await seed(s, 25);
    const ids = (p: { data: Sdk7Object[] }) => p.data.map((c) => c.id);
    const sort = { id: 'asc' } as const;
    const first = await s.objects.getAllChannelMetadata({ limit: 10, sort, include: { totalCount: true } });
    expect(ids(first)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `c${String(i).padStart(3, '0')}`));
    expect(first.totalCount).to.equal(25);
    expect(first.prev).to.equal(undefined);
    expect(first.next).to.be.a('string');

    // Between pages: a record before the cursor is removed, one is added before it and one after it.
    await s.objects.removeChannelMetadata({ channel: 'c002' });
    await s.objects.setChannelMetadata({ channel: 'c005a', data: { name: 'early' } });
    await s.objects.setChannelMetadata({ channel: 'c014a', data: { name: 'late' } });

    const second = await s.objects.getAllChannelMetadata({ limit: 10, sort, page: { next: first.next! } });
    expect(ids(second)).to.deep.equal([
      'c010',
      'c011',
      'c012',
      'c013',
      'c014',
      'c014a',
      'c015',
      'c016',
      'c017',
      'c018',
    ]);
    const third = await s.objects.getAllChannelMetadata({ limit: 10, sort, page: { next: second.next! } });
    expect(ids(third)).to.deep.equal(['c019', 'c020', 'c021', 'c022', 'c023', 'c024']);
    expect(third.next).to.equal(undefined);

    const back = await s.objects.getAllChannelMetadata({ limit: 10, sort, page: { prev: third.prev! } });
    expect(ids(back)).to.deep.equal(ids(second));
    const backAgain = await s.objects.getAllChannelMetadata({ limit: 10, sort, page: { prev: back.prev! } });
    expect(ids(backAgain)).to.deep.equal([
      'c000',
      'c001',
      'c003',
      'c004',
      'c005',
      'c005a',
      'c006',
      'c007',
      'c008',
      'c009',
    ]);
    expect(backAgain.prev).to.equal(undefined);
  });

  it('filters with LIKE, comparisons, custom fields, &&, ||, ! and parentheses, and sorts by name and custom', async () => {
    const s = sdk();
    await seed(s, 20);
    const ids = async (filter: string, sort: Record<string, 'asc' | 'desc'> = { id: 'asc' }) =>
      (await s.objects.getAllChannelMetadata({ filter, sort })).data.map((c) => c.id);
    expect(await ids("name LIKE 'N00*'")).to.deep.equal([
      'c011',
      'c012',
      'c013',
      'c014',
      'c015',
      'c016',
      'c017',
      'c018',
      'c019',
    ]);
    expect(await ids('custom.rank == 4')).to.deep.equal(['c004', 'c009', 'c014', 'c019']);
    expect(await ids('custom.rank == 4 && custom.odd == true')).to.deep.equal(['c009', 'c019']);
    expect(await ids('(custom.rank == 4 || custom.rank == 0) && !(id LIKE "c01*")')).to.deep.equal([
      'c000',
      'c004',
      'c005',
      'c009',
    ]);
    expect(await ids('custom.rank >= 3 && id < "c005"')).to.deep.equal(['c003', 'c004']);
    // A custom value compares only with a value of its own type.
    expect(await ids('custom.rank == "4"')).to.deep.equal([]);
    expect(await ids('updated > "2000-01-01T00:00:00Z" && id == "c007"')).to.deep.equal(['c007']);
    expect(await ids('updated < "2000-01-01T00:00:00Z"')).to.deep.equal([]);
    // Names run N020 … N001 as ids run c000 … c019.
    const byName = ['c010', 'c009', 'c008', 'c007', 'c006', 'c005', 'c004', 'c003', 'c002', 'c001'];
    expect(await ids("name LIKE 'N01*'", { name: 'asc' })).to.deep.equal(byName);
    expect(await ids("name LIKE 'N01*'", { name: 'desc' })).to.deep.equal([...byName].reverse());
  });

  it('filters and sorts memberships by their own fields and the channel fields', async () => {
    const s = sdk();
    await s.objects.setChannelMetadata({ channel: 'alpha', data: { name: 'Alpha' } });
    await s.objects.setChannelMetadata({ channel: 'beta', data: { name: 'Beta' } });
    await s.objects.setMemberships({
      channels: [
        { id: 'alpha', status: 'active', custom: { n: 2 } },
        { id: 'beta', status: 'away', custom: { n: 1 } },
        { id: 'gamma', status: 'active', custom: { n: 3 } },
      ],
    });
    const ids = async (p: { filter?: string; sort?: Record<string, 'asc' | 'desc'> }) =>
      (await s.objects.getMemberships(p)).data.map((m) => (m.channel as { id: string }).id);
    expect(await ids({ filter: 'status == "active"', sort: { 'channel.id': 'desc' } })).to.deep.equal([
      'gamma',
      'alpha',
    ]);
    expect(await ids({ filter: "channel.name LIKE 'B*'" })).to.deep.equal(['beta']);
    expect(await ids({ filter: 'custom.n > 1', sort: { 'channel.id': 'asc' } })).to.deep.equal(['alpha', 'gamma']);
    expect(await ids({ sort: { 'channel.name': 'asc' } })).to.deep.equal(['gamma', 'alpha', 'beta']);
  });

  it('If-Match: the current ETag updates, a stale one is 412 and changes nothing', async () => {
    const s = sdk();
    const ch = name('etag');
    const v1 = (await s.objects.setChannelMetadata({ channel: ch, data: { name: 'one' } })).data;
    const v2 = (await s.objects.setChannelMetadata({ channel: ch, data: { name: 'two' } })).data;
    const path = `/v2/objects/${KEYS.subscribeKey}/channels/${ch}?uuid=raw`;
    const patch = (eTag: string, nameValue: string) =>
      send(server.url, path, {
        method: 'PATCH',
        body: JSON.stringify({ name: nameValue }),
        headers: { 'content-type': 'application/json', 'if-match': eTag },
      });
    const stale = await patch(v1.eTag, 'stale');
    expect(stale.status).to.equal(412);
    expect(stale.json).to.deep.include({ status: 412 });
    expect((stale.json as { error: { source: string } }).error.source).to.equal('objects');
    expect((await s.objects.getChannelMetadata({ channel: ch })).data).to.deep.equal(v2);
    const fresh = await patch(v2.eTag, 'three');
    expect(fresh.status).to.equal(200);
    expect((fresh.json as { data: { name: string } }).data.name).to.equal('three');
    const missing = await send(server.url, `/v2/objects/${KEYS.subscribeKey}/uuids/nobody?uuid=raw`, {
      method: 'PATCH',
      body: '{"name":"x"}',
      headers: { 'if-match': 'anything' },
    });
    expect(missing.status).to.equal(412);
    expect((await sdk7Failure(s.objects.getUUIDMetadata({ uuid: 'nobody' }))).statusCode).to.equal(404);
  });

  it('delivers membership events on the channel and on the user channel', async () => {
    const user = name('joiner');
    const ch = name('club');
    const listener = sdk();
    const events: Sdk7ObjectsEvent[] = [];
    let connected = false;
    listener.addListener({
      objects: (e) => events.push(e),
      status: (st) => {
        if (st.category === 'PNConnectedCategory') connected = true;
      },
    });
    listener.subscribe({ channels: [ch, user] });
    await until(() => connected, 'the listener to connect');
    const writer = sdk(user);
    await writer.objects.setMemberships({ channels: [{ id: ch, custom: { seat: 1 } }] });
    await writer.objects.removeMemberships({ channels: [ch] });
    await until(() => events.length >= 4, 'four membership events');
    const seen = events.map((e) => [e.channel, e.message.event, e.message.type]);
    expect(seen).to.have.deep.members([
      [ch, 'set', 'membership'],
      [user, 'set', 'membership'],
      [ch, 'delete', 'membership'],
      [user, 'delete', 'membership'],
    ]);
    const set = events.find((e) => e.message.event === 'set')!.message.data;
    expect(set).to.deep.include({ uuid: { id: user }, channel: { id: ch }, custom: { seat: 1 } });
    const removed = events.find((e) => e.message.event === 'delete')!.message.data;
    expect(removed).to.deep.equal({ uuid: { id: user }, channel: { id: ch } });
  });

  it("bad input gets PubNub's HTTP answers and changes nothing", async () => {
    const s = sdk('bad');
    await s.objects.setUUIDMetadata({ data: { name: 'kept', custom: { a: 1 } } });
    await s.objects.setMemberships({ channels: ['kept'] });
    const before = await s.objects.getUUIDMetadata({ uuid: 'bad' });
    const base = `/v2/objects/${KEYS.subscribeKey}`;
    const detail = (body: unknown) => (body as { error: { details: { location: string }[] } }).error.details[0]!;

    const include = await send(server.url, `${base}/uuids/bad?uuid=bad&include=custom,secrets`);
    expect(include.status).to.equal(400);
    expect(detail(include.json).location).to.equal('include');

    const filter = await sdk7Failure(s.objects.getAllUUIDMetadata({ filter: 'name LIKE' }));
    expect(filter.statusCode).to.equal(400);
    expect(detail(filter.body).location).to.equal('filter');
    expect((await sdk7Failure(s.objects.getAllUUIDMetadata({ filter: 'salary > 3' }))).statusCode).to.equal(400);

    const nested = await sdk7Failure(
      s.objects.setUUIDMetadata({ data: { name: 'changed', custom: { deep: { x: 1 } } } }),
    );
    expect(nested.statusCode).to.equal(400);
    expect(detail(nested.body).location).to.equal('custom.deep');
    const list = await sdk7Failure(s.objects.setUUIDMetadata({ data: { custom: { tags: ['a'] } } }));
    expect(list.statusCode).to.equal(400);

    const many = Array.from({ length: 101 }, (_, i) => `many-${i}`);
    const tooMany = await sdk7Failure(s.objects.setMemberships({ channels: many }));
    expect(tooMany.statusCode).to.equal(400);

    const huge = await send(server.url, `${base}/uuids/bad?uuid=bad`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'x'.repeat(40_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).to.equal(413);
    expect(huge.json).to.deep.include({ status: 413 });

    const limit = await sdk7Failure(s.objects.getAllChannelMetadata({ limit: 101 }));
    expect(limit.statusCode).to.equal(400);
    const badSort = await sdk7Failure(s.objects.getAllChannelMetadata({ sort: { secret: 'asc' } }));
    expect(badSort.statusCode).to.equal(400);
    const badCursor = await sdk7Failure(s.objects.getAllChannelMetadata({ page: { next: 'not-a-cursor' } }));
    expect(badCursor.statusCode).to.equal(400);

    expect((await s.objects.getUUIDMetadata({ uuid: 'bad' })).data).to.deep.equal(before.data);
    const memberships = await s.objects.getMemberships({ include: { totalCount: true } });
    expect(memberships.totalCount).to.equal(1);
  });
});
