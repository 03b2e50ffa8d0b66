/**
 * What only the SQLite store promises (docs/protocol.md §13.1): everything survives a reopen, the last timetoken
 * is remembered, and a locked or full database fails with a clear `StorageError` while the file stays intact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, SqliteStorage, StorageError } from '@pubkit/server';
import Database from 'better-sqlite3';
import { expect } from 'chai';

const SUB = 'sub-c';

describe('storage: SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pubkit-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (maxBytes?: number) => new SqliteStorage({ dataDir: dir, nowMs: () => 0, maxBytes });

  it('keeps messages, actions, records and the last timetoken across a reopen', async () => {
    const first = open();
    await first.appendMessage(SUB, { channel: 'ch', tt: 17000000000000001n, payload: '"a"', messageType: 0 });
    await first.addAction(SUB, {
      channel: 'ch',
      messageTt: 17000000000000001n,
      actionTt: 17000000000000002n,
      type: 'receipt',
      value: 'read',
      uuid: 'u',
    });
    await first.putRecord('group', 'g', '["ch"]');
    await first.deleteMessages(SUB, 'ch', {});
    await first.close();

    const second = open();
    try {
      expect(second.lastTimetoken()).to.equal(17000000000000002n);
      expect(second.messages(SUB, 'ch', { count: 10 }, 0)).to.deep.equal([]);
      expect(second.actions(SUB, 'ch', { limit: 10 })).to.have.length(1);
      expect(second.records('group')).to.deep.equal([['g', '["ch"]']]);
    } finally {
      await second.close();
    }
  });

  it('reads through a write lock held by another process (WAL), writes fail STORAGE_BUSY, then work again', async () => {
    const store = open();
    await store.appendMessage(SUB, { channel: 'ch', tt: 10n, payload: '1', messageType: 0 });
    const locker = new Database(join(dir, DATABASE_FILE));
    try {
      locker.exec('BEGIN IMMEDIATE');
      locker.exec("INSERT INTO records (kind, key, value) VALUES ('x', 'y', 'z')");
      expect(store.messages(SUB, 'ch', { count: 10 }, 0).map((e) => e.tt)).to.deep.equal([10n]);
      const failed = await store.appendMessage(SUB, { channel: 'ch', tt: 20n, payload: '2', messageType: 0 }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failed).to.be.instanceOf(StorageError).with.property('code', 'STORAGE_BUSY');
      locker.exec('ROLLBACK');
    } finally {
      locker.close();
    }
    await store.appendMessage(SUB, { channel: 'ch', tt: 30n, payload: '3', messageType: 0 });
    expect(store.messages(SUB, 'ch', { count: 10 }, 0).map((e) => e.tt)).to.deep.equal([10n, 30n]);
    await store.close();
  });

  it('answers STORAGE_FULL past its quota and keeps what was committed before', async () => {
    const store = open(256 * 1024);
    const big = JSON.stringify('x'.repeat(30_000));
    let tt = 1n;
    let failure: unknown;
    for (let i = 0; i < 40 && failure === undefined; i++) {
      failure = await store.appendMessage(SUB, { channel: 'ch', tt: tt++, payload: big, messageType: 0 }).then(
        () => undefined,
        (err: unknown) => err,
      );
    }
    expect(failure).to.be.instanceOf(StorageError).with.property('code', 'STORAGE_FULL');
    const kept = store.messages(SUB, 'ch', { count: 100 }, 0).length;
    expect(kept).to.equal(Number(tt) - 2);
    await store.close();
    const reopened = open();
    expect(reopened.messages(SUB, 'ch', { count: 100 }, 0)).to.have.length(kept);
    await reopened.close();
    const check = new Database(join(dir, DATABASE_FILE), { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).to.equal('ok');
    } finally {
      check.close();
    }
  });
});
