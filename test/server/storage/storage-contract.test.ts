/**
 * One suite, run against every store (docs/protocol.md §13.1): memory and SQLite must answer the same calls the
 * same way. SQLite's own guarantees (restart, locked file, full quota) follow in `sqlite-storage.test.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, SqliteStorage, type Storage, type StoredEntry } from '@pubkit/server';
import { expect } from 'chai';

const SUB = 'sub-c';

function entry(tt: bigint, extra: Partial<StoredEntry> = {}): StoredEntry {
  return { channel: 'ch', tt, payload: JSON.stringify({ n: Number(tt) }), messageType: 0, ...extra };
}

const stores: [name: string, open: () => { store: Storage; cleanup: () => void }][] = [
  [
    'memory',
    () => ({
      store: new MemoryStorage({ historySize: 1000, maxChannels: 100, maxBytes: 1 << 24 }),
      cleanup: () => {},
    }),
  ],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pubkit-store-'));
      return {
        store: new SqliteStorage({ dataDir: dir, nowMs: () => 0 }),
        cleanup: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
];

for (const [name, open] of stores) {
  describe(`storage contract: ${name}`, () => {
    let store: Storage;
    let cleanup: () => void;

    beforeEach(async () => {
      ({ store, cleanup } = open());
      await Promise.all([1n, 2n, 3n, 4n, 5n].map((tt) => store.appendMessage(SUB, entry(tt * 10n))));
    });

    afterEach(async () => {
      await store.close();
      cleanup();
    });

    const tts = (list: StoredEntry[]) => list.map((e) => e.tt);

    it('answers the range rules of docs/protocol.md §2.5, oldest first', () => {
      const q = (query: Parameters<Storage['messages']>[2]) => tts(store.messages(SUB, 'ch', query, 0));
      expect(q({ count: 100 })).to.deep.equal([10n, 20n, 30n, 40n, 50n]);
      expect(q({ count: 2 })).to.deep.equal([40n, 50n]);
      expect(q({ count: 2, reverse: true })).to.deep.equal([10n, 20n]);
      expect(q({ count: 100, start: 30n })).to.deep.equal([10n, 20n]);
      expect(q({ count: 1, start: 30n, reverse: true })).to.deep.equal([40n]);
      expect(q({ count: 100, end: 30n })).to.deep.equal([30n, 40n, 50n]);
      expect(q({ count: 100, start: 50n, end: 20n })).to.deep.equal([20n, 30n, 40n]);
      expect(q({ count: 100, start: 20n, end: 50n })).to.deep.equal([30n, 40n, 50n]);
      expect(store.messages(SUB, 'other', { count: 100 }, 0)).to.deep.equal([]);
      expect(store.messages('other-sub', 'ch', { count: 100 }, 0)).to.deep.equal([]);
    });

    it('keeps every field as written', async () => {
      const full = entry(60n, { meta: '{"a":1}', publisher: 'u-1', customType: 'chat-msg', messageType: 4 });
      await store.appendMessage(SUB, full);
      const [got] = store.messages(SUB, 'ch', { count: 1 }, 0);
      expect(got).to.deep.include({
        channel: 'ch',
        tt: 60n,
        payload: '{"n":60}',
        meta: '{"a":1}',
        publisher: 'u-1',
        customType: 'chat-msg',
        messageType: 4,
      });
    });

    it('hides a message once its ttl expired', async () => {
      await store.appendMessage(SUB, entry(60n, { expiresAtMs: 1_000 }));
      expect(tts(store.messages(SUB, 'ch', { count: 1 }, 999))).to.deep.equal([60n]);
      expect(tts(store.messages(SUB, 'ch', { count: 1 }, 1_000))).to.deep.equal([50n]);
      expect(store.countMessages(SUB, 'ch', 0n, 1_000)).to.equal(5);
    });

    it('counts the messages after a timetoken', () => {
      expect(store.countMessages(SUB, 'ch', 30n, 0)).to.equal(2);
      expect(store.countMessages(SUB, 'ch', 29n, 0)).to.equal(3);
      expect(store.countMessages(SUB, 'ch', 50n, 0)).to.equal(0);
      expect(store.countMessages(SUB, 'nothing', 0n, 0)).to.equal(0);
    });

    it('deletes a range and nothing else', async () => {
      expect(await store.deleteMessages(SUB, 'ch', { start: 40n, end: 20n })).to.equal(2);
      expect(tts(store.messages(SUB, 'ch', { count: 100 }, 0))).to.deep.equal([10n, 40n, 50n]);
      expect(await store.deleteMessages(SUB, 'ch', {})).to.equal(3);
      expect(store.messages(SUB, 'ch', { count: 100 }, 0)).to.deep.equal([]);
    });

    it('adds, refuses a duplicate, pages and removes actions', async () => {
      const action = { channel: 'ch', messageTt: 20n, type: 'reaction', value: 'smile', uuid: 'u-1' };
      expect(await store.addAction(SUB, { ...action, actionTt: 100n })).to.equal('added');
      expect(await store.addAction(SUB, { ...action, actionTt: 101n })).to.equal('duplicate');
      expect(await store.addAction(SUB, { ...action, uuid: 'u-2', actionTt: 102n })).to.equal('added');
      expect(await store.addAction(SUB, { ...action, messageTt: 30n, actionTt: 103n })).to.equal('added');
      const page = (q: Parameters<Storage['actions']>[2]) => store.actions(SUB, 'ch', q).map((a) => a.actionTt);
      expect(page({ limit: 100 })).to.deep.equal([100n, 102n, 103n]);
      expect(page({ limit: 2 })).to.deep.equal([102n, 103n]);
      expect(page({ limit: 100, start: 103n })).to.deep.equal([100n, 102n]);
      expect(page({ limit: 100, end: 102n })).to.deep.equal([102n, 103n]);
      expect(store.actionsOf(SUB, 'ch', [20n]).map((a) => a.uuid)).to.deep.equal(['u-1', 'u-2']);
      const removed = await store.removeAction(SUB, 'ch', 20n, 100n);
      expect(removed).to.deep.include({ uuid: 'u-1', type: 'reaction', value: 'smile', actionTt: 100n });
      expect(await store.removeAction(SUB, 'ch', 20n, 100n)).to.equal(undefined);
      expect(page({ limit: 100 })).to.deep.equal([102n, 103n]);
    });

    it('writes, overwrites, lists and deletes records per kind', async () => {
      await Promise.all([store.putRecord('group', 'g1', '["a"]'), store.putRecord('grant', 'g1', '{}')]);
      await store.putRecord('group', 'g1', '["a","b"]');
      await store.putRecord('group', 'g0', '[]');
      expect(store.records('group')).to.deep.equal([
        ['g0', '[]'],
        ['g1', '["a","b"]'],
      ]);
      await store.putRecord('group', 'g0', undefined);
      expect(store.records('group')).to.deep.equal([['g1', '["a","b"]']]);
      expect(store.records('grant')).to.deep.equal([['g1', '{}']]);
    });
  });
}
