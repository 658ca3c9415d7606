/**
 * Runs store tests once per database (DIALECTS=sqlite,postgres by default), as Kysely does:
 * SQLite in a temp file, PostgreSQL in a schema of its own on the real server (TPO_TEST_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type DialectKind, type Store } from '../../src/store/index.js';

export const POSTGRES_URL = process.env.TPO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const DIALECTS: readonly DialectKind[] = (process.env.DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectKind => d === 'sqlite' || d === 'postgres');

export interface TestStore {
  readonly store: Store;
  /** What to pass as --db (a file path or a URL); for postgres, `schema` must be passed too. */
  readonly location: string;
  readonly schema?: string;
  /** Environment for a CLI child process that must use this store. */
  readonly env: Readonly<Record<string, string>>;
  dispose(): Promise<void>;
}

let counter = 0;

export async function createTestStore(dialect: DialectKind): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-store-'));
    const location = path.join(dir, 'tpo.db');
    const store = await openStore({ location });
    return {
      store,
      location,
      env: { TPO_DATABASE_URL: location },
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  counter += 1;
  const schema = `tpo_test_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
  const store = await openStore({ location: POSTGRES_URL, schema });
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    store,
    location: url.toString(),
    schema,
    env: { TPO_DATABASE_URL: url.toString() },
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}
