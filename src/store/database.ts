/**
 * Opens the store: SQLite (better-sqlite3, WAL) for one developer, PostgreSQL for a team. Migrations are
 * applied automatically on open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type SqliteDatabase as KyselySqlite,
} from 'kysely';
import { TpoError } from '../domain/index.js';
import { createMigrationProvider, type DialectKind } from './migrations/index.js';
import type { Database } from './schema.js';
import { isPostgresUrl } from './store-location.js';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectKind;
  /** Where the store lives, for messages: a file path or a URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** A SQLite file path, `:memory:`, or a `postgres://` / `postgresql://` URL. */
  readonly location: string;
  /** PostgreSQL schema to use (created if missing); tests give each file its own. */
  readonly schema?: string;
}

export { isPostgresUrl } from './store-location.js';

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** The one schema a postgres URL's `options=-c search_path=<schema>` names, if any. */
function getSearchPathSchema(url: string): string | undefined {
  let options: string | null;
  try {
    options = new URL(url).searchParams.get('options');
  } catch {
    return undefined;
  }
  const m =
    options === null ? null : /(?:^|\s)-c\s*search_path\s*=\s*"?([a-z_][a-z0-9_]*)"?\s*$/i.exec(options);
  return m ? m[1] : undefined;
}

/**
 * Prepared insert statements kept per connection, the least recently used dropped first: a scan uses about a
 * hundred statement texts (batch.ts: per table, a full chunk and the powers of two below it).
 */
const CACHED_STATEMENTS = 160;

/**
 * The connection as Kysely's SQLite driver sees it, keeping insert statements prepared. The driver prepares every
 * query it runs, and batch.ts sends the same multi-row insert text for every chunk: preparing a statement with
 * thousands of parameters each time cost about a fifth of a scan's SQLite time. Only inserts are kept: they are
 * never iterated, so a kept statement is never busy when it is run again.
 */
function keepInsertsPrepared(sqlite: SqliteDatabase.Database): KyselySqlite {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      if (!text.startsWith('insert ')) return sqlite.prepare(text);
      let statement = kept.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (kept.size >= CACHED_STATEMENTS) kept.delete(kept.keys().next().value!);
      } else kept.delete(text);
      kept.set(text, statement);
      return statement;
    },
  };
}

/** Opens (and migrates) the store at `location`. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { location } = options;
  // A URL that names its schema (`?options=-c search_path=team`) is treated like the schema option, so a fresh
  // schema is created and migrated there.
  const schema = options.schema ?? (isPostgresUrl(location) ? getSearchPathSchema(location) : undefined);
  options = { ...options, ...(schema !== undefined ? { schema } : {}) };
  let db: Kysely<Database>;
  let dialect: DialectKind;
  if (isPostgresUrl(location)) {
    dialect = 'postgres';
    // Loaded on demand: a local SQLite user never pays for the PostgreSQL driver, and the reverse.
    const { default: pg } = await import('pg');
    // bigint and numeric come back as strings by default; every figure we keep fits a double.
    const types = {
      getTypeParser: (oid: number, format?: string) => {
        if (oid === 20 || oid === 1700) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
      },
    };
    const pool = new pg.Pool({
      connectionString: location,
      max: 10,
      types,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
      else await sql`select 1`.execute(db);
    } catch (error) {
      await db.destroy();
      throw new TpoError(
        'StoreFailed',
        `cannot reach PostgreSQL at ${redact(location)}: ${(error as Error).message}. Is the server running?`,
        { location: redact(location) },
        { cause: error },
      );
    }
  } else {
    dialect = 'sqlite';
    if (location !== ':memory:') mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
    const { default: BetterSqlite } = await import('better-sqlite3');
    let sqlite: SqliteDatabase.Database;
    try {
      sqlite = new BetterSqlite(location);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // Checkpoint the write-ahead log every ~40 MB instead of every 4 MB (SQLite's default): a scan's transactions
      // then copy their pages into the database once, at close, instead of once per transaction as well.
      sqlite.pragma('wal_autocheckpoint = 10000');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 10000');
    } catch (error) {
      throw new TpoError(
        'StoreFailed',
        `cannot open the SQLite store ${location}: ${(error as Error).message}`,
        { location },
        { cause: error },
      );
    }
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepInsertsPrepared(sqlite) }) });
  }
  // With a schema of its own, the migration tables must live in it: Kysely's existence check looks at every schema.
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(dialect),
    // Features grow their own tables in parallel; a store may meet a migration numbered below its newest.
    allowUnorderedMigrations: true,
    ...(dialect === 'postgres' && options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new TpoError(
      'StoreFailed',
      `could not bring the store at ${redact(location)} up to date: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  return { db, dialect, location: redact(location), close: () => db.destroy() };
}
