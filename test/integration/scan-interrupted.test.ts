import { execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/codebase/index.js';
import { scanRepository } from '../../src/app/index.js';
import { countRows, loadChangeSets, loadFiles, loadRepoByRoot } from '../../src/store/index.js';
import { createLargeRepo } from '../helpers/fast-import.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const BIN = path.resolve('bin/tpo.js');

/** Starts `tpo scan` and kills it with SIGKILL after `delayMs`, or when it reports reading history. */
function scanAndKill(repo: string, env: Readonly<Record<string, string>>, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'scan', repo], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe.each(DIALECTS)('an interrupted scan on %s', (dialect) => {
  let repo: string;
  let ts: TestStore;
  beforeAll(async () => {
    repo = createLargeRepo({ commits: 6000, files: 400, mergeEvery: 8 });
    ts = await createTestStore(dialect);
  });
  afterAll(async () => {
    await ts.dispose();
    rmSync(repo, { recursive: true, force: true });
  });

  it('leaves a consistent store after kill -9 at any point, and the next scan completes it', async () => {
    const total = Number(
      execFileSync('git', ['-C', repo, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }),
    );
    for (const delay of [150, 400, 800, 1200, 1800]) {
      await scanAndKill(repo, ts.env, delay);
      const row = await loadRepoByRoot(ts.store.db, repo);
      if (!row) continue; // killed before the repository was registered: nothing written
      const counts = await countRows(ts.store.db, row.id);
      const expected =
        row.last_commit === null
          ? 0
          : Number(
              execFileSync('git', ['-C', repo, 'rev-list', '--count', row.last_commit], { encoding: 'utf8' }),
            );
      // History is all or nothing: the stored commits are exactly those reachable from last_commit.
      expect(counts.commits).toBe(expected);
      if (row.snapshot_commit !== null)
        expect((await loadFiles(ts.store.db, row.id)).length).toBeGreaterThan(0);
    }
    const handle = await openRepository(repo);
    const summary = await scanRepository(handle, ts.store);
    expect(summary.commits).toBe(total);
    // The completed store equals a fresh full scan of the same commit.
    const fresh = await createTestStore(dialect);
    try {
      await scanRepository(handle, fresh.store);
      const repoA = (await loadRepoByRoot(ts.store.db, repo))!;
      const repoB = (await loadRepoByRoot(fresh.store.db, repo))!;
      expect(await loadFiles(ts.store.db, repoA.id)).toEqual(await loadFiles(fresh.store.db, repoB.id));
      const strip = (rows: Awaited<ReturnType<typeof loadChangeSets>>) =>
        rows.map(({ repo_id: _id, ...rest }) => rest);
      expect(strip(await loadChangeSets(ts.store.db, repoA.id))).toEqual(
        strip(await loadChangeSets(fresh.store.db, repoB.id)),
      );
    } finally {
      await fresh.dispose();
    }
    expect(summary.changeSets).toBe(
      Number(
        execFileSync('git', ['-C', repo, 'rev-list', '--first-parent', '--count', 'HEAD'], {
          encoding: 'utf8',
        }),
      ),
    );
  });
});
