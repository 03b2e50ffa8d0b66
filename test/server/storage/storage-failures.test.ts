/**
 * A store in trouble over HTTP (docs/protocol.md §13.1): a database locked by another process answers publishes
 * 503 while history keeps answering from the WAL; a full database answers 507; neither corrupts the file nor
 * acknowledges a message it did not keep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE } from '@pubkit/server';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { enc, type Harness, harness } from '../helpers.js';

describe('server: storage failures over HTTP', () => {
  let dir: string;
  let h: Harness;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pubkit-fail-'));
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const publish = (ch: string, message: unknown) => h.get(`/publish/pub/sub/0/${ch}/0/${enc(message)}`);
  const history = async (ch: string) =>
    (
      (await h.get(`/v3/history/sub-key/sub/channel/${ch}`)).json as {
        channels: Record<string, { message: unknown }[]>;
      }
    ).channels[ch]?.map((e) => e.message) ?? [];

  it('answers 503 to a publish while another process holds the write lock, serves history, then recovers', async () => {
    h = await harness({ dataDir: dir });
    expect((await publish('a', 1)).status).to.equal(200);
    const locker = new Database(join(dir, DATABASE_FILE));
    try {
      locker.exec('BEGIN IMMEDIATE');
      const refused = await publish('a', 2);
      expect(refused.status).to.equal(503);
      expect((refused.json as unknown[])[0]).to.equal(0);
      expect(refused.text).to.contain('Storage Unavailable');
      const read = await h.get('/v3/history/sub-key/sub/channel/a');
      expect(read.status).to.equal(200);
      const action = await h.get('/v1/message-actions/sub/channel/a/message/1?uuid=u', {
        method: 'POST',
        body: '{"type":"t","value":"v"}',
      });
      expect(action.status).to.equal(503);
      locker.exec('ROLLBACK');
    } finally {
      locker.close();
    }
    expect((await publish('a', 3)).status).to.equal(200);
    expect(await history('a')).to.deep.equal([1, 3]);
  });

  it('answers 507 once the database is full, keeps every acknowledged message, and the file checks ok', async () => {
    h = await harness({ dataDir: dir, maxDatabaseBytes: 200 * 1024 });
    const big = 'x'.repeat(20_000);
    const acked: number[] = [];
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      status = (await publish('full', { i, big })).status;
      if (status === 200) acked.push(i);
    }
    expect(status).to.equal(507);
    const kept = (await history('full')).map((m) => (m as { i: number }).i);
    expect(kept).to.deep.equal(acked);
    await h.close();
    const check = new Database(join(dir, DATABASE_FILE), { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).to.equal('ok');
    } finally {
      check.close();
    }
    h = await harness({ dataDir: dir, maxDatabaseBytes: 200 * 1024 });
    expect((await history('full')).length).to.equal(acked.length);
  });
});
