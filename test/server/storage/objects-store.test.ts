/**
 * The App Context index on its own (docs/protocol.md §14.1): both ends of a membership, removal, the byte bound
 * (STORAGE_FULL, nothing changed) and write-through to a durable store's records, rebuilt by `load`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectsStore, SqliteStorage, StorageError, type StoredObject } from '@pubkit/server';
import { expect } from 'chai';

const object = (id: string, name = 'n'): StoredObject => ({
  id,
  fields: { name },
  custom: { k: 1 },
  updated: '2026-01-01T00:00:00.000Z',
  eTag: `e-${id}-${name}`,
});
const membership = (uuid: string, channel: string) => ({
  uuid,
  channel,
  custom: null,
  status: null,
  type: null,
  updated: '2026-01-01T00:00:00.000Z',
  eTag: `m-${uuid}-${channel}`,
});

describe('server: ObjectsStore', () => {
  it('keeps both ends of a membership and forgets both on removal; versions move with every change', async () => {
    const store = new ObjectsStore(Number.POSITIVE_INFINITY);
    const v0 = store.version('s');
    await store.changeMemberships('s', [membership('u', 'a'), membership('u', 'b'), membership('v', 'a')], []);
    expect([...store.membershipsOf('s', 'u')].map((m) => m.channel)).to.deep.equal(['a', 'b']);
    expect([...store.membersOf('s', 'a')].map((m) => m.uuid)).to.deep.equal(['u', 'v']);
    const v1 = store.version('s');
    expect(v1).to.not.equal(v0);
    const removed = await store.changeMemberships(
      's',
      [],
      [
        { uuid: 'u', channel: 'a' },
        { uuid: 'x', channel: 'a' },
      ],
    );
    expect(removed.map((m) => m.channel)).to.deep.equal(['a']);
    expect([...store.membersOf('s', 'a')].map((m) => m.uuid)).to.deep.equal(['v']);
    expect(store.version('s')).to.not.equal(v1);
    expect(store.version('other')).to.equal(0);
  });

  it('refuses a change past its byte bound with STORAGE_FULL and keeps what it held', async () => {
    const store = new ObjectsStore(1_000);
    await store.putObject('s', 'channel', object('a'));
    const held = store.bytes;
    const err = await store.putObject('s', 'channel', object('b', 'x'.repeat(2_000))).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(StorageError);
    expect((err as StorageError).code).to.equal('STORAGE_FULL');
    expect(store.object('s', 'channel', 'b')).to.equal(undefined);
    expect(store.bytes).to.equal(held);
    await store.removeObject('s', 'channel', 'a');
    expect(store.bytes).to.equal(0);
  });

  it('writes through a durable store and load() rebuilds the same index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubkit-objects-store-'));
    try {
      let sqlite = new SqliteStorage({ dataDir: dir, nowMs: Date.now });
      const first = new ObjectsStore(Number.POSITIVE_INFINITY, sqlite);
      await first.putObject('s', 'uuid', object('u'));
      await first.putObject('s', 'channel', object('gone'));
      await first.removeObject('s', 'channel', 'gone');
      await first.changeMemberships('s', [membership('u', 'a')], []);
      await sqlite.close();
      sqlite = new SqliteStorage({ dataDir: dir, nowMs: Date.now });
      const second = new ObjectsStore(Number.POSITIVE_INFINITY, sqlite);
      second.load();
      expect(second.object('s', 'uuid', 'u')).to.deep.equal(object('u'));
      expect([...second.objects('s', 'channel')]).to.deep.equal([]);
      expect([...second.membershipsOf('s', 'u')]).to.deep.equal([membership('u', 'a')]);
      expect(second.bytes).to.equal(first.bytes);
      await sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
