import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addItem,
  editItem,
  ensureScanned,
  getCoChangePrediction,
  loadItemJudgments,
  locateText,
  openWorkspace,
  setReadingListener,
  type Workspace,
} from '../../src/app/index.js';
import { decodeLocateIndex, Locator } from '../../src/judgment/index.js';
import {
  loadCachedLocateModel,
  loadLocateFits,
  loadLocateModel,
  loadRepoByRoot,
} from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

function createRepo(): TestRepo {
  const repo = createTestRepo();
  repo.commit({
    message: 'Initial invoices and orders',
    files: { 'src/invoice.ts': 'export const total = 1;\n', 'src/order.ts': 'export const order = 1;\n' },
  });
  for (let i = 0; i < 8; i += 1) {
    repo.commit({
      message: `invoice totals rounding fix number ${i}`,
      files: { 'src/invoice.ts': `export const total = ${i};\n`, 'test/invoice.test.ts': `// ${i}\n` },
    });
    repo.commit({
      message: `orders can be cancelled, step ${i}`,
      files: { 'src/order.ts': `export const order = ${i};\n` },
    });
  }
  return repo;
}

describe.each(DIALECTS)('the localization model in the store (%s)', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  let ws: Workspace;

  beforeAll(async () => {
    repo = createRepo();
    ts = await createTestStore(dialect);
    ws = await openWorkspace({
      repo: repo.dir,
      db: ts.location,
      ...(ts.schema ? { schema: ts.schema } : {}),
    });
  });
  afterAll(async () => {
    await ws.close();
    await ts.dispose();
    repo.remove();
  });

  it('fits and caches the model per scanned commit, and reuses it for the same answer', async () => {
    // The scan --until needs and the fit are reported to the reading listener (the CLI draws them as progress).
    const heard: string[] = [];
    setReadingListener({ progress: (p) => heard.push(`${p.phase} ${p.done}/${String(p.total)}`) });
    const first = await locateText(ws, 'invoice rounding is off by a cent', { until: 'HEAD~2' }).finally(() =>
      setReadingListener({}),
    );
    expect(first.results[0]!.path).toBe('src/invoice.ts');
    expect(heard).toContain('history 15/15');
    expect(heard.slice(-2)).toEqual(['fitting 0/15', 'fitting 15/15']);
    const row = (await loadRepoByRoot(ws.store.db, repo.dir))!;
    const cached = await loadLocateModel(ws.store.db, row.id, first.commit);
    expect(cached).toMatchObject({ commit_sha: first.commit, change_sets: 15 });
    // The index comes back from the store byte for byte: a locator made from it gives the same answer.
    const restored = new Locator(decodeLocateIndex(cached!.index_data!)!);
    restored.fit = first.fit;
    expect(restored.locate('invoice rounding is off by a cent').map((f) => [f.path, f.confidence])).toEqual(
      first.results.map((r) => [r.path, r.score]),
    );
    // The CLI's quick read of the same model: SQLite only, and only while the store has exactly this version's
    // migrations.
    const quick = loadCachedLocateModel(ts.location, repo.dir);
    if (dialect === 'sqlite') {
      expect(quick?.model).toEqual(cached);
      const future = '9999-from-a-newer-tpo';
      await sql`insert into kysely_migration (name, timestamp) values (${future}, 'now')`.execute(
        ws.store.db,
      );
      expect(loadCachedLocateModel(ts.location, repo.dir)).toBeNull();
      await sql`delete from kysely_migration where name = ${future}`.execute(ws.store.db);
    } else expect(quick).toBeNull();
    // A later commit: the index is rebuilt, the weights fitted 2 change sets earlier are reused.
    const later = await locateText(ws, 'invoice rounding is off by a cent', { until: 'HEAD' });
    expect(later.commit).toBe(repo.head());
    expect((await loadLocateFits(ws.store.db, row.id)).map((f) => f.changeSets)).toEqual([17, 15]);
    expect(later.fit).toEqual(first.fit);
    const co = await getCoChangePrediction(ws, 'src/invoice.ts');
    expect(co.results[0]).toMatchObject({ path: 'test/invoice.test.ts', source: 'history' });
  });

  it('builds the model once for requests that arrive while it is being built', async () => {
    // A store of its own: no model or fit of this repository yet.
    const fresh = await createTestStore(dialect);
    const other = await openWorkspace({
      repo: repo.dir,
      db: fresh.location,
      ...(fresh.schema ? { schema: fresh.schema } : {}),
    });
    try {
      await ensureScanned(other.repo, other.store, undefined);
      const fits: string[] = [];
      setReadingListener({
        progress: (p) => (p.phase === 'fitting' && p.done === 0 ? fits.push(p.phase) : 0),
      });
      const [answer, co] = await Promise.all([
        locateText(other, 'invoice rounding is off by a cent'),
        getCoChangePrediction(other, 'src/invoice.ts'),
      ]).finally(() => setReadingListener({}));
      expect(fits).toHaveLength(1);
      expect(answer.results[0]!.path).toBe('src/invoice.ts');
      expect(co.results[0]!.path).toBe('test/invoice.test.ts');
    } finally {
      await other.close();
      await fresh.dispose();
    }
  });

  it('judges an item on its predicted area once per item version and scanned commit', async () => {
    const item = await addItem(ws.store, {
      title: 'Invoice totals are rounded wrong',
      rice: { reach: 10, impact: 1, confidence: 100, effort: 0.1 },
    });
    const first = (await loadItemJudgments(ws, [item])).get(item.id)!;
    expect(first.area).toMatchObject({ source: 'predicted' });
    expect(first.area.files[0]!.path).toBe('src/invoice.ts');
    // The same version at the same scanned commit: the cached judgment itself.
    expect((await loadItemJudgments(ws, [item])).get(item.id)).toBe(first);
    const edited = await editItem(ws.store, item.id, { title: 'Orders cannot be cancelled' });
    const second = (await loadItemJudgments(ws, [edited])).get(item.id)!;
    expect(second).not.toBe(first);
    expect(second.area.files[0]!.path).toBe('src/order.ts');
  });
});
