import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/codebase/index.js';
import { scanRepository } from '../../src/app/index.js';
import { loadFiles, loadRepoByRoot } from '../../src/store/index.js';
import { TpoError } from '../../src/domain/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' });
}

describe.each(DIALECTS)('scan edge cases on %s', (dialect) => {
  let ts: TestStore;
  const cleanup: (() => void)[] = [];
  beforeAll(async () => {
    ts = await createTestStore(dialect);
  });
  afterAll(async () => {
    await ts.dispose();
    for (const fn of cleanup) fn();
  });
  const repoWith = (build: (r: TestRepo) => void): TestRepo => {
    const r = createTestRepo();
    cleanup.push(() => r.remove());
    build(r);
    return r;
  };

  it('scans an empty repository and says there is nothing yet', async () => {
    const r = repoWith(() => undefined);
    const summary = await scanRepository(await openRepository(r.dir), ts.store);
    expect(summary).toMatchObject({ kind: 'empty', commits: 0, files: 0, headCommit: null });
    expect(summary.notices.join(' ')).toMatch(/no commits/);
  });

  it('refuses an unknown revision with a one-line error', async () => {
    const r = repoWith((x) => x.commit({ message: 'one', files: { 'a.txt': 'a\n' } }));
    await expect(
      scanRepository(await openRepository(r.dir), ts.store, { until: 'no-such-branch' }),
    ).rejects.toMatchObject({
      code: 'UnknownRevision',
    });
  });

  it('refuses a folder that is not a git repository', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-plain-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    await expect(openRepository(dir)).rejects.toBeInstanceOf(TpoError);
    await expect(openRepository(dir)).rejects.toMatchObject({ code: 'NotAGitRepo' });
  });

  it('works on a detached HEAD and on a bare clone', async () => {
    const r = repoWith((x) => {
      x.commit({ message: 'one', files: { 'a.ts': 'export const a = 1;\n' } });
      x.commit({ message: 'two', files: { 'b.ts': "import { a } from './a.js';\nexport const b = a;\n" } });
    });
    r.git('checkout', '-q', '--detach', 'HEAD~1');
    const detached = await scanRepository(await openRepository(r.dir), ts.store);
    expect(detached).toMatchObject({ commits: 1, files: 1 });
    const bare = mkdtempSync(path.join(os.tmpdir(), 'tpo-bare-'));
    cleanup.push(() => rmSync(bare, { recursive: true, force: true }));
    git(os.tmpdir(), 'clone', '-q', '--bare', r.dir, bare);
    const handle = await openRepository(bare);
    expect(handle.isBare).toBe(true);
    const summary = await scanRepository(handle, ts.store, { until: 'main' });
    expect(summary).toMatchObject({ commits: 2, files: 2, imports: 1 });
  });

  it('scans a shallow clone and says the history is partial', async () => {
    const r = repoWith((x) => {
      for (let i = 0; i < 5; i += 1) x.commit({ message: `commit ${i}`, files: { 'a.txt': `${i}\n` } });
    });
    const shallow = mkdtempSync(path.join(os.tmpdir(), 'tpo-shallow-'));
    cleanup.push(() => rmSync(shallow, { recursive: true, force: true }));
    git(os.tmpdir(), 'clone', '-q', '--depth', '2', `file://${r.dir}`, shallow);
    const summary = await scanRepository(await openRepository(shallow), ts.store);
    expect(summary.shallow).toBe(true);
    expect(summary.commits).toBe(2);
    expect(summary.notices.join(' ')).toMatch(/shallow clone/);
  });

  it('ignores submodules and keeps paths with newlines and unicode', async () => {
    const sub = repoWith((x) => x.commit({ message: 'lib', files: { 'lib.c': 'int x;\n' } }));
    const r = repoWith((x) =>
      x.commit({
        message: 'start',
        files: {
          'main.c': 'int main() {\n  return 0;\n}\n',
          'weird\nname.txt': 'x\n',
          'naïve café.md': 'y\n',
        },
      }),
    );
    execFileSync(
      'git',
      ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/lib'],
      { cwd: r.dir, stdio: 'pipe' },
    );
    r.commit({ message: 'add a submodule', files: {} });
    const summary = await scanRepository(await openRepository(r.dir), ts.store);
    const row = (await loadRepoByRoot(ts.store.db, r.dir))!;
    const paths = (await loadFiles(ts.store.db, row.id)).map((f) => f.path).sort();
    expect(paths).toEqual(['.gitmodules', 'main.c', 'naïve café.md', 'weird\nname.txt']);
    expect(summary.commits).toBe(2);
  });

  it('honours .gitattributes linguist-vendored and linguist-generated, and excludes lock files', async () => {
    const r = repoWith((x) =>
      x.commit({
        message: 'start',
        files: {
          '.gitattributes':
            'gen/** linguist-generated\nthird/** linguist-vendored\ndist/keep.js -linguist-generated -linguist-vendored\n',
          'gen/api.ts': 'export const x = 1;\n',
          'third/lib.js': 'var a;\n',
          'dist/keep.js': 'export const kept = 1;\n',
          'dist/other.js': 'export const built = 1;\n',
          'package-lock.json': '{}\n',
          'src/app.ts': 'export const app = 1;\n',
        },
      }),
    );
    const summary = await scanRepository(await openRepository(r.dir), ts.store);
    const row = (await loadRepoByRoot(ts.store.db, r.dir))!;
    const byPath = new Map((await loadFiles(ts.store.db, row.id)).map((f) => [f.path, f.excluded]));
    expect(Object.fromEntries(byPath)).toEqual({
      '.gitattributes': null,
      'gen/api.ts': 'generated',
      'third/lib.js': 'vendored',
      'dist/keep.js': null,
      'dist/other.js': 'build-output',
      'package-lock.json': 'lockfile',
      'src/app.ts': null,
    });
    expect(summary.excludedByReason).toEqual({ generated: 1, vendored: 1, 'build-output': 1, lockfile: 1 });
  });

  it('rewinds to an earlier commit with --until, then moves forward again', async () => {
    const r = repoWith((x) => {
      for (let i = 0; i < 4; i += 1) x.commit({ message: `step ${i}`, files: { [`f${i}.txt`]: `${i}\n` } });
    });
    const handle = await openRepository(r.dir);
    await scanRepository(handle, ts.store);
    const back = await scanRepository(handle, ts.store, { until: 'HEAD~2' });
    expect(back).toMatchObject({ kind: 'rewind', commits: 2, changeSets: 2, files: 2 });
    const forward = await scanRepository(handle, ts.store);
    expect(forward).toMatchObject({ kind: 'incremental', commits: 4, files: 4, newCommits: 2 });
    const again = await scanRepository(handle, ts.store);
    expect(again).toMatchObject({ kind: 'unchanged', newCommits: 0, files: 4 });
  });

  it('detects rewritten history and rescans fully', async () => {
    const r = repoWith((x) => {
      x.commit({ message: 'one', files: { 'a.txt': 'a\n' } });
      x.commit({ message: 'two', files: { 'b.txt': 'b\n' } });
    });
    const handle = await openRepository(r.dir);
    await scanRepository(handle, ts.store);
    r.git('reset', '-q', '--hard', 'HEAD~1');
    r.commit({ message: 'two, rewritten', files: { 'c.txt': 'c\n' } });
    const summary = await scanRepository(handle, ts.store);
    expect(summary.kind).toBe('full');
    expect(summary.commits).toBe(2);
    expect(summary.notices.join(' ')).toMatch(/history was rewritten/);
  });

  it('measures a file bigger than the limit as too large, without reading it', async () => {
    const r = repoWith((x) =>
      x.commit({ message: 'big', files: { 'data/big.txt': 'x'.repeat(1024 * 1024 + 1) } }),
    );
    const summary = await scanRepository(await openRepository(r.dir), ts.store);
    expect(summary.excludedByReason).toEqual({ 'too-large': 1 });
  });
});
