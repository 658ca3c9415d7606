import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addItem,
  addWorkspaceRepo,
  loadItemJudgments,
  listWorkspaceRepos,
  removeWorkspaceRepo,
  scanRepository,
  scanWorkspaceRepo,
} from '../../src/app/index.js';
import { openRepository } from '../../src/codebase/index.js';
import { countRows, loadRepos } from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

function makeRepo(files: Record<string, string>): TestRepo {
  const repo = createTestRepo();
  repo.commit({ message: 'first', files });
  repo.commit({ message: 'second', files: { 'README.md': '# readme\n' } });
  return repo;
}

describe.each(DIALECTS)('workspace repositories on %s', (dialect) => {
  let ts: TestStore;
  let api: TestRepo;
  let web: TestRepo;
  let cache: string;
  beforeAll(async () => {
    ts = await createTestStore(dialect);
    api = makeRepo({ 'src/routes.ts': 'export const routes = [];\n' });
    web = makeRepo({ 'src/page.tsx': 'export const Page = () => null;\n' });
    cache = mkdtempSync(path.join(os.tmpdir(), 'tpo-cache-'));
  });
  afterAll(async () => {
    await ts.dispose();
    api.remove();
    web.remove();
    rmSync(cache, { recursive: true, force: true });
  });

  it('adds a path and a clone URL, refuses a second one of either, and lists them', async () => {
    const a = await addWorkspaceRepo(ts.store, { source: api.dir, name: 'api' });
    expect(a).toMatchObject({ name: 'api', kind: 'path', repoId: null, headCommit: null });
    const w = await addWorkspaceRepo(ts.store, { source: `file://${web.dir}`, name: 'web' });
    expect(w.kind).toBe('url');
    await expect(addWorkspaceRepo(ts.store, { source: api.dir, name: 'other' })).rejects.toMatchObject({
      code: 'Conflict',
    });
    await expect(addWorkspaceRepo(ts.store, { source: web.dir, name: 'api' })).rejects.toMatchObject({
      code: 'Conflict',
    });
    await expect(addWorkspaceRepo(ts.store, { source: web.dir, name: 'a:b' })).rejects.toMatchObject({
      code: 'Invalid',
    });
    await expect(addWorkspaceRepo(ts.store, { source: cache })).rejects.toMatchObject({
      code: 'NotAGitRepo',
    });
    expect((await listWorkspaceRepos(ts.store)).map((r) => r.name)).toEqual(['api', 'web']);
  });

  it('scans a path in place and a URL through a clone, and links each to its code model', async () => {
    const [a, w] = await listWorkspaceRepos(ts.store);
    const sa = await scanWorkspaceRepo(ts.store, a!.id, { cacheDir: cache });
    const sw = await scanWorkspaceRepo(ts.store, w!.id, { cacheDir: cache });
    expect(sa).toMatchObject({ kind: 'full', commits: 2, files: 2 });
    expect(sw).toMatchObject({ kind: 'full', commits: 2, files: 2, repo: 'web' });
    expect(sw.root.startsWith(cache)).toBe(true);
    const listed = await listWorkspaceRepos(ts.store);
    expect(listed.map((r) => r.headCommit)).toEqual([api.head(), web.head()]);
    expect(new Set(listed.map((r) => r.repoId)).size).toBe(2);
  });

  it('continues a URL repository incrementally from a clone in another cache (another worker)', async () => {
    web.commit({ message: 'third', files: { 'src/other.ts': 'export const o = 1;\n' } });
    const w = (await listWorkspaceRepos(ts.store))[1]!;
    const other = mkdtempSync(path.join(os.tmpdir(), 'tpo-cache-'));
    try {
      const s = await scanWorkspaceRepo(ts.store, w.id, { cacheDir: other });
      expect(s).toMatchObject({ kind: 'incremental', newCommits: 1, commits: 3 });
      const after = (await listWorkspaceRepos(ts.store))[1]!;
      expect(after.repoId).toBe(w.repoId);
      expect((await loadRepos(ts.store.db)).length).toBe(2);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('keeps an earlier scan of a path added later, and keeps the code model of a removed repository', async () => {
    const extra = makeRepo({ 'lib.py': 'x = 1\n' });
    try {
      const handle = await openRepository(extra.dir);
      await scanRepository(handle, ts.store);
      const added = await addWorkspaceRepo(ts.store, { source: extra.dir });
      expect(added.repoId).not.toBeNull();
      const removed = await removeWorkspaceRepo(ts.store, added.name);
      expect(removed.id).toBe(added.id);
      expect((await countRows(ts.store.db, added.repoId!)).commits).toBe(2);
      await expect(removeWorkspaceRepo(ts.store, added.name)).rejects.toMatchObject({ code: 'NotFound' });
    } finally {
      extra.remove();
    }
  });

  it('judges an item in each repository its areas name and sums the parts; plain areas stay in the current one', async () => {
    const [a, w] = await listWorkspaceRepos(ts.store);
    const current = { repo: await openRepository(api.dir), store: ts.store };
    const both = await addItem(ts.store, {
      title: 'Show routes on the page',
      areas: [`${a!.name}:src/**`, `${w!.name}:src/page.tsx`],
      rice: { effort: 1 },
    });
    const apiOnly = await addItem(ts.store, { title: 'Routes', areas: ['src/**'], rice: { effort: 1 } });
    const webOnly = await addItem(ts.store, {
      title: 'Page',
      areas: [`${w!.name}:src/page.tsx`],
      rice: { effort: 1 },
    });
    const judgments = await loadItemJudgments(current, [both, apiOnly, webOnly]);
    const j = judgments.get(both.id)!;
    expect(j.area.files.map((f) => f.path)).toEqual(['api:src/routes.ts', 'web:src/page.tsx']);
    const partApi = judgments.get(apiOnly.id)!;
    const partWeb = judgments.get(webOnly.id)!;
    // The current repository's part alone is judged as before, without a prefix.
    expect(partApi.area.files.map((f) => f.path)).toEqual(['src/routes.ts']);
    expect(partWeb.area.files.map((f) => f.path)).toEqual(['web:src/page.tsx']);
    expect(j.effort.p50).toBeCloseTo(partApi.effort.p50 + partWeb.effort.p50, 1);
  });
});
