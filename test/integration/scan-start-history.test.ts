import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanRepository } from '../../src/app/index.js';
import { startFirstScanHistory } from '../../src/app/start-history.js';
import { openRepository, runGit, startGitStream } from '../../src/codebase/index.js';
import { loadChangeSets, openStore } from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';

const ANN = 'Ann Author <ann@example.com>';

describe('a history read started before the store opens', () => {
  let repo: TestRepo;
  let dir: string;

  beforeAll(() => {
    repo = createTestRepo();
    for (let i = 0; i < 12; i += 1)
      repo.commit({
        message: `change ${i}`,
        author: ANN,
        files: { [`src/f${i % 3}.ts`]: `export const v = ${i};\n` },
      });
    repo.branch('side');
    repo.commit({ message: 'side work', author: ANN, files: { 'lib/side.ts': 'export {};\n' } });
    repo.checkout('main');
    repo.merge('side', { message: 'merge side', author: ANN });
    dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-start-history-'));
  });
  afterAll(() => {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what git wrote before anyone reads it, and reports a failing git', async () => {
    const gitDir = (await openRepository(repo.dir)).gitDir;
    const stream = startGitStream(['log', '--format=%H %s'], { gitDir });
    await new Promise((resolve) => setTimeout(resolve, 200));
    let text = '';
    for await (const chunk of stream) text += chunk;
    expect(text).toBe(await runGit(['log', '--format=%H %s'], { gitDir }));

    const failing = startGitStream(['log', 'no-such-revision'], { gitDir });
    await expect(
      (async () => {
        for await (const chunk of failing) void chunk;
      })(),
    ).rejects.toThrow(/git log failed/);
  });

  it('starts only for a store that does not exist yet, and scans the same history', async () => {
    const fresh = path.join(dir, 'fresh.db');
    const started = await startFirstScanHistory({ repo: repo.dir, db: fresh });
    expect((await started?.listed)?.order.total).toBe(14);
    const plain = path.join(dir, 'plain.db');
    const stores = [await openStore({ location: fresh }), await openStore({ location: plain })];
    try {
      expect(await startFirstScanHistory({ repo: repo.dir, db: plain })).toBeNull();
      const opened = await openRepository(repo.dir);
      const a = await scanRepository(opened, stores[0]!, { startedHistory: started! });
      const b = await scanRepository(opened, stores[1]!);
      expect(a.kind).toBe('full');
      expect({ ...a, durationMs: 0, phaseMs: {}, peakRssMb: 0, store: '' }).toEqual({
        ...b,
        durationMs: 0,
        phaseMs: {},
        peakRssMb: 0,
        store: '',
      });
      const strip = (rows: Awaited<ReturnType<typeof loadChangeSets>>) =>
        rows.map((r) => ({ ...r, repo_id: 0 }));
      expect(strip(await loadChangeSets(stores[0]!.db, 1))).toEqual(
        strip(await loadChangeSets(stores[1]!.db, 1)),
      );
    } finally {
      started?.stop();
      for (const store of stores) await store.close();
    }
  });
});
