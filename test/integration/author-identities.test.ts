/**
 * One person, several spellings: a real repository where Carol writes as "Carol Chen" and, from another address,
 * as "cchen", until a commit of "cchen" from Carol's address shows they are one person. Main authors, owners, the
 * author count and inactivity count her once, on a full scan and on an incremental one that learns the link late.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCodebaseSummary, getOwners, scanRepository } from '../../src/app/index.js';
import { openRepository } from '../../src/codebase/index.js';
import { loadFiles, loadRepoByRoot } from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const DAY = 86_400;
const START = Date.UTC(2024, 0, 1) / 1000;
const lines = (prefix: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `export const ${prefix}${i} = ${i};\n`).join('');

function buildRepo(): TestRepo {
  const repo = createTestRepo();
  const carol = lines('c', 30);
  const dan = lines('d', 40);
  const cchen = lines('e', 30);
  repo.commit({
    message: 'core',
    author: 'Carol Chen <carol@corp.io>',
    date: START,
    files: { 'src/core.ts': carol },
  });
  repo.commit({
    message: 'more core',
    author: 'Dan Dev <dan@corp.io>',
    date: START + DAY,
    files: { 'src/core.ts': carol + dan },
  });
  repo.commit({
    message: 'core from home',
    author: 'cchen <cc@home.net>',
    date: START + 2 * DAY,
    files: { 'src/core.ts': carol + dan + cchen },
  });
  repo.commit({
    message: 'util',
    author: 'Carol Chen <carol@corp.io>',
    date: START + 3 * DAY,
    files: { 'src/util.ts': 'export const u = 1;\n' },
  });
  repo.commit({
    message: 'util again',
    author: 'Carol Chen <carol@corp.io>',
    date: START + 4 * DAY,
    files: { 'src/util.ts': 'export const u = 2;\n' },
  });
  // A year later, "cchen" writes from Carol's work address: the link.
  repo.commit({
    message: 'util once more',
    author: 'cchen <carol@corp.io>',
    date: START + 400 * DAY,
    files: { 'src/util.ts': 'export const u = 3;\n' },
  });
  return repo;
}

describe.each(DIALECTS)('author identities on %s', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  beforeAll(async () => {
    repo = buildRepo();
    ts = await createTestStore(dialect);
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('counts two spellings as two people until a commit links them', async () => {
    const handle = await openRepository(repo.dir);
    await scanRepository(handle, ts.store, { until: repo.git('rev-parse', 'HEAD~1').trim() });
    const id = (await loadRepoByRoot(ts.store.db, repo.dir))!.id;
    const core = (await loadFiles(ts.store.db, id)).find((f) => f.path === 'src/core.ts')!;
    expect(core.mainAuthor).toBe('Dan Dev');
    expect(core.mainAuthorShare).toBeCloseTo(0.4, 10);
    expect((await getCodebaseSummary(handle, ts.store)).authors).toBe(3);
  });

  it('merges them on an incremental scan that reads the link, as a full scan does', async () => {
    const handle = await openRepository(repo.dir);
    expect((await scanRepository(handle, ts.store)).kind).toBe('incremental');
    const full = await createTestStore(dialect);
    try {
      await scanRepository(handle, full.store);
      const a = await loadFiles(ts.store.db, (await loadRepoByRoot(ts.store.db, repo.dir))!.id);
      const b = await loadFiles(full.store.db, (await loadRepoByRoot(full.store.db, repo.dir))!.id);
      expect(a).toEqual(b);
      const core = a.find((f) => f.path === 'src/core.ts')!;
      // Carol's 30 + 30 lines against Dan's 40, under the spelling she used most.
      expect(core).toMatchObject({ mainAuthor: 'Carol Chen' });
      expect(core.mainAuthorShare).toBeCloseTo(0.6, 10);
      expect(core.authors.map((x) => [x.name, x.added])).toEqual([
        ['Carol Chen', 60],
        ['Dan Dev', 40],
      ]);
    } finally {
      await full.dispose();
    }
    expect((await getCodebaseSummary(handle, ts.store)).authors).toBe(2);
    // Active through her latest spelling: her last commit is the link's, a year after her first.
    const owners = await getOwners(handle, ts.store, 'src');
    expect(owners.authors.map((x) => [x.name, x.files, x.inactive])).toEqual([['Carol Chen', 2, false]]);
    expect(owners.authors[0]!.lastCommit).toBe(START + 400 * DAY);
  });
});
