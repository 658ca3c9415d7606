import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/codebase/index.js';
import {
  ensureScanned,
  getArchitectureReview,
  getDependencyReview,
  scanRepository,
} from '../../src/app/index.js';
import { loadExternalImports, loadImports, loadRepoByRoot, updateRepo } from '../../src/store/index.js';
import { buildArchRepo } from '../helpers/arch-repo.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('architecture and dependency reviews on %s', (dialect) => {
  let repo: TestRepo;
  let test: TestStore;
  beforeAll(async () => {
    repo = buildArchRepo();
    test = await createTestStore(dialect);
    await scanRepository(await openRepository(repo.dir), test.store);
  });
  afterAll(async () => {
    await test.dispose();
    repo.remove();
  });

  it('stores the external imports of each file and the line of every resolved import', async () => {
    const handle = await openRepository(repo.dir);
    const row = (await loadRepoByRoot(test.store.db, handle.root))!;
    const external = await loadExternalImports(test.store.db, row.id);
    expect(external.filter((e) => e.from === 'src/app/orders.ts')).toEqual([
      { from: 'src/app/orders.ts', packageName: 'lodash', specifier: 'lodash', line: 3 },
    ]);
    expect(external.map((e) => e.packageName)).toEqual(
      expect.arrayContaining([
        'react',
        'yaml',
        'requests',
        'github.com/google/uuid',
        'com.google.common.collect',
      ]),
    );
    const edges = await loadImports(test.store.db, row.id);
    expect(edges.find((e) => e.from === 'src/ui/page.ts' && e.to === 'src/db/table.ts')).toEqual({
      from: 'src/ui/page.ts',
      to: 'src/db/table.ts',
      specifier: '../db/table.js',
      line: 2,
    });
  });

  it('reviews the architecture and the dependencies from the store', async () => {
    const handle = await openRepository(repo.dir);
    const arch = await getArchitectureReview(handle, test.store);
    expect(arch.violations.map((v) => `${v.rule} ${v.from}:${v.line ?? 0}`)).toEqual([
      'ui-through-app src/ui/page.ts:2',
      'off-lodash src/app/orders.ts:3',
    ]);
    expect(arch.couplings.filter((c) => c.hidden).map((c) => `${c.a}-${c.b}`)).toEqual(['billing-mail']);
    const deps = await getDependencyReview(handle, test.store);
    expect(deps.packages.find((p) => p.name === 'lodash')!.usage.files).toBe(1);
  });

  it('rebuilds a snapshot saved before external imports were stored', async () => {
    const handle = await openRepository(repo.dir);
    const row = (await loadRepoByRoot(test.store.db, handle.root))!;
    // What migration 0006 does to an older store: the snapshot is marked stale.
    await test.store.db.deleteFrom('external_imports').where('repo_id', '=', row.id).execute();
    await updateRepo(test.store.db, row.id, { snapshot_commit: null });
    await ensureScanned(handle, test.store, undefined);
    expect((await loadExternalImports(test.store.db, row.id)).length).toBeGreaterThan(0);
  });
});
