/**
 * A first scan into an empty SQLite store loads the history with the history tables' secondary indexes dropped
 * and rebuilds them before its transaction ends (suspendSecondaryIndexes): the store must end with the same
 * indexes as the migrations made, whether the scan completes or fails half-way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanRepository } from '../../src/app/index.js';
import { openRepository } from '../../src/codebase/index.js';
import { openStore, suspendSecondaryIndexes, type Store } from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';

const ANN = 'Ann Author <ann@example.com>';

async function indexDefinitions(store: Store): Promise<string[]> {
  const { rows } = await sql<{ definition: string | null; name: string }>`
    select name, sql as definition from sqlite_master
    where type = 'index' and tbl_name in ('changes', 'commits') order by name`.execute(store.db);
  return rows.map((r) => `${r.name}: ${r.definition ?? '(automatic)'}`);
}

describe('a first scan into an empty SQLite store', () => {
  let repo: TestRepo;
  let other: TestRepo;
  let dir: string;

  beforeAll(() => {
    repo = createTestRepo();
    other = createTestRepo();
    for (const [r, name] of [
      [repo, 'a'],
      [other, 'b'],
    ] as const)
      for (let i = 0; i < 6; i += 1)
        r.commit({
          message: `change ${i}`,
          author: ANN,
          files: { [`src/${name}${i % 2}.ts`]: `export const v = ${i};\n` },
        });
    dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-bulk-'));
  });
  afterAll(() => {
    repo.remove();
    other.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with the indexes the migrations made, also after a second repository', async () => {
    const store = await openStore({ location: path.join(dir, 'two.db') });
    try {
      const migrated = await indexDefinitions(store);
      expect(migrated.length).toBeGreaterThanOrEqual(5);
      await scanRepository(await openRepository(repo.dir), store);
      expect(await indexDefinitions(store)).toEqual(migrated);
      // The second repository's history goes into tables that are no longer empty: nothing is dropped.
      expect(await suspendSecondaryIndexes(store.db, ['changes', 'commits'])).toBeNull();
      await scanRepository(await openRepository(other.dir), store);
      expect(await indexDefinitions(store)).toEqual(migrated);
      const { rows } = await sql<{ n: number }>`select count(*) as n from changes`.execute(store.db);
      expect(rows[0]!.n).toBe(12);
    } finally {
      await store.close();
    }
  });

  it('keeps the indexes when the transaction that dropped them fails', async () => {
    const store = await openStore({ location: path.join(dir, 'failed.db') });
    try {
      const migrated = await indexDefinitions(store);
      await expect(
        store.db.transaction().execute(async (trx) => {
          expect(await suspendSecondaryIndexes(trx, ['changes', 'commits'])).not.toBeNull();
          throw new Error('the scan failed');
        }),
      ).rejects.toThrow('the scan failed');
      expect(await indexDefinitions(store)).toEqual(migrated);
    } finally {
      await store.close();
    }
  });
});
