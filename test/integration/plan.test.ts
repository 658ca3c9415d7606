import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository, type RepositoryHandle } from '../../src/codebase/index.js';
import {
  addItem,
  getBacktest,
  getForecast,
  getPlan,
  importBacklog,
  loadItemJudgments,
  listItems,
  moveItem,
  scanRepository,
} from '../../src/app/index.js';
import { isTpoError, type TpoError } from '../../src/domain/index.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { createPlanRepo, PLAN_REPO_END } from '../helpers/plan-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const DAY = 86_400;

async function caught(promise: Promise<unknown>): Promise<TpoError> {
  try {
    await promise;
  } catch (error) {
    if (isTpoError(error)) return error;
    throw error;
  }
  throw new Error('expected a TpoError');
}

describe.each(DIALECTS)('plan and forecast on %s', (dialect) => {
  let repo: TestRepo;
  let handle: RepositoryHandle;
  let ts: TestStore;
  let ws: { repo: RepositoryHandle; store: TestStore['store'] };
  beforeAll(async () => {
    repo = createPlanRepo();
    handle = await openRepository(repo.dir);
    ts = await createTestStore(dialect);
    ws = { repo: handle, store: ts.store };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('refuses to plan an empty backlog, saying how to add items', async () => {
    const error = await caught(getPlan(ws));
    expect(error.code).toBe('NotFound');
    expect(error.message).toMatch(/no open items to plan; add one with: tpo add/);
  });

  it('plans from stated inputs before the repository is scanned, and judges nothing yet', async () => {
    const now = PLAN_REPO_END - 30 * DAY;
    await addItem(
      ws.store,
      { title: 'Onboarding survey', rice: { reach: 900, impact: 2, confidence: 100, effort: 1 } },
      { now },
    );
    await addItem(
      ws.store,
      { title: 'Docs', rice: { reach: 500, impact: 1, confidence: 100, effort: 1 } },
      { now },
    );
    await addItem(
      ws.store,
      {
        title: 'Email receipts',
        rice: { reach: 100, impact: 1, confidence: 100, effort: 1 },
        blockedBy: ['T-1'],
      },
      { now },
    );
    const billing = await addItem(
      ws.store,
      {
        title: 'Credit notes',
        areas: ['src/billing/**'],
        rice: { reach: 50, impact: 1, confidence: 100, effort: 0.1 },
      },
      { now },
    );
    expect((await loadItemJudgments(ws, [billing])).size).toBe(0);
    const plan = await getPlan(ws, { wip: 3 });
    expect(plan.items.map((p) => p.id)).toEqual(['T-1', 'T-2', 'T-4', 'T-3']);
    expect(plan).toMatchObject({ scanned: false, judged: 0 });
    expect(plan.notices).toContain(
      'the repository was never scanned, so 1 item with code areas was not judged: run "tpo scan" for tech-adjusted effort and suggested dependencies',
    );
    const error = await caught(getForecast(ws, { start: PLAN_REPO_END }));
    expect(error.message).toMatch(/no throughput to forecast from .*tpo scan/);
  });

  it('judges items with declared areas once scanned, through the one seam', async () => {
    await scanRepository(handle, ws.store);
    const items = await listItems(ws.store);
    const judgments = await loadItemJudgments(ws, items);
    expect([...judgments.keys()]).toEqual(['T-4']);
    const judgment = judgments.get('T-4')!;
    expect(judgment.area).toMatchObject({ source: 'declared', modules: ['src/billing'] });
    expect(judgment.area.files.map((f) => f.path)).toEqual(['src/billing/invoice.ts']);
    // An item without areas whose words the code and its history share is judged on the predicted area
    const predicted = await loadItemJudgments(ws, [
      { ...items[0]!, id: 'T-99', title: 'Invoice rounding', description: '', areas: [] },
    ]);
    expect(predicted.get('T-99')?.area).toMatchObject({ source: 'predicted', modules: ['src/billing'] });
    expect(predicted.get('T-99')?.area.files[0]?.path).toBe('src/billing/invoice.ts');
    const plan = await getPlan(ws, { wip: 3 });
    expect(plan.judged).toBe(1);
    const credit = plan.items.find((p) => p.id === 'T-4')!;
    // stated 0.1 person-weeks; the technical P50 is at least half a working day, so the item weighs more than 1
    expect(credit.weight).toBeGreaterThan(1);
    expect(credit.weightReason).toMatch(/technical P50 .* person-weeks is .* x the stated 0.1/);
  });

  it('forecasts from merged change sets while the backlog has fewer than 10 finished items, with exact dates for a steady team', async () => {
    const report = await getForecast(ws, { start: PLAN_REPO_END, seed: 5 });
    expect(report.throughput).toMatchObject({ source: 'git', weeks: 12, items: 24, mean: 2 });
    expect(report.throughput.weekly).toEqual(new Array(12).fill(2));
    expect(report.warnings).toEqual([]);
    // 2 a week, one on Monday and one on Wednesday, in the order the schedule finishes them: T-4 first (0.28
    // person-weeks in its own lane), which weighs 2.8 units of throughput (bigger than it looks), so its third unit
    // comes on the second Monday (day 8); then T-1 on that Wednesday, T-2 and T-3 the week after.
    const dates = report.items.map((i) => [i.id, i.p50.date, i.p85.date, i.p95.date]);
    expect(dates).toEqual([
      ['T-4', '2024-05-27', '2024-05-27', '2024-05-27'],
      ['T-1', '2024-05-29', '2024-05-29', '2024-05-29'],
      ['T-2', '2024-06-03', '2024-06-03', '2024-06-03'],
      ['T-3', '2024-06-05', '2024-06-05', '2024-06-05'],
    ]);
    expect(report.items[1]!.words).toBe(
      '50 % likely by 29 May 2024, 85 % likely by 29 May 2024, 95 % likely by 29 May 2024',
    );
    expect(report.throughput.daily.slice(0, 7)).toEqual([1, 0, 1, 0, 0, 0, 0]);
    expect(report.plan).toEqual({ wip: 3, scheme: 'rice', items: 4 });
  });

  it('says how many items will be done by a date, and when one item will be done, in words', async () => {
    const by = await getForecast(ws, { start: PLAN_REPO_END, by: PLAN_REPO_END + 14 * DAY - 1 });
    expect(by.howMany).toMatchObject({ date: '2024-06-02', days: 14, planned: 4 });
    expect(by.howMany!.words).toMatch(
      /^by 2 June 2024: at least \d of the 4 planned items done \(50 % likely\)/,
    );
    const one = await getForecast(ws, { start: PLAN_REPO_END, id: 't-3' });
    expect(one.item).toMatchObject({ id: 'T-3', title: 'Email receipts' });
    expect(one.item!.words).toMatch(/^50 % likely by \d+ (May|June) 2024, 85 % likely by/);
  });

  it('refuses an unknown item, a finished item and a date that is not after the start', async () => {
    expect((await caught(getForecast(ws, { start: PLAN_REPO_END, id: 'T-99' }))).code).toBe('NotFound');
    await moveItem(ws.store, 'T-2', 'done', { now: PLAN_REPO_END - DAY });
    const done = await caught(getForecast(ws, { start: PLAN_REPO_END, id: 'T-2' }));
    expect(done.message).toBe('T-2 is done (finished 2024-05-19): only open items are forecast');
    const past = await caught(getForecast(ws, { start: PLAN_REPO_END, by: PLAN_REPO_END - DAY }));
    expect(past).toMatchObject({ code: 'Invalid' });
    expect(past.message).toMatch(/--by 2024-05-19 is not after the forecast's start \(2024-05-20\)/);
  });

  it("prefers the backlog's own finished items once there are 10 in the window", async () => {
    for (let k = 0; k < 10; k += 1) {
      const item = await addItem(ws.store, { title: `Done ${k}` }, { now: PLAN_REPO_END - 60 * DAY });
      await moveItem(ws.store, item.id, 'done', { now: PLAN_REPO_END - (k * 7 + 1) * DAY });
    }
    const report = await getForecast(ws, { start: PLAN_REPO_END });
    expect(report.throughput).toMatchObject({ source: 'backlog', items: 11, weeks: 10 });
    const forced = await getForecast(ws, { start: PLAN_REPO_END, source: 'git' });
    expect(forced.throughput.source).toBe('git');
  });

  it('counts items imported from a tracker by the finish times the tracker recorded', async () => {
    const day = (d: number): string => new Date((PLAN_REPO_END - d * DAY) * 1000).toISOString().slice(0, 10);
    const rows = Array.from(
      { length: 12 },
      (_, k) => `ACME-${k + 1},Imported ${k + 1},Done,${day(80)},${day(k * 5 + 2)}`,
    );
    const csv = ['key,title,status,created,finished', ...rows].join('\n');
    const result = await importBacklog(ws.store, Buffer.from(csv), 'tracker.csv', { tracker: 'jira' });
    expect(result.created).toBe(12);
    const imported = (await listItems(ws.store)).filter((i) => i.external?.key === 'ACME-1')[0]!;
    expect(imported.history.map((h) => h.to)).toContain('done');
    // the backlog's own 11 finished items still come first; the tracker's when asked for
    const preferred = await getForecast(ws, { start: PLAN_REPO_END });
    expect(preferred.throughput.source).toBe('backlog');
    const tracker = await getForecast(ws, { start: PLAN_REPO_END, source: 'tracker' });
    expect(tracker.throughput).toMatchObject({ source: 'tracker', items: 12, weeks: 9 });
  });

  it('backtests the forecasts on the merged change sets', async () => {
    const report = await getBacktest(ws, { source: 'git', now: PLAN_REPO_END, horizons: [2] });
    expect(report).toMatchObject({ source: 'git', finished: 40, windowWeeks: 12 });
    const h = report.horizons[0]!;
    expect(h.forecasts).toBeGreaterThan(3);
    // a steady team: every forecast of the next two change sets holds at P85
    expect(h.p85.rate).toBe(1);
  });
});
