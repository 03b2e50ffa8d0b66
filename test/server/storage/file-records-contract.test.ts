/**
 * The file records of every store answer alike (docs/protocol.md §15.6): put, replace, read, page in (created, id)
 * order, delete, oldest, totals; the SQLite store keeps them across a reopen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, SqliteStorage, type Storage, type StoredFile } from '@pubkit/server';
import { expect } from 'chai';

function file(id: string, createdMs: number, extra: Partial<StoredFile> = {}): StoredFile {
  return {
    subKey: 'sub',
    channel: 'ch',
    id,
    name: `${id}.txt`,
    size: 10,
    createdMs,
    contentType: 'text/plain',
    ...extra,
  };
}

const stores: [name: string, open: (dir: string) => Storage][] = [
  ['memory', () => new MemoryStorage({ historySize: 10, maxChannels: 10, maxBytes: 1 << 20 })],
  ['sqlite', (dir) => new SqliteStorage({ dataDir: dir, nowMs: () => 0 })],
];

for (const [name, open] of stores) {
  describe(`file records contract: ${name}`, () => {
    let dir: string;
    let store: Storage;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'pubkit-file-records-'));
      store = open(dir);
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('puts, reads, pages oldest first, replaces by id, deletes, and keeps totals', async () => {
      const files = store.files;
      await files.putFile(file('b', 200));
      await files.putFile(file('a', 200));
      await files.putFile(file('c', 100, { size: 5 }));
      await files.putFile(file('x', 50, { channel: 'other', size: 1 }));
      expect(files.files('sub', 'ch', 10).map((f) => f.id)).to.deep.equal(['c', 'a', 'b']);
      expect(files.files('sub', 'ch', 2, { createdMs: 100, id: 'c' }).map((f) => f.id)).to.deep.equal(['a', 'b']);
      expect(files.files('sub', 'ch', 10, { createdMs: 200, id: 'a' }).map((f) => f.id)).to.deep.equal(['b']);
      expect(files.file('sub', 'ch', 'a')).to.deep.equal(file('a', 200));
      expect(files.file('sub', 'other', 'a')).to.equal(undefined);
      expect(files.oldestFile()?.id).to.equal('x');
      expect(files.fileTotals()).to.deep.equal({ count: 4, bytes: 26 });

      await files.putFile(file('a', 300, { size: 7, name: 'renamed' }));
      expect(files.fileTotals()).to.deep.equal({ count: 4, bytes: 23 });
      expect(files.files('sub', 'ch', 10).map((f) => f.id)).to.deep.equal(['c', 'b', 'a']);
      expect(files.file('sub', 'ch', 'a')?.name).to.equal('renamed');

      expect(await files.deleteFile('sub', 'ch', 'c')).to.equal(true);
      expect(await files.deleteFile('sub', 'ch', 'c')).to.equal(false);
      expect(await files.deleteFile('sub', 'ch', 'x')).to.equal(false);
      expect(files.fileTotals()).to.deep.equal({ count: 3, bytes: 18 });
      expect(files.files('sub', 'ch', 10).map((f) => f.id)).to.deep.equal(['b', 'a']);
    });

    if (name === 'sqlite') {
      it('keeps the records and totals across a reopen', async () => {
        await store.files.putFile(file('k', 10, { size: 42 }));
        await store.close();
        store = open(dir);
        expect(store.files.fileTotals()).to.deep.equal({ count: 1, bytes: 42 });
        expect(store.files.file('sub', 'ch', 'k')).to.deep.equal(file('k', 10, { size: 42 }));
      });
    }
  });
}
