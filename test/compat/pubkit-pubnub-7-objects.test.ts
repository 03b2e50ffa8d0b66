/**
 * pubkit's `pubnub.objects` and `pubnub@7.3.3` on one server (docs/protocol.md §14.7): what pubkit writes, the
 * official SDK reads the same, and the other way round, for users, channels, memberships and members; an eTag
 * one client read is honoured by the other's conditional update; pubnub-7's pages are walked by pubkit's iterator.
 */
import { Pubnub, PubnubPreconditionFailedError } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { pubnub7 } from './pubnub7.js';
import type { Sdk7WithObjects } from './pubnub7-objects.js';

const OPEN = { publishKey: 'pub-interop', subscribeKey: 'sub-interop' };

describe('compat: pubkit and pubnub@7.3.3 share App Context', function () {
  this.timeout(30_000);
  let server: RunningServer;
  const sdks: Sdk7WithObjects[] = [];
  const clients: Pubnub[] = [];
  let n = 0;
  const name = (what: string) => `${what}-${process.pid}-${++n}`;

  before(async () => {
    server = await startServer({ port: 0, keysets: [OPEN] });
  });
  afterEach(async () => {
    for (const s of sdks.splice(0)) s.stop();
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  after(() => server.close());

  const sdk = (uuid: string) => {
    const s = pubnub7({ url: server.url, uuid, ...OPEN }) as unknown as Sdk7WithObjects;
    sdks.push(s);
    return s;
  };
  const kit = (uuid: string) => {
    const c = new Pubnub({ ...OPEN, uuid, origin: server.url });
    clients.push(c);
    return c;
  };

  it('users and channels: pubkit sets, pubnub-7 reads; pubnub-7 sets, pubkit reads', async () => {
    const [ann, general] = [name('ann'), name('general')];
    const mine = kit(ann);
    const theirs = sdk(name('reader'));
    await mine.objects.setUUIDMetadata({ data: { name: 'Ann', email: 'ann@example.com', custom: { team: 'red' } } });
    await mine.objects.setChannelMetadata({ channel: general, data: { name: 'General', description: 'all' } });
    const user = await theirs.objects.getUUIDMetadata({ uuid: ann, include: { customFields: true } });
    expect(user.data).to.include({ id: ann, name: 'Ann', email: 'ann@example.com' });
    expect(user.data.custom).to.deep.equal({ team: 'red' });
    const channel = await theirs.objects.getChannelMetadata({ channel: general });
    expect(channel.data).to.include({ name: 'General', description: 'all' });

    const bob = name('bob');
    const writer = sdk(bob);
    await writer.objects.setUUIDMetadata({ data: { name: 'Bob', profileUrl: 'https://x/b.png', custom: { n: 2 } } });
    await writer.objects.setChannelMetadata({ channel: general, data: { name: 'Renamed', custom: { pinned: true } } });
    const read = await mine.objects.getUUIDMetadata({ uuid: bob });
    expect(read.data).to.include({ id: bob, name: 'Bob', profileUrl: 'https://x/b.png' });
    expect(read.data.custom).to.deep.equal({ n: 2 });
    const renamed = await mine.objects.getChannelMetadata({ channel: general });
    expect(renamed.data).to.include({ name: 'Renamed' });
    expect(renamed.data.custom).to.deep.equal({ pinned: true });

    // The eTag pubnub-7 read is the one pubkit's conditional update checks against.
    const seen = await theirs.objects.getChannelMetadata({ channel: general });
    await mine.objects.setChannelMetadata({ channel: general, data: { name: 'Again' }, ifMatchesEtag: seen.data.eTag });
    await writer.objects.setChannelMetadata({ channel: general, data: { name: 'Raced' } });
    const stale = await mine.objects
      .setChannelMetadata({ channel: general, data: { name: 'Lost' }, ifMatchesEtag: seen.data.eTag })
      .catch((err: unknown) => err);
    expect(stale).to.be.instanceOf(PubnubPreconditionFailedError);

    await mine.objects.removeUUIDMetadata({ uuid: bob });
    const remaining = await theirs.objects.getAllUUIDMetadata({ filter: `id == "${bob}" || id == "${ann}"` });
    expect(remaining.data.map((u) => u.id)).to.deep.equal([ann]);
  });

  it('memberships and members: each side reads what the other set', async () => {
    const [ann, bob] = [name('ann'), name('bob')];
    const [a, b] = [name('ch-a'), name('ch-b')];
    const mine = kit(ann);
    const theirs = sdk(bob);
    await mine.objects.setMemberships({ channels: [a, { id: b, custom: { starred: true }, status: 'active' }] });
    const seen = await theirs.objects.getMemberships({ uuid: ann, include: { customFields: true } });
    const byChannel = new Map(seen.data.map((m) => [(m.channel as { id: string }).id, m]));
    expect([...byChannel.keys()].sort()).to.deep.equal([a, b].sort());
    expect(byChannel.get(b)?.custom).to.deep.equal({ starred: true });
    expect(byChannel.get(b)?.status).to.equal('active');

    await theirs.objects.setChannelMembers({
      channel: a,
      uuids: [bob, { id: name('carol'), custom: { role: 'mod' } }],
    });
    const members = await mine.objects.getChannelMembers({
      channel: a,
      include: { customFields: true },
      sort: { 'uuid.id': 'asc' },
    });
    expect(members.data.map((m) => m.uuid.id)).to.include.members([ann, bob]);
    expect(members.data).to.have.length(3);

    await theirs.objects.removeMemberships({ uuid: ann, channels: [a] });
    const left = await mine.objects.getMemberships();
    expect(left.data.map((m) => m.channel.id)).to.deep.equal([b]);
  });

  it('pubkit walks every page of a listing pubnub-7 filled', async () => {
    const prefix = name('bulk');
    const writer = sdk(name('writer'));
    const ids = Array.from({ length: 15 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
    for (const id of ids) await writer.objects.setChannelMetadata({ channel: id, data: { name: id } });
    const walked: string[] = [];
    const mine = kit(name('walker'));
    for await (const ch of mine.objects.iterateAllChannelMetadata({
      filter: `id LIKE "${prefix}-*"`,
      limit: 4,
      sort: { id: 'asc' },
    })) {
      walked.push(ch.id);
    }
    expect(walked).to.deep.equal(ids);
    const first = await writer.objects.getAllChannelMetadata({
      filter: `id LIKE "${prefix}-*"`,
      limit: 10,
      sort: { id: 'asc' },
    });
    const rest = await mine.objects.getAllChannelMetadata({
      filter: `id LIKE "${prefix}-*"`,
      limit: 10,
      sort: { id: 'asc' },
      page: { next: first.next },
    });
    expect(rest.data.map((c) => c.id)).to.deep.equal(ids.slice(10));
  });
});
