/**
 * Reading a large repository's per-(path, author) history back from the store: a scan of a million-commit
 * repository holds hundreds of thousands of such rows, more than a spread call's arguments can carry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../src/store/batch.js';
import { loadPathAuthorHistories, saveNewRepo } from '../../src/store/index.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

/** More rows than V8 passes as the arguments of one call (about 120,000 with Node's default stack). */
const ROWS = 200_000;
const AUTHORS = 4;

describe.each(DIALECTS)('loadPathAuthorHistories on %s', (dialect) => {
  let t: TestStore;
  let repoId: number;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    const repo = await saveNewRepo(t.store.db, {
      root: '/tmp/large-history',
      name: 'large-history',
      gitDir: '/tmp/large-history/.git',
      isShallow: false,
      now: 1_700_000_000,
    });
    repoId = repo.id;
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      repo_id: repoId,
      path: `src/f${String(Math.floor(i / AUTHORS)).padStart(6, '0')}.ts`,
      author_name: `Author ${i % AUTHORS}`,
      author_email: `a${i % AUTHORS}@example.com`,
      commits: 1 + (i % 3),
      added: 10,
      deleted: 2,
      first_time: 1_600_000_000,
      last_time: 1_600_000_000 + i,
    }));
    await insertRows(t.store.db, 'path_authors', rows);
  }, 120_000);

  afterAll(async () => {
    await t?.dispose();
  });

  it('reads every row of a history too large for one call', async () => {
    const histories = await loadPathAuthorHistories(t.store.db, repoId, 0);
    expect(histories).toHaveLength(ROWS);
    // Sorted by path, then author; nothing in the (empty) window.
    expect(histories[0]).toMatchObject({ path: 'src/f000000.ts', authorName: 'Author 0', commits: 1 });
    expect(histories[ROWS - 1]).toMatchObject({
      path: `src/f${String(ROWS / AUTHORS - 1).padStart(6, '0')}.ts`,
    });
    expect(histories.every((h) => h.windowCommits === 0)).toBe(true);
  }, 120_000);
});
