import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/codebase/index.js';
import {
  getCodebaseSummary,
  getCoupling,
  getHotspots,
  getOwners,
  scanRepository,
} from '../../src/app/index.js';
import { loadChangeSets, loadFiles, loadRepoByRoot } from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const ANN = 'Ann Author <ann@example.com>';
const BOB = 'Bob Builder <bob@example.com>';
const TAX = Array.from({ length: 8 }, (_, i) => `export const rate${i} = 0.${i};\n`).join('');

/** A history with merges (one octopus), a rename, a binary file, odd paths and two authors. */
function buildRepo(): TestRepo {
  const repo = createTestRepo();
  repo.commit({
    message: 'start the billing service',
    author: ANN,
    files: {
      'src/billing/invoice.ts': 'export function total() {\n  return 1;\n}\n',
      'README.md': '# demo\n',
    },
  });
  repo.commit({
    message: 'add tax rules',
    author: ANN,
    files: { 'src/billing/tax.ts': TAX, 'path with space.txt': 'a\n', 'ünïcode.md': 'x\n' },
  });
  repo.branch('feature');
  repo.commit({
    message: 'feature: discounts',
    author: BOB,
    files: { 'src/billing/discount.ts': 'export const d = 1;\nexport const e = 2;\n' },
  });
  repo.commit({
    message: 'feature: logo',
    author: BOB,
    files: { 'assets/logo.png': Buffer.from([0x89, 0x50, 0, 1, 2, 3]) },
  });
  repo.checkout('main');
  repo.commit({
    message: 'fix invoice totals',
    author: ANN,
    files: {
      'src/billing/invoice.ts': 'export function total() {\n  if (x) {\n    return 2;\n  }\n  return 1;\n}\n',
    },
  });
  repo.merge('feature', { message: 'Merge branch feature', author: ANN });
  repo.branch('x1');
  repo.commit({ message: 'x1 work', author: BOB, files: { 'lib/x1.py': 'import os\n' } });
  repo.checkout('main');
  repo.branch('x2');
  repo.commit({ message: 'x2 work', author: BOB, files: { 'lib/x2.py': 'import sys\n' } });
  repo.checkout('main');
  repo.merge(['x1', 'x2'], { message: 'octopus merge', author: ANN });
  repo.commit({
    message: 'move tax rules',
    author: BOB,
    renames: { 'src/billing/tax.ts': 'src/billing/tax-rules.ts' },
    files: { 'src/billing/tax-rules.ts': `${TAX}export const reduced = 0.1;\n` },
  });
  return repo;
}

/** The stored (path, author) totals of the scanned repository, without the repository id, in a fixed order. */
async function pathAuthorRows(ts: TestStore): Promise<Record<string, unknown>[]> {
  const rows = await ts.store.db
    .selectFrom('path_authors')
    .selectAll()
    .orderBy('path')
    .orderBy('author_name')
    .orderBy('author_email')
    .execute();
  return rows.map(({ repo_id: _r, ...rest }) => ({
    ...rest,
    added: Number(rest.added),
    deleted: Number(rest.deleted),
    first_time: Number(rest.first_time),
    last_time: Number(rest.last_time),
  }));
}

describe.each(DIALECTS)('scan on %s', (dialect) => {
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

  it('stores as many commits and change sets as git counts', async () => {
    const handle = await openRepository(repo.dir);
    const summary = await scanRepository(handle, ts.store);
    expect(summary.kind).toBe('full');
    expect(summary.commits).toBe(Number(repo.git('rev-list', '--count', 'HEAD').trim()));
    expect(summary.changeSets).toBe(Number(repo.git('rev-list', '--first-parent', '--count', 'HEAD').trim()));
    expect(summary.headCommit).toBe(repo.head());
    expect(summary.files).toBe(repo.git('ls-files').trim().split('\n').length);
    expect(summary.excludedByReason.binary).toBe(1);
  });

  it('gives a merge change set the files and commits of its branch', async () => {
    const row = (await loadRepoByRoot(ts.store.db, repo.dir))!;
    const sets = await loadChangeSets(ts.store.db, row.id);
    const merge = sets.find((s) => s.message === 'Merge branch feature')!;
    expect(merge).toMatchObject({ is_merge: 1, commit_count: 3, file_count: 2 });
    const octopus = sets.find((s) => s.message === 'octopus merge')!;
    expect(octopus).toMatchObject({ is_merge: 1, commit_count: 3, file_count: 2 });
  });

  it('follows renames so a moved file keeps its history and authors', async () => {
    const row = (await loadRepoByRoot(ts.store.db, repo.dir))!;
    const files = await loadFiles(ts.store.db, row.id);
    const tax = files.find((f) => f.path === 'src/billing/tax-rules.ts')!;
    expect(tax.totalRevisions).toBe(2);
    expect(tax.authors.map((a) => a.name).sort()).toEqual(['Ann Author', 'Bob Builder']);
    const invoice = files.find((f) => f.path === 'src/billing/invoice.ts')!;
    expect(invoice).toMatchObject({
      totalRevisions: 2,
      mainAuthor: 'Ann Author',
      mainAuthorShare: 1,
      language: 'TypeScript',
    });
    expect(files.map((f) => f.path)).toContain('path with space.txt');
    expect(files.map((f) => f.path)).toContain('ünïcode.md');
  });

  it('ranks hotspots and owners from the scanned model', async () => {
    const handle = await openRepository(repo.dir);
    const hotspots = await getHotspots(handle, ts.store);
    expect(hotspots[0]!.path).toBe('src/billing/invoice.ts');
    const owners = await getOwners(handle, ts.store, 'src/billing');
    expect(owners.authors[0]!.name).toBe('Ann Author');
    const summary = await getCodebaseSummary(handle, ts.store);
    expect(summary.authors).toBe(2);
  });

  it('scans only the new commits next time, and the result equals a full scan', async () => {
    repo.commit({
      message: 'invoice rounding',
      author: BOB,
      files: {
        'src/billing/invoice.ts': 'export function total() {\n  return Math.round(1);\n}\n',
        'src/billing/tax-rules.ts': 'export const rate = 0.25;\n',
      },
    });
    const handle = await openRepository(repo.dir);
    const incremental = await scanRepository(handle, ts.store);
    expect(incremental).toMatchObject({ kind: 'incremental', newCommits: 1 });
    expect(incremental.blobsMeasured).toBe(2);
    const full = await createTestStore(dialect);
    try {
      const fresh = await scanRepository(handle, full.store);
      expect(fresh).toMatchObject({
        commits: incremental.commits,
        changeSets: incremental.changeSets,
        files: incremental.files,
        imports: incremental.imports,
      });
      const a = await loadFiles(ts.store.db, (await loadRepoByRoot(ts.store.db, repo.dir))!.id);
      const b = await loadFiles(full.store.db, (await loadRepoByRoot(full.store.db, repo.dir))!.id);
      expect(a).toEqual(b);
      const ca = await loadChangeSets(ts.store.db, (await loadRepoByRoot(ts.store.db, repo.dir))!.id);
      const cb = await loadChangeSets(full.store.db, (await loadRepoByRoot(full.store.db, repo.dir))!.id);
      expect(ca.map(({ repo_id: _r, ...rest }) => rest)).toEqual(cb.map(({ repo_id: _r, ...rest }) => rest));
      // The (path, author) totals added to by the incremental scan equal those a full scan sums.
      expect(await pathAuthorRows(ts)).toEqual(await pathAuthorRows(full));
      expect(await pathAuthorRows(ts)).toContainEqual(
        expect.objectContaining({ path: 'src/billing/invoice.ts', author_name: 'Bob Builder', commits: 1 }),
      );
    } finally {
      await full.dispose();
    }
  });

  it('rewinds to an earlier commit with the (path, author) totals of that commit', async () => {
    const handle = await openRepository(repo.dir);
    const earlier = repo.git('rev-parse', 'HEAD~1').trim();
    const rewound = await scanRepository(handle, ts.store, { until: earlier });
    expect(rewound.kind).toBe('rewind');
    const full = await createTestStore(dialect);
    try {
      await scanRepository(handle, full.store, { until: earlier });
      expect(await pathAuthorRows(ts)).toEqual(await pathAuthorRows(full));
      expect(await pathAuthorRows(ts)).not.toContainEqual(
        expect.objectContaining({ path: 'src/billing/invoice.ts', author_name: 'Bob Builder' }),
      );
      const a = await loadFiles(ts.store.db, (await loadRepoByRoot(ts.store.db, repo.dir))!.id);
      const b = await loadFiles(full.store.db, (await loadRepoByRoot(full.store.db, repo.dir))!.id);
      expect(a).toEqual(b);
    } finally {
      await full.dispose();
    }
    // Forward again, incrementally.
    expect((await scanRepository(handle, ts.store)).kind).toBe('incremental');
  });

  it('answers co-change for one file from history', async () => {
    const handle = await openRepository(repo.dir);
    const result = await getCoupling(handle, ts.store, { file: 'src/billing/invoice.ts' });
    expect(result).toMatchObject({ file: 'src/billing/invoice.ts' });
    if (!('results' in result)) throw new Error('expected results for one file');
    expect(result.results.find((r) => r.path === 'src/billing/tax-rules.ts')).toMatchObject({
      shared: 1,
      revisions: 3,
      score: 1 / 3,
    });
    expect(result.results[0]!.evidence).toBe(
      'changed together in 1 of 3 change sets that touched src/billing/invoice.ts',
    );
  });
  it('recomputes only what changed after a rename and a moved window, and equals a full scan', async () => {
    repo.commit({
      message: 'rename discounts',
      author: ANN,
      renames: { 'src/billing/discount.ts': 'src/billing/discounts.ts' },
      files: {
        'src/billing/discounts.ts': 'export const d = 1;\nexport const e = 2;\nexport const f = 3;\n',
      },
    });
    const handle = await openRepository(repo.dir);
    // A three-day window: most commits fall out of it, so the stored files' window figures must all move.
    const incremental = await scanRepository(handle, ts.store, { windowDays: 3 });
    expect(incremental).toMatchObject({ kind: 'incremental', newCommits: 1 });
    const full = await createTestStore(dialect);
    try {
      await scanRepository(handle, full.store, { windowDays: 3 });
      const a = await loadFiles(ts.store.db, (await loadRepoByRoot(ts.store.db, repo.dir))!.id);
      const b = await loadFiles(full.store.db, (await loadRepoByRoot(full.store.db, repo.dir))!.id);
      expect(a).toEqual(b);
      expect(a.find((f) => f.path === 'src/billing/discounts.ts')).toMatchObject({
        totalRevisions: 2,
        revisions: 1,
        mainAuthor: 'Bob Builder',
      });
      expect(a.find((f) => f.path === 'src/billing/invoice.ts')).toMatchObject({
        totalRevisions: 3,
        revisions: 1,
      });
      expect(await pathAuthorRows(ts)).toEqual(await pathAuthorRows(full));
    } finally {
      await full.dispose();
    }
  });
});
