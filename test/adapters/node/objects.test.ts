/**
 * `pubnub.objects` (issue 15, docs/protocol.md §14.7) end to end against the real server on port 0: every call in
 * Promise mode, the seed's callback mode and `signal`, filter/sort/limit/page, the page iterators, conditional
 * updates (412), and bad input refused before sending or answered by the server with a typed error.
 */
import {
  PubnubAbortError,
  PubnubAccessDeniedError,
  PubnubPreconditionFailedError,
  PubnubServiceError,
  PubnubStateError,
  PubnubValidationError,
  type UUIDMetadataResponse,
} from '@pubkit/node';
import { expect } from 'chai';
import { channelName, PAM_KEYSET, useHarness } from './support/server.js';

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

describe('node client: App Context (objects)', () => {
  const h = useHarness();

  describe('users', () => {
    it('set, get, list with filter and sort, remove', async () => {
      const client = h().client({ uuid: channelName('me') });
      const ann = channelName('ann');
      const set = await client.objects.setUUIDMetadata({
        uuid: ann,
        data: { name: 'Ann', email: 'ann@example.com', custom: { team: 'red', level: 3, admin: false } },
      });
      expect(set.status).to.equal(200);
      expect(set.data).to.include({ id: ann, name: 'Ann', email: 'ann@example.com' });
      expect(set.data.custom).to.deep.equal({ team: 'red', level: 3, admin: false });
      expect(set.data.eTag).to.be.a('string').and.not.equal('');
      expect(set.data.updated).to.match(/^\d{4}-\d{2}-\d{2}T/);

      // Without `uuid`, the call is about the client's own uuid.
      await client.objects.setUUIDMetadata({ data: { name: 'Me' } });
      expect((await client.objects.getUUIDMetadata()).data).to.include({ id: client.uuid, name: 'Me' });

      const got = await client.objects.getUUIDMetadata({ uuid: ann, include: { customFields: false } });
      expect(got.data).to.include({ id: ann, name: 'Ann' });
      expect(got.data).to.not.have.property('custom');

      const bob = channelName('bob');
      await client.objects.setUUIDMetadata({ uuid: bob, data: { name: 'Bob', custom: { team: 'red', level: 1 } } });
      const listed = await client.objects.getAllUUIDMetadata({
        filter: `custom.team == "red" && (id == "${ann}" || id == "${bob}")`,
        sort: { name: 'desc' },
        include: { customFields: true, totalCount: true },
      });
      expect(listed.data.map((u) => u.name)).to.deep.equal(['Bob', 'Ann']);
      expect(listed.totalCount).to.equal(2);
      expect(listed.data[0]?.custom).to.deep.equal({ team: 'red', level: 1 });

      expect(await client.objects.removeUUIDMetadata({ uuid: ann })).to.deep.equal({ status: 200, data: null });
      const gone = await rejection(client.objects.getUUIDMetadata({ uuid: ann }));
      expect(gone).to.be.instanceOf(PubnubServiceError);
      expect((gone as PubnubServiceError).upstream.status).to.equal(404);
    });

    it('callback mode calls exactly one of callback/error; signal aborts', async () => {
      const client = h().client();
      const id = channelName('cb');
      const result = await new Promise<UUIDMetadataResponse>((resolve, reject) => {
        const returned = client.objects.setUUIDMetadata({
          uuid: id,
          data: { name: 'Callback' },
          callback: resolve,
          error: reject,
        });
        expect(returned).to.equal(undefined);
      });
      expect(result.data.name).to.equal('Callback');
      const refused = await new Promise<unknown>((resolve, reject) => {
        client.objects.setUUIDMetadata({
          uuid: id,
          data: { custom: { a: [1] } as never },
          callback: reject,
          error: resolve,
        });
      });
      expect(refused).to.be.instanceOf(PubnubValidationError).with.property('field', 'data.custom.a');

      const aborted = new AbortController();
      aborted.abort();
      const err = await rejection(client.objects.getUUIDMetadata({ uuid: id, signal: aborted.signal }));
      expect(err).to.be.instanceOf(PubnubAbortError);
    });
  });

  describe('channels', () => {
    it('set, get, list, remove', async () => {
      const client = h().client();
      const ch = channelName('general');
      const set = await client.objects.setChannelMetadata({
        channel: ch,
        data: { name: 'General', description: 'everyone', type: 'public', status: 'open', custom: { pinned: true } },
      });
      expect(set.data).to.include({ id: ch, name: 'General', description: 'everyone', type: 'public', status: 'open' });
      const got = await client.objects.getChannelMetadata({ channel: ch });
      expect(got.data.custom).to.deep.equal({ pinned: true });
      const listed = await client.objects.getAllChannelMetadata({ filter: `id == "${ch}"` });
      expect(listed.data.map((c) => c.id)).to.deep.equal([ch]);
      expect(listed.data[0]).to.not.have.property('custom');
      await client.objects.removeChannelMetadata({ channel: ch });
      expect(await rejection(client.objects.getChannelMetadata({ channel: ch }))).to.be.instanceOf(PubnubServiceError);
    });

    it('ifMatchesEtag: the current eTag updates, a stale one is a PubnubPreconditionFailedError and changes nothing', async () => {
      const client = h().client();
      const ch = channelName('etag');
      const first = await client.objects.setChannelMetadata({ channel: ch, data: { name: 'one' } });
      const second = await client.objects.setChannelMetadata({
        channel: ch,
        data: { name: 'two' },
        ifMatchesEtag: first.data.eTag,
      });
      expect(second.data.name).to.equal('two');
      expect(second.data.eTag).to.not.equal(first.data.eTag);
      const stale = await rejection(
        client.objects.setChannelMetadata({ channel: ch, data: { name: 'three' }, ifMatchesEtag: first.data.eTag }),
      );
      expect(stale).to.be.instanceOf(PubnubPreconditionFailedError);
      expect(stale).to.include({ code: 'PN_PRECONDITION_FAILED', operation: 'setChannelMetadata' });
      expect((await client.objects.getChannelMetadata({ channel: ch })).data.name).to.equal('two');

      const user = await client.objects.setUUIDMetadata({ uuid: ch, data: { name: 'u' } });
      await client.objects.setUUIDMetadata({ uuid: ch, data: { name: 'v' } });
      const staleUser = await rejection(
        client.objects.setUUIDMetadata({ uuid: ch, data: { name: 'w' }, ifMatchesEtag: user.data.eTag }),
      );
      expect(staleUser).to.be.instanceOf(PubnubPreconditionFailedError);
    });

    it('pages: limit, next and prev cursors, and the iterator walks every page', async () => {
      const client = h().client();
      const prefix = channelName('page');
      const ids = Array.from({ length: 23 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
      for (const id of ids) await client.objects.setChannelMetadata({ channel: id, data: { name: id } });
      const filter = `id LIKE "${prefix}-*"`;

      const first = await client.objects.getAllChannelMetadata({
        filter,
        sort: { id: 'asc' },
        limit: 10,
        include: { totalCount: true },
      });
      expect(first.data.map((c) => c.id)).to.deep.equal(ids.slice(0, 10));
      expect(first.totalCount).to.equal(23);
      expect(first.next).to.be.a('string');
      const second = await client.objects.getAllChannelMetadata({
        filter,
        sort: { id: 'asc' },
        limit: 10,
        page: { next: first.next },
      });
      expect(second.data.map((c) => c.id)).to.deep.equal(ids.slice(10, 20));
      expect(second.prev).to.be.a('string');
      const back = await client.objects.getAllChannelMetadata({
        filter,
        sort: { id: 'asc' },
        limit: 10,
        page: { prev: second.prev },
      });
      expect(back.data.map((c) => c.id)).to.deep.equal(ids.slice(0, 10));

      const walked: string[] = [];
      for await (const channel of client.objects.iterateAllChannelMetadata({
        filter,
        sort: { id: 'desc' },
        limit: 4,
      })) {
        walked.push(channel.id);
      }
      expect(walked).to.deep.equal([...ids].reverse());

      // Leaving the loop early sends no further request and leaves nothing open (the leak check sees to that).
      const some: string[] = [];
      for await (const channel of client.objects.iterateAllChannelMetadata({ filter, limit: 5 })) {
        some.push(channel.id);
        if (some.length === 7) break;
      }
      expect(some).to.have.length(7);
    });
  });

  describe('memberships and members', () => {
    it('setMemberships / getMemberships / removeMemberships / manageMemberships, seen from both sides', async () => {
      const client = h().client({ uuid: channelName('member') });
      const [a, b, c] = [channelName('ma'), channelName('mb'), channelName('mc')];
      await client.objects.setChannelMetadata({ channel: a, data: { name: 'Alpha', custom: { topic: 'x' } } });
      const set = await client.objects.setMemberships({
        channels: [a, { id: b, custom: { starred: true }, status: 'active', type: 'dm' }],
        include: { customFields: true, channelFields: true, customChannelFields: true, totalCount: true },
        sort: { 'channel.id': 'asc' },
      });
      expect(set.data.map((m) => m.channel.id)).to.deep.equal([a, b].sort());
      const alpha = set.data.find((m) => m.channel.id === a);
      expect(alpha?.channel).to.include({ name: 'Alpha' });
      expect(alpha?.channel.custom).to.deep.equal({ topic: 'x' });
      const beta = set.data.find((m) => m.channel.id === b);
      expect(beta).to.include({ status: 'active', type: 'dm' });
      expect(beta?.custom).to.deep.equal({ starred: true });
      expect(set.totalCount).to.equal(2);

      const members = await client.objects.getChannelMembers({ channel: b, include: { customFields: true } });
      expect(members.data.map((m) => m.uuid.id)).to.deep.equal([client.uuid]);
      expect(members.data[0]?.custom).to.deep.equal({ starred: true });

      const managed = await client.objects.manageMemberships({ set: [c], remove: [a] });
      expect(managed.data.map((m) => m.channel.id).sort()).to.deep.equal([b, c].sort());
      const removed = await client.objects.removeMemberships({ channels: [b] });
      expect(removed.data.map((m) => m.channel.id)).to.deep.equal([c]);
      const got = await client.objects.getMemberships({ uuid: client.uuid, filter: `channel.id == "${c}"` });
      expect(got.data.map((m) => m.channel.id)).to.deep.equal([c]);
    });

    it('setChannelMembers / getChannelMembers / removeChannelMembers / manageChannelMembers, and the iterators', async () => {
      const client = h().client();
      const ch = channelName('room');
      const users = Array.from({ length: 12 }, (_, i) => `${ch}-u${String(i).padStart(2, '0')}`);
      await client.objects.setUUIDMetadata({ uuid: users[0] as string, data: { name: 'First' } });
      const set = await client.objects.setChannelMembers({
        channel: ch,
        uuids: users.map((id, i) => (i === 0 ? { id, custom: { role: 'owner' } } : id)),
        include: { UUIDFields: true, customFields: true },
        limit: 100,
      });
      expect(set.data).to.have.length(12);
      const owner = set.data.find((m) => m.uuid.id === users[0]);
      expect(owner?.uuid).to.include({ name: 'First' });
      expect(owner?.custom).to.deep.equal({ role: 'owner' });

      const walked: string[] = [];
      for await (const member of client.objects.iterateChannelMembers({
        channel: ch,
        limit: 5,
        sort: { 'uuid.id': 'asc' },
      })) {
        walked.push(member.uuid.id);
      }
      expect(walked).to.deep.equal(users);

      const removed = await client.objects.removeChannelMembers({ channel: ch, uuids: users.slice(1) });
      expect(removed.data.map((m) => m.uuid.id)).to.deep.equal([users[0]]);
      const managed = await client.objects.manageChannelMembers({
        channel: ch,
        set: [users[1] as string],
        remove: [users[0] as string],
      });
      expect(managed.data.map((m) => m.uuid.id)).to.deep.equal([users[1]]);
      const members = await client.objects.getChannelMembers({ channel: ch });
      expect(members.data.map((m) => m.uuid.id)).to.deep.equal([users[1]]);

      const memberships: string[] = [];
      for await (const m of client.objects.iterateMemberships({ uuid: users[1] as string }))
        memberships.push(m.channel.id);
      expect(memberships).to.deep.equal([ch]);
    });
  });

  describe('Access Manager', () => {
    it('a token allows what it grants on uuids and channels, and the rest is PubnubAccessDeniedError', async () => {
      const admin = h().client({ ...PAM_KEYSET, uuid: channelName('admin') });
      const me = channelName('pam-me');
      const room = channelName('pam-room');
      const token = await admin.grantToken({
        ttl: 5,
        authorizedUuid: me,
        resources: {
          uuids: { [me]: { get: true, update: true } },
          channels: { [room]: { get: true, join: true } },
        },
      });
      const client = h().client({ publishKey: PAM_KEYSET.publishKey, subscribeKey: PAM_KEYSET.subscribeKey, uuid: me });
      // The admin signs with the secret key; a PATCH signature covers its body (docs/protocol.md §14.7).
      const signed = await admin.objects.setChannelMetadata({ channel: room, data: { name: 'Signed' } });
      expect(signed.data.name).to.equal('Signed');
      await admin.objects.setMemberships({ uuid: me, channels: [{ id: room, custom: { by: 'admin' } }] });
      client.setToken(token);
      await client.objects.setUUIDMetadata({ data: { name: 'Me' } });
      expect((await client.objects.getUUIDMetadata()).data.name).to.equal('Me');
      await client.objects.setMemberships({ channels: [room] });
      expect(await rejection(client.objects.removeUUIDMetadata())).to.be.instanceOf(PubnubAccessDeniedError);
      expect(
        await rejection(client.objects.setUUIDMetadata({ uuid: channelName('other'), data: { name: 'x' } })),
      ).to.be.instanceOf(PubnubAccessDeniedError);
      expect(
        await rejection(client.objects.setChannelMetadata({ channel: room, data: { name: 'x' } })),
      ).to.be.instanceOf(PubnubAccessDeniedError);
    });
  });

  describe('bad input', () => {
    it('refused before sending: non-flat custom, limit out of range, unknown include, too many changes', () => {
      const client = h().client();
      expect(() => client.objects.setUUIDMetadata({ data: { custom: { deep: { x: 1 } } as never } })).to.throw(
        PubnubValidationError,
        /flat JSON scalars/,
      );
      expect(() => client.objects.getAllChannelMetadata({ limit: 101 })).to.throw(PubnubValidationError, /1 to 100/);
      expect(() => client.objects.getMemberships({ include: { channelField: true } as never })).to.throw(
        PubnubValidationError,
        /include.channelField/,
      );
      const many = Array.from({ length: 101 }, (_, i) => `c${i}`);
      expect(() => client.objects.setMemberships({ channels: many })).to.throw(PubnubValidationError, /limit is 100/);
      expect(() => client.objects.iterateAllUUIDMetadata({ sort: { email: 'asc' } as never })).to.throw(
        PubnubValidationError,
      );
    });

    it('the server answers a filter syntax error with 400: a PubnubServiceError with its message', async () => {
      const client = h().client();
      const err = await rejection(client.objects.getAllUUIDMetadata({ filter: 'name LIKE' }));
      expect(err).to.be.instanceOf(PubnubServiceError);
      expect((err as PubnubServiceError).upstream.status).to.equal(400);
      const walk = client.objects.iterateAllChannelMetadata({ filter: '((' });
      expect(await rejection(walk.next())).to.be.instanceOf(PubnubServiceError);
    });

    it('a closed client refuses', async () => {
      const client = h().client();
      await client.close();
      expect(() => client.objects.getAllUUIDMetadata()).to.throw(PubnubStateError, /closed/);
      const viaCallback = await new Promise<unknown>((resolve) =>
        client.objects.getAllUUIDMetadata({ error: resolve }),
      );
      expect(viaCallback).to.be.instanceOf(PubnubStateError);
      expect(() => client.objects.iterateAllUUIDMetadata()).to.throw(/closed/);
    });
  });
});
