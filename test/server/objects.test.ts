/**
 * App Context on the server beyond the SDK's happy paths (docs/protocol.md §14.1, §14.6): Access Manager v3 token
 * permissions on every endpoint, driven by pubnub@7.3.3, and App Context surviving a restart with `dataDir`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, type RunningServer, startServer } from '@pubkit/server';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { pubnub7, type Sdk7 } from '../compat/pubnub7.js';
import { type Sdk7WithObjects, sdk7Failure } from '../compat/pubnub7-objects.js';
import { fakeClock, harness, NOW_SEC, PAM_KEYS, send, signed } from './helpers.js';

const PAM = { publishKey: 'pub-ao', subscribeKey: 'sub-ao', secretKey: 'sec-ao' };

describe('server: App Context', function () {
  this.timeout(30_000);
  const clients: Sdk7[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.stop();
  });

  describe('Access Manager v3 tokens', () => {
    let server: RunningServer;
    beforeEach(async () => {
      server = await startServer({ port: 0, keysets: [PAM] });
    });
    afterEach(() => server.close());

    const client = (uuid: string, keys: Record<string, string> = PAM) => {
      const c = pubnub7({ url: server.url, uuid, ...keys } as Parameters<typeof pubnub7>[0]);
      clients.push(c);
      return c as unknown as Sdk7WithObjects & Sdk7;
    };
    const status = async (call: Promise<unknown>) => {
      try {
        await call;
        return 200;
      } catch (err) {
        return (err as { status?: { statusCode?: number } }).status?.statusCode ?? -1;
      }
    };

    it('enforces get, update, delete, join and manage on users and channels', async () => {
      const admin = client('admin');
      // The admin signs: it seeds what the token holder then reads.
      await admin.objects.setChannelMetadata({ channel: 'room', data: { name: 'Room' } });
      await admin.objects.setChannelMetadata({ channel: 'locked', data: { name: 'Locked' } });
      await admin.objects.setUUIDMetadata({ uuid: 'other', data: { name: 'Other' } });
      const token = await admin.grantToken({
        ttl: 10,
        authorized_uuid: 'alice',
        resources: {
          uuids: { alice: { get: true, update: true } },
          channels: { room: { get: true, join: true }, staff: { manage: true, get: true } },
        },
      });
      const alice = client('alice', { publishKey: PAM.publishKey, subscribeKey: PAM.subscribeKey });
      alice.setToken(token);
      const o = alice.objects;
      expect(await status(o.setUUIDMetadata({ data: { name: 'Alice' } }))).to.equal(200);
      expect(await status(o.getUUIDMetadata({}))).to.equal(200);
      expect(await status(o.removeUUIDMetadata({}))).to.equal(403);
      expect(await status(o.getUUIDMetadata({ uuid: 'other' }))).to.equal(403);
      expect(await status(o.getChannelMetadata({ channel: 'room' }))).to.equal(200);
      expect(await status(o.getChannelMetadata({ channel: 'locked' }))).to.equal(403);
      expect(await status(o.setChannelMetadata({ channel: 'room', data: { name: 'x' } }))).to.equal(403);
      expect(await status(o.removeChannelMetadata({ channel: 'room' }))).to.equal(403);
      // "Get all" listings touch no resource.
      expect(await status(o.getAllChannelMetadata({}))).to.equal(200);
      expect(await status(o.getAllUUIDMetadata({}))).to.equal(200);
      // Joining needs update on the user and join on every channel touched.
      expect(await status(o.setMemberships({ channels: ['room'] }))).to.equal(200);
      const refused = await sdk7Failure(o.setMemberships({ channels: ['room', 'locked'] }));
      expect(refused.statusCode).to.equal(403);
      expect((refused.body as { payload: { channels: string[] } }).payload.channels).to.deep.equal(['locked']);
      expect(await status(o.getMemberships({}))).to.equal(200);
      // Members: get to read, manage to change.
      expect(await status(o.getChannelMembers({ channel: 'room' }))).to.equal(200);
      expect(await status(o.setChannelMembers({ channel: 'room', uuids: ['bob'] }))).to.equal(403);
      expect(await status(o.setChannelMembers({ channel: 'staff', uuids: ['bob'] }))).to.equal(200);
      // The token is alice's: acting as another uuid is refused.
      expect(await status(o.setMemberships({ uuid: 'other', channels: ['room'] }))).to.equal(403);
      // Without any credential on a PAM keyset, even a listing is refused.
      const anonymous = client('anon', { publishKey: PAM.publishKey, subscribeKey: PAM.subscribeKey });
      expect(await status(anonymous.objects.getAllChannelMetadata({}))).to.equal(403);
      // Nothing the refusals touched changed.
      const memberships = await admin.objects.getMemberships({ uuid: 'alice', include: { totalCount: true } });
      expect(memberships.data.map((m) => (m.channel as { id: string }).id)).to.deep.equal(['room']);
      expect((await admin.objects.getChannelMetadata({ channel: 'room' })).data.name).to.equal('Room');
    });
  });

  it('v2 auth keys: get/join read r, update w, delete d, members m on channels; users need the subkey grant', async () => {
    const h = await harness({ clock: fakeClock(NOW_SEC * 1000), keysets: [PAM_KEYS] });
    try {
      const call = (method: string, path: string, body?: unknown) =>
        h.get(`/v2/objects/sub${path}${path.includes('?') ? '&' : '?'}uuid=u&auth=ak`, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      expect((await call('GET', '/channels/room')).status).to.equal(403);
      await h.get(signed('/v2/auth/grant/sub-key/sub', { channel: 'room', auth: 'ak', r: '1', w: '0', m: '0' }));
      expect((await call('GET', '/channels/room')).status).to.equal(404);
      const refused = await call('PATCH', '/channels/room', { name: 'x' });
      expect(refused.status).to.equal(403);
      expect(refused.json).to.deep.include({ payload: { channels: ['room'] } });
      expect((await call('GET', '/channels/room/uuids')).status).to.equal(200);
      expect((await call('PATCH', '/channels/room/uuids', { set: [{ uuid: { id: 'v' } }] })).status).to.equal(403);
      // A user's own resources and "get all" listings are on the subkey grant.
      expect((await call('GET', '/uuids/u')).status).to.equal(403);
      expect((await call('GET', '/channels')).status).to.equal(403);
      await h.get(signed('/v2/auth/grant/sub-key/sub', { auth: 'ak', r: '1', w: '1', m: '0' }));
      expect((await call('PATCH', '/uuids/u', { name: 'U' })).status).to.equal(200);
      expect((await call('GET', '/channels')).status).to.equal(200);
      expect((await call('DELETE', '/uuids/u')).status).to.equal(403);
    } finally {
      await h.close();
    }
  });

  it('two servers in one process never share a cached listing', async () => {
    const [a, b] = await Promise.all([startServer({ port: 0 }), startServer({ port: 0 })]);
    try {
      const list = async (url: string) =>
        ((await send(url, '/v2/objects/same-sub/channels')).json as { data: { id: string }[] }).data.map((c) => c.id);
      const set = (url: string, id: string) =>
        send(url, `/v2/objects/same-sub/channels/${id}?uuid=u`, { method: 'PATCH', body: '{"name":"n"}' });
      await set(a.url, 'only-on-a');
      await set(b.url, 'only-on-b');
      expect(await list(a.url)).to.deep.equal(['only-on-a']);
      expect(await list(b.url)).to.deep.equal(['only-on-b']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  describe('durability', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'pubkit-objects-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a restart on the same dataDir keeps users, channels and memberships, removals included', async () => {
      const KEYS = { publishKey: 'pub-d', subscribeKey: 'sub-d' };
      let server = await startServer({ port: 0, dataDir: dir, keysets: [KEYS] });
      let s = pubnub7({ url: server.url, uuid: 'keeper', ...KEYS }) as unknown as Sdk7WithObjects & Sdk7;
      clients.push(s);
      const user = await s.objects.setUUIDMetadata({ data: { name: 'Keeper', custom: { n: 1 } } });
      await s.objects.setChannelMetadata({ channel: 'kept', data: { name: 'Kept' } });
      await s.objects.setChannelMetadata({ channel: 'gone', data: { name: 'Gone' } });
      await s.objects.removeChannelMetadata({ channel: 'gone' });
      await s.objects.setMemberships({ channels: [{ id: 'kept', custom: { seat: 4 } }, 'left'] });
      await s.objects.removeMemberships({ channels: ['left'] });
      s.stop();
      await server.close();

      server = await startServer({ port: 0, dataDir: dir, keysets: [KEYS] });
      try {
        s = pubnub7({ url: server.url, uuid: 'keeper', ...KEYS }) as unknown as Sdk7WithObjects & Sdk7;
        clients.push(s);
        expect((await s.objects.getUUIDMetadata({})).data).to.deep.equal(user.data);
        const channels = await s.objects.getAllChannelMetadata({ sort: { id: 'asc' } });
        expect(channels.data.map((c) => [c.id, c.name])).to.deep.equal([['kept', 'Kept']]);
        const memberships = await s.objects.getMemberships({ include: { customFields: true } });
        expect(memberships.data.map((m) => [(m.channel as { id: string }).id, m.custom])).to.deep.equal([
          ['kept', { seat: 4 }],
        ]);
      } finally {
        await server.close();
      }
    });

    it('a locked database answers 503 to every change and nothing changes, not even in memory', async () => {
      const KEYS = { publishKey: 'pub-f', subscribeKey: 'sub-f' };
      const server = await startServer({ port: 0, dataDir: dir, keysets: [KEYS] });
      const base = `/v2/objects/${KEYS.subscribeKey}`;
      const patch = (path: string, body: unknown) =>
        send(server.url, `${base}${path}?uuid=u&include=custom`, { method: 'PATCH', body: JSON.stringify(body) });
      try {
        expect((await patch('/uuids/u', { name: 'before', custom: { v: 1 } })).status).to.equal(200);
        expect((await patch('/uuids/u/channels', { set: [{ channel: { id: 'a' } }] })).status).to.equal(200);
        const before = await send(server.url, `${base}/uuids/u?include=custom`);
        const locker = new Database(join(dir, DATABASE_FILE));
        try {
          locker.exec('BEGIN IMMEDIATE');
          const refused = await patch('/uuids/u', { name: 'after', custom: { v: 2 } });
          expect(refused.status).to.equal(503);
          expect(refused.json).to.deep.include({ status: 503 });
          const membership = await patch('/uuids/u/channels', {
            set: [{ channel: { id: 'b' } }],
            delete: [{ channel: { id: 'a' } }],
          });
          expect(membership.status).to.equal(503);
          expect((await send(server.url, `${base}/uuids/u`, { method: 'DELETE' })).status).to.equal(503);
          // Reads go on (memory), and show the state before the refused changes.
          expect((await send(server.url, `${base}/uuids/u?include=custom`)).text).to.equal(before.text);
          const list = await send(server.url, `${base}/uuids/u/channels`);
          expect((list.json as { data: { channel: { id: string } }[] }).data.map((m) => m.channel.id)).to.deep.equal([
            'a',
          ]);
          locker.exec('ROLLBACK');
        } finally {
          locker.close();
        }
        expect((await patch('/uuids/u', { name: 'after' })).status).to.equal(200);
      } finally {
        await server.close();
      }
    });
  });
});
