/**
 * Prepared statements of one SQLite database, prepared once per SQL text and reused, with database errors mapped
 * to the store's own error type. Shared by the SQLite store (`sqlite-storage.ts`) and its file records
 * (`sqlite-file-records.ts`), so both read the database the same way.
 */
import type Database from 'better-sqlite3';

/** How statements are prepared and how their errors are reported. */
export interface SqliteStatementsOptions {
  /** Maps a thrown database error (from `get` and `all`) to the store's error type. */
  readonly mapError: (err: unknown) => Error;
  /** Read integers as `bigint` (timetokens do not fit a double). @default false */
  readonly safeIntegers?: boolean | undefined;
}

/** A cache of prepared statements over one database. */
export class SqliteStatements {
  readonly #db: Database.Database;
  readonly #options: SqliteStatementsOptions;
  readonly #cache = new Map<string, Database.Statement>();

  constructor(db: Database.Database, options: SqliteStatementsOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** The prepared statement of `sql`, prepared on first use. */
  statement(sql: string): Database.Statement {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      if (this.#options.safeIntegers === true && statement.reader) statement.safeIntegers(true);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /** Runs a writing statement; its errors are left to the caller's commit, which maps them. */
  run(sql: string, params: Record<string, unknown>): Database.RunResult {
    return this.statement(sql).run(params);
  }

  /** The first row of a query, or undefined. @throws what `mapError` makes of a database error */
  get(sql: string, params: Record<string, unknown>): unknown {
    try {
      return this.statement(sql).get(params);
    } catch (err) {
      throw this.#options.mapError(err);
    }
  }

  /** Every row of a query. @throws what `mapError` makes of a database error */
  all(sql: string, params: Record<string, unknown>): unknown[] {
    try {
      return this.statement(sql).all(params);
    } catch (err) {
      throw this.#options.mapError(err);
    }
  }
}
