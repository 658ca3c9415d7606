import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/codebase/index.js';
import {
  formatDebtRegister,
  getCodeHealth,
  getDebtItemDraft,
  getDebtRegister,
  addItem,
  getItemTradeoff,
  getTradeoff,
  loadCodeModelView,
  scanRepository,
} from '../../src/app/index.js';
import type { DebtRegister } from '../../src/domain/index.js';
import { loadMarkerOrigins, loadRepoByRoot } from '../../src/store/index.js';
import { at, createPlantedDebtRepo } from '../helpers/debt-repos.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { getSarifErrors } from '../helpers/sarif-schema.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('debt register on %s', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  let register: DebtRegister;
  beforeAll(async () => {
    repo = createPlantedDebtRepo();
    ts = await createTestStore(dialect);
    const handle = await openRepository(repo.dir);
    await scanRepository(handle, ts.store);
    register = await getDebtRegister(handle, ts.store);
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('finds each planted debt, ranked by interest paid, then by smaller principal', () => {
    expect(register.entries.map((e) => e.id)).toEqual([
      'unhealthy-hotspot:src/engine/hot.ts',
      'god-file:src/core/big.ts',
      'knowledge-silo:src/legacy',
      'debt-marker:src/legacy/old.ts',
      'import-cycle:src/cycle/a.ts',
    ]);
  });

  it('gives the unhealthy hotspot its health, interest and principal', () => {
    const hot = register.entries[0]!;
    // size 1,600 lines -2, nesting 4.0 -2: health 6.0
    expect(hot.health).toBe(6);
    // 6 change sets in 12 months = 0.5 a month x 4 h x 1.24 x (9 - 6) / 5 = 1.488 h; principal 1,600 x 4 / 9 / 25
    expect(hot.cost).toEqual({
      interestHoursPerMonth: 1.5,
      interestMoneyPerMonth: 149,
      principalHours: 28.4,
      principalMoney: 2844,
      paybackMonths: 19.1,
      changesPerMonth: 0.5,
      principalBasis: '1600 lines refactored at 25 lines an hour, scaled by the distance from health 10',
    });
  });

  it('uses the Code Red default model when history has no merged branches, and says so', () => {
    expect(register.model).toMatchObject({ kind: 'default', extraTimeAlert: 1.24, hourlyRate: 100 });
    expect(register.model.source).toContain('Code Red');
    expect(register.totals).toEqual({
      entries: 5,
      interestHoursPerMonth: 1.5,
      interestMoneyPerMonth: 149,
      // 28.4 + 0.5 (god file) + 0.6 (silo, 180 lines at 300 an hour) + 2 (marker) + 6 (cycle, 2 files x 3 h)
      principalHours: 37.5,
      principalMoney: 3750,
    });
  });

  it('reports the import cycle, the god file and the silo whose owner left with their figures', () => {
    const byId = new Map(register.entries.map((e) => [e.id, e]));
    expect(byId.get('import-cycle:src/cycle/a.ts')).toMatchObject({
      area: { module: 'src/cycle', files: ['src/cycle/a.ts', 'src/cycle/b.ts'] },
      health: 9,
    });
    expect(byId.get('god-file:src/core/big.ts')!.title).toBe(
      'God file src/core/big.ts: 520 lines imported by 20 files',
    );
    const silo = byId.get('knowledge-silo:src/legacy')!;
    expect(silo.title).toBe('Knowledge silo src/legacy: 100 % of its code written by people who left');
    expect(silo.reasons).toEqual([
      'Old Timer is main author of 180 of 180 lines of code and made no commit since 2023-01-10',
    ]);
    expect(silo.health).toBe(8.8);
  });

  it('dates the TODO with the commit that introduced its line', () => {
    const marker = register.entries.find((e) => e.kind === 'debt-marker')!;
    expect(marker.markers).toEqual([
      {
        path: 'src/legacy/old.ts',
        line: 4,
        kind: 'TODO',
        text: 'remove the legacy path once billing v2 ships',
        introducedAt: at('2023-01-10'),
        commit: repo.git('rev-list', '--max-parents=0', 'HEAD').trim(),
        author: 'Old Timer',
      },
    ]);
    expect(register.markers).toMatchObject({ total: 1, dated: 1, blamed: 1 });
  });

  it('keeps marker dates in the store, so the next run blames nothing', async () => {
    const handle = await openRepository(repo.dir);
    const again = await getDebtRegister(handle, ts.store, { hourlyRate: 150, currency: 'EUR' });
    expect(again.markers).toMatchObject({ total: 1, dated: 1, blamed: 0 });
    const row = (await loadRepoByRoot(ts.store.db, repo.dir))!;
    const cached = await loadMarkerOrigins(ts.store.db, row.id, [
      repo.git('rev-parse', 'HEAD:src/legacy/old.ts').trim(),
    ]);
    expect([...cached.values()]).toMatchObject([
      { path: 'src/legacy/old.ts', line: 4, author: 'Old Timer', authorTime: at('2023-01-10') },
    ]);
    // The hourly rate changes money, not hours: 1.488 h x 150
    expect(again.entries[0]!.cost).toMatchObject({ interestHoursPerMonth: 1.5, interestMoneyPerMonth: 223 });
    expect(again.model.currency).toBe('EUR');
  });

  it('merges the debt the team filed, tied to its area', async () => {
    const handle = await openRepository(repo.dir);
    const withFiled = await getDebtRegister(handle, ts.store, {
      filed: [{ id: 'T-7', title: 'Split the engine', areas: ['src/engine/'] }],
    });
    const filed = withFiled.entries.find((e) => e.kind === 'filed')!;
    expect(filed).toMatchObject({
      id: 'filed:T-7',
      itemId: 'T-7',
      area: { module: 'src/engine', files: ['src/engine/hot.ts'] },
      health: 6,
    });
    expect(filed.cost.interestHoursPerMonth).toBe(1.5);
  });

  it('writes SARIF that the 2.1.0 schema accepts, and Markdown', () => {
    const sarif = JSON.parse(formatDebtRegister(register, 'sarif', '0.1.0')) as {
      runs: { results: unknown[] }[];
    };
    expect(getSarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results).toHaveLength(5);
    const markdown = formatDebtRegister(register, 'markdown', '0.1.0');
    expect(markdown).toContain(
      '| 1 | Unhealthy hotspot src/engine/hot.ts (health 6.0) | src/engine (1 file) | 6.0 | 1.5 h (149 USD) | 28.4 h | 19.1 months |',
    );
    expect(markdown).toContain('Interest model: **default**');
  });

  it('rates code health per file and per module', async () => {
    const handle = await openRepository(repo.dir);
    const health = await getCodeHealth(handle, ts.store, { path: 'src/legacy' });
    expect(health.files.map((f) => [f.path, f.score])).toEqual([
      ['src/legacy/old.ts', 8.8],
      ['src/legacy/older.ts', 9],
    ]);
    // (120 x 8.8 + 60 x 9) / 180 = 8.87 -> 8.9
    expect(health).toMatchObject({
      path: 'src/legacy',
      score: 8.9,
      bands: { healthy: 1, warning: 1, alert: 0 },
    });
  });

  it('drafts the backlog item a candidate becomes (debt add seam)', () => {
    const draft = getDebtItemDraft(register, 'import-cycle:src/cycle/a.ts');
    expect(draft).toMatchObject({
      title: 'Import cycle of 2 files (src/cycle/a.ts, src/cycle/b.ts)',
      kind: 'debt',
      areas: ['src/cycle/a.ts', 'src/cycle/b.ts'],
      tags: ['debt', 'import-cycle'],
    });
    expect(draft.description).toContain('principal 6 h (600 USD): 3 h per file in the cycle.');
    expect(() => getDebtItemDraft(register, 'nope')).toThrow(/no debt "nope"/);
  });

  it('weighs building now against paying the area debt first', async () => {
    const handle = await openRepository(repo.dir);
    const report = await getTradeoff(handle, ts.store, { areas: ['src/engine/'], effortHours: 16 });
    // hot.ts: extra time 1.24 x 3/5 = 0.744; now 16 x 1.744 = 27.9 h; first 28.4 + 16 = 44.4 h;
    // saved the area's interest, 1.5 h a month: break-even (44.4 - 27.904) / 1.5 = 11.0 months, beyond 6
    expect(report.files).toEqual(['src/engine/hot.ts']);
    expect(report.tradeoff).toMatchObject({
      buildNow: { hoursToItem: 27.9 },
      payFirst: { hoursToItem: 44.4 },
      breakEvenMonths: 11,
      recommendation: 'build-now',
    });
    const busy = await getTradeoff(handle, ts.store, {
      areas: ['src/engine/'],
      effortHours: 16,
      upcoming: [
        { id: 'T-8', effortHours: 40, inMonths: 1 },
        { id: 'T-9', effortHours: 40, inMonths: 3 },
      ],
    });
    // saved (40 + 40) x 0.744 / 6 = 9.92 h a month: break-even 16.5 / 9.92 = 1.7 months
    expect(busy.tradeoff).toMatchObject({ breakEvenMonths: 1.7, recommendation: 'pay-first' });
  });

  it('weighs an item against paying first, counting the later items in the same code as upcoming work', async () => {
    const handle = await openRepository(repo.dir);
    const ws = { repo: handle, store: ts.store };
    const item = await addItem(ts.store, {
      title: 'Faster engine start',
      areas: ['src/engine/'],
      rice: { reach: 100, impact: 1, confidence: 80, effort: 0.4 },
    });
    const alone = await getItemTradeoff(ws, item.id);
    // 0.4 person-weeks x 40 h = 16 h, nothing later in the same code: the area figures above, build now
    expect(alone).toMatchObject({ effortHours: 16, effortSource: 'stated', upcoming: [] });
    expect(alone.item).toEqual({ id: item.id, title: 'Faster engine start', areaSource: 'declared' });
    expect(alone.debt.title).toBe(`the code of ${item.id} Faster engine start`);
    expect(alone.tradeoff).toMatchObject({ breakEvenMonths: 11, recommendation: 'build-now' });

    // Two later items of 1 person-week each in the same file (the plan starts all three now, WIP 3): saved
    // (40 + 40) x 0.744 / 6 = 9.92 h a month, break-even 1.7 months: pay first
    const later = [];
    for (const title of ['Engine metrics', 'Engine retries'])
      later.push(
        await addItem(ts.store, {
          title,
          areas: ['src/engine/hot.ts'],
          rice: { reach: 10, impact: 0.25, confidence: 50, effort: 1 },
        }),
      );
    await addItem(ts.store, { title: 'Elsewhere', areas: ['src/legacy/'], rice: { effort: 1 } });
    const busy = await getItemTradeoff(ws, item.id);
    expect(busy.upcoming.map((u) => [u.id, u.effortHours, u.sharedFiles])).toEqual(
      later.map((l) => [l.id, 40, 1]),
    );
    expect(busy.tradeoff).toMatchObject({ breakEvenMonths: 1.7, recommendation: 'pay-first' });

    const vague = await addItem(ts.store, { title: 'Somewhere', areas: ['nowhere/**'] });
    await expect(getItemTradeoff(ws, vague.id)).rejects.toThrow(/has no code area tpo can measure/);
    await expect(getItemTradeoff(ws, 'T-999')).rejects.toThrow(/T-999/);
  });

  it("gives the item judgment's code-model view the health of each file", async () => {
    const row = (await loadRepoByRoot(ts.store.db, repo.dir))!;
    const view = await loadCodeModelView(ts.store, row);
    expect(view.health?.get('src/engine/hot.ts')).toBe(6);
    expect(view.health?.get('src/legacy/old.ts')).toBe(8.8);
    expect(view.coChangesOf('src/cycle/a.ts')).toEqual([
      { path: 'src/cycle/b.ts', shared: 1, confidence: 1 },
    ]);
  });
});
