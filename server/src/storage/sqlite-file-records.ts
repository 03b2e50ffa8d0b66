/**
 * File records in the SQLite store (`sqlite-storage.ts`, `dataDir`): one row per file in the `files` table of the
 * same database, written through the store's group commit, so a file's record is durable when its upload is
 * acknowledged (docs/protocol.md §15.6). The totals are counted once at open and kept in memory after each
 * committed change.
 */
import type Database from 'better-sqlite3';
import type { FileCursor, FileRecords, FileTotals, StoredFile } from './file-records.js';
import { SqliteStatements } from './sqlite-statements.js';

/** What the SQLite store lends its file records. */
export interface SqliteFileRecordsDeps {
  readonly db: Database.Database;
  /** Runs `run` inside the store's next group commit; resolves once committed. */
  write<T>(run: () => T): Promise<T>;
  /** Maps a thrown database error to a `StorageError`. */
  mapError(err: unknown): Error;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY, sub TEXT NOT NULL, channel TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL,
  created INTEGER NOT NULL, content_type TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_by_channel ON files (sub, channel, created, id);
CREATE INDEX IF NOT EXISTS files_by_age ON files (created, id);
`;

interface FileRow {
  id: string;
  sub: string;
  channel: string;
  name: string;
  size: bigint | number;
  created: bigint | number;
  content_type: string;
}

const COLUMNS = 'id, sub, channel, name, size, created, content_type';

/** Keeps file records in the store's database. */
export class SqliteFileRecords implements FileRecords {
  readonly #deps: SqliteFileRecordsDeps;
  readonly #sql: SqliteStatements;
  #count: number;
  #bytes: number;

  /** Creates the table when missing and counts what it holds. @throws StorageError */
  constructor(deps: SqliteFileRecordsDeps) {
    this.#deps = deps;
    this.#sql = new SqliteStatements(deps.db, { mapError: deps.mapError });
    try {
      deps.db.exec(SCHEMA);
    } catch (err) {
      throw deps.mapError(err);
    }
    const totals = this.#sql.get('SELECT count(*) AS n, coalesce(sum(size), 0) AS b FROM files', {}) as {
      n: number;
      b: number;
    };
    this.#count = Number(totals.n);
    this.#bytes = Number(totals.b);
  }

  async putFile(file: StoredFile): Promise<void> {
    const old = this.#sql.get('SELECT size FROM files WHERE id = @id', { id: file.id }) as { size: number } | undefined;
    await this.#deps.write(() =>
      this.#sql
        .statement(
          `INSERT OR REPLACE INTO files (${COLUMNS}) VALUES (@id, @sub, @channel, @name, @size, @created, @contentType)`,
        )
        .run({
          id: file.id,
          sub: file.subKey,
          channel: file.channel,
          name: file.name,
          size: file.size,
          created: Math.floor(file.createdMs),
          contentType: file.contentType,
        }),
    );
    if (old) {
      this.#count -= 1;
      this.#bytes -= Number(old.size);
    }
    this.#count += 1;
    this.#bytes += file.size;
  }

  file(subKey: string, channel: string, id: string): StoredFile | undefined {
    const row = this.#sql.get(`SELECT ${COLUMNS} FROM files WHERE id = @id AND sub = @sub AND channel = @channel`, {
      id,
      sub: subKey,
      channel,
    }) as FileRow | undefined;
    return row && toFile(row);
  }

  files(subKey: string, channel: string, limit: number, after?: FileCursor): StoredFile[] {
    const rows = this.#sql.all(
      `SELECT ${COLUMNS} FROM files WHERE sub = @sub AND channel = @channel${
        after ? ' AND (created > @created OR (created = @created AND id > @id))' : ''
      } ORDER BY created, id LIMIT @limit`,
      { sub: subKey, channel, limit, ...(after ? { created: Math.floor(after.createdMs), id: after.id } : {}) },
    ) as FileRow[];
    return rows.map(toFile);
  }

  async deleteFile(subKey: string, channel: string, id: string): Promise<boolean> {
    const old = this.file(subKey, channel, id);
    if (!old) return false;
    const result = await this.#deps.write(() =>
      this.#sql.statement('DELETE FROM files WHERE id = @id AND sub = @sub AND channel = @channel').run({
        id,
        sub: subKey,
        channel,
      }),
    );
    if (result.changes === 0) return false;
    this.#count -= 1;
    this.#bytes -= old.size;
    return true;
  }

  oldestFile(): StoredFile | undefined {
    const row = this.#sql.get(`SELECT ${COLUMNS} FROM files ORDER BY created, id LIMIT 1`, {}) as FileRow | undefined;
    return row && toFile(row);
  }

  fileTotals(): FileTotals {
    return { count: this.#count, bytes: this.#bytes };
  }
}

function toFile(r: FileRow): StoredFile {
  return {
    subKey: r.sub,
    channel: r.channel,
    id: r.id,
    name: r.name,
    size: Number(r.size),
    createdMs: Number(r.created),
    contentType: r.content_type,
  };
}
