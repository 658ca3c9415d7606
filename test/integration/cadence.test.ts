import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository, type RepositoryHandle } from '../../src/codebase/index.js';
import {
  addItem,
  addSprint,
  getCadence,
  getFlow,
  getSprintForecast,
  getSprintPlan,
  getSprintStatus,
  importBacklog,
  listSprints,
  moveItem,
  scanRepository,
  setCadence,
  setWipLimit,
  startSprint,
} from '../../src/app/index.js';
import { isTpoError, type TpoError } from '../../src/domain/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const at = (day: string, hour = 12): number => Date.parse(`${day}T00:00:00Z`) / 1000 + hour * 3600;

async function caught(promise: Promise<unknown>): Promise<TpoError> {
  try {
    await promise;
  } catch (error) {
    if (isTpoError(error)) return error;
    throw error;
  }
  throw new Error('expected a TpoError');
}

describe.each(DIALECTS)('cadence, sprints and flow on %s', (dialect) => {
  let repo: TestRepo;
  let handle: RepositoryHandle;
  let ts: TestStore;
  let ws: { repo: RepositoryHandle; store: TestStore['store'] };
  beforeAll(async () => {
    repo = createTestRepo();
    repo.commit({ message: 'start', files: { 'README.md': '# shop\n' } });
    handle = await openRepository(repo.dir);
    ts = await createTestStore(dialect);
    ws = { repo: handle, store: ts.store };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('starts as Kanban without limits, and keeps the cadence and WIP limits it is given', async () => {
    expect(await getCadence(ws.store)).toEqual({ cadence: 'kanban', wipLimits: {}, updatedAt: null });
    await setCadence(ws.store, 'hybrid', { now: 100 });
    await setWipLimit(ws.store, 'in-progress', 2, { now: 101 });
    await setWipLimit(ws.store, 'ready', 5, { now: 102 });
    await setWipLimit(ws.store, 'ready', null, { now: 103 });
    expect(await getCadence(ws.store)).toEqual({
      cadence: 'hybrid',
      wipLimits: { 'in-progress': 2 },
      updatedAt: 103,
    });
    expect((await caught(setCadence(ws.store, 'waterfall'))).message).toBe(
      'cadence must be one of scrum, kanban, hybrid, got "waterfall"',
    );
    expect((await caught(setWipLimit(ws.store, 'done', 3))).message).toMatch(
      /a WIP limit goes on an open status \(idea, ready, in-progress\), not on "done"/,
    );
    expect((await caught(setWipLimit(ws.store, 'in-progress', 0))).code).toBe('Invalid');
  });

  it('adds sprints with capacity from members, and refuses overlaps, duplicates and a sprint without capacity', async () => {
    const now = at('2026-01-02');
    await addSprint(
      ws.store,
      {
        name: 'Sprint 1',
        start: '2026-01-05',
        end: '2026-01-09',
        members: [
          { name: 'alice', days: 6 },
          { name: 'bob', days: 4 },
        ],
      },
      { now },
    );
    await addSprint(
      ws.store,
      { name: 'Sprint 2', start: '2026-01-12', end: '2026-01-16', capacityDays: 10 },
      { now },
    );
    expect(
      (
        await caught(
          addSprint(ws.store, { name: 'Sprint X', start: '2026-01-09', end: '2026-01-13', capacityDays: 5 }),
        )
      ).message,
    ).toBe(
      '"Sprint X" (2026-01-09 to 2026-01-13) overlaps sprint "Sprint 1" (2026-01-05 to 2026-01-09); sprints follow one another',
    );
    expect(
      (
        await caught(
          addSprint(ws.store, { name: 'Sprint 1', start: '2026-02-02', end: '2026-02-06', capacityDays: 5 }),
        )
      ).message,
    ).toMatch(/already a sprint named "Sprint 1"/);
    expect(
      (await caught(addSprint(ws.store, { name: 'Sprint 3', start: '2026-02-02', end: '2026-02-06' })))
        .message,
    ).toMatch(/give the sprint a capacity/);
    expect(
      (
        await caught(
          addSprint(ws.store, { name: 'S', start: '2026-02-06', end: '2026-02-02', capacityDays: 1 }),
        )
      ).message,
    ).toBe('the sprint ends (2026-02-02) before it starts (2026-02-06)');
    const sprints = await listSprints(ws.store, { now });
    expect(sprints.map((s) => [s.name, s.state, s.capacityDays, s.committedItems])).toEqual([
      ['Sprint 1', 'planned', 10, 0],
      ['Sprint 2', 'planned', 10, 0],
    ]);
  });

  it('plans the next sprint from the ranked plan within its capacity and commits it when it starts', async () => {
    const now = at('2026-01-02');
    // RICE: T-1 3,000 (5 days), T-2 1,500 (3 days), T-3 500 (5 days), T-4 250 (2 days), T-5 200 (1 day).
    const add = (title: string, reach: number, impact: 1 | 3, effort: number) =>
      addItem(
        ws.store,
        { title, status: 'ready', rice: { reach, impact, confidence: 100, effort } },
        { now },
      );
    await add('Bulk refunds', 1000, 3, 1);
    await add('Export CSV', 900, 1, 0.6);
    await add('Saved searches', 500, 1, 1);
    await add('Dark mode', 100, 1, 0.4);
    await add('Typo in footer', 40, 1, 0.2);

    const proposal = await getSprintPlan(ws, { now });
    expect(proposal.sprint.name).toBe('Sprint 1');
    expect(proposal.committed).toBe(false);
    // 10 person-days: T-1 (5), T-2 (3) -> 8, T-3 (5) does not fit, T-4 (2) -> 10.
    expect(proposal.selected.map((c) => [c.id, c.sizeDays, c.cumulativeDays])).toEqual([
      ['T-1', 5, 5],
      ['T-2', 3, 8],
      ['T-4', 2, 10],
    ]);
    expect(proposal.skipped.map((s) => s.id)).toEqual(['T-3']);
    expect(proposal.limitReason).toMatch(/no finished sprint/);
    expect((await listSprints(ws.store, { now }))[0]!.committedItems).toBe(0);

    const started = await startSprint(ws, 'Sprint 1', { now: at('2026-01-05', 9) });
    expect(started).toMatchObject({ state: 'active', committedItems: 3, committedDays: 10, doneDays: 0 });
    expect(started.startedAt).toBe(at('2026-01-05', 9));
    expect((await caught(startSprint(ws, 'Sprint 1', { now: at('2026-01-05', 10) }))).message).toMatch(
      /sprint "Sprint 1" started on 2026-01-05/,
    );
    expect((await caught(startSprint(ws, 'Sprint 2', { now: at('2026-01-06', 10) }))).message).toBe(
      'sprint "Sprint 1" is running until 2026-01-09; one sprint runs at a time',
    );
  });

  it('shows committed versus done and the burndown, then the velocity the next plan scales by', async () => {
    await moveItem(ws.store, 'T-1', 'in-progress', { now: at('2026-01-05', 10) });
    await moveItem(ws.store, 'T-2', 'in-progress', { now: at('2026-01-05', 10) });
    await moveItem(ws.store, 'T-2', 'done', { now: at('2026-01-06', 15) });
    await moveItem(ws.store, 'T-4', 'in-progress', { now: at('2026-01-07', 10) });
    await moveItem(ws.store, 'T-4', 'done', { now: at('2026-01-08', 10) });
    const status = await getSprintStatus(ws.store, { now: at('2026-01-08', 12) });
    expect(status).toMatchObject({ name: 'Sprint 1', committedDays: 10, doneItems: 2, doneDays: 5 });
    expect(status.burndown.map((p) => p.remainingDays)).toEqual([10, 7, 7, 5, null]);
    expect(status.burndown.map((p) => p.idealDays)).toEqual([8, 6, 4, 2, 0]);

    // T-1 never finishes: Sprint 1 did 5 of its 10 person-days, so Sprint 2 plans to 10 x 50 % = 5.
    const next = await getSprintPlan(ws, { now: at('2026-01-12', 8), commit: true });
    expect(next.sprint.name).toBe('Sprint 2');
    expect(next.velocity).toMatchObject({ meanDays: 5, meanItems: 2, focusFactor: 0.5 });
    expect(next.limitDays).toBe(5);
    // T-1 carries over (in progress, 5 days) and fills it.
    expect(next.selected.map((c) => c.id)).toEqual(['T-1']);
    expect(next.committed).toBe(true);
    expect(
      (await listSprints(ws.store, { now: at('2026-01-12', 8) })).map((s) => [
        s.name,
        s.state,
        s.committedItems,
      ]),
    ).toEqual([
      ['Sprint 1', 'finished', 3],
      ['Sprint 2', 'active', 1],
    ]);
  });

  it('forecasts in sprints from the velocity of finished sprints', async () => {
    const forecast = await getSprintForecast(ws, { now: at('2026-01-12', 8), seed: 3 });
    expect(forecast.samples).toEqual([{ name: 'Sprint 1', doneDays: 5 }]);
    // Open: T-1 5, T-3 5, T-5 1 = 11 person-days at 5 a sprint: 3 sprints in every trial.
    const last = forecast.items[forecast.items.length - 1]!;
    expect(last).toMatchObject({ cumulativeDays: 11, p50: 3, p85: 3, p95: 3 });
    expect(forecast.words).toBe(
      'all 3 open items (11 person-days): 50 % likely within 3 sprints, 85 % likely within 3 sprints, 95 % likely within 3 sprints',
    );
    expect(forecast.warnings.join('\n')).toMatch(/velocity from only 1 finished sprint/);
  });

  it('measures flow with the WIP limit and keeps the board in columns', async () => {
    await moveItem(ws.store, 'T-3', 'in-progress', { now: at('2026-01-12', 9) });
    await moveItem(ws.store, 'T-5', 'in-progress', { now: at('2026-01-12', 9) });
    const flow = await getFlow(ws.store, { now: at('2026-01-20', 12) });
    // T-2 took 5 to 6 January (2 days), T-4 7 to 8 January (2 days).
    expect(flow.cycleTime).toMatchObject({ count: 2, p50: 2, p85: 2 });
    // T-1 since 5 January: 16 days > 2; T-3 and T-5 since 12 January: 9 days.
    expect(flow.aging.map((a) => [a.id, a.ageDays, a.overP85])).toEqual([
      ['T-1', 16, true],
      ['T-3', 9, true],
      ['T-5', 9, true],
    ]);
    expect(flow.breaches).toEqual([{ status: 'in-progress', limit: 2, days: 9, worst: 3, now: true }]);
    expect(flow.columns.map((c) => [c.status, c.count, c.limit, c.over])).toEqual([
      ['idea', 0, null, false],
      ['ready', 0, null, false],
      ['in-progress', 3, 2, true],
      ['done', 2, null, false],
    ]);
    expect(flow.cadence).toBe('hybrid');
  });

  it('commits nothing when nothing fits, and the sprint does not start', async () => {
    await addSprint(ws.store, { name: 'Tiny', start: '2026-02-02', end: '2026-02-06', capacityDays: 0.5 });
    const error = await caught(startSprint(ws, 'Tiny', { now: at('2026-02-02', 9) }));
    expect(error.message).toBe('nothing fits in sprint "Tiny": nothing was committed');
    const tiny = (await listSprints(ws.store, { now: at('2026-02-02', 9) })).find((s) => s.name === 'Tiny')!;
    expect(tiny).toMatchObject({ startedAt: null, committedItems: 0 });
  });
});

describe.each(DIALECTS)('sprints kept from imports on %s', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  beforeAll(async () => {
    repo = createTestRepo();
    repo.commit({ message: 'start', files: { 'README.md': '# shop\n' } });
    ts = await createTestStore(dialect);
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });
  const fixture = (name: string): Promise<Buffer> => readFile(path.resolve('test/fixtures/backlog', name));

  it("keeps Jira's sprint field as undated sprints with their items, once, and writes nothing on a dry run", async () => {
    const dry = await importBacklog(ts.store, await fixture('jira-sprints.csv'), 'jira-sprints.csv', {
      dryRun: true,
    });
    expect(dry.notices[0]).toMatch(/^kept 2 sprints of the source \(2 new: PROJ Sprint 11, PROJ Sprint 12\)/);
    expect(await listSprints(ts.store)).toEqual([]);

    const result = await importBacklog(ts.store, await fixture('jira-sprints.csv'), 'jira-sprints.csv');
    expect(result.notices).toEqual([
      'kept 2 sprints of the source (2 new: PROJ Sprint 11, PROJ Sprint 12); "tpo sprint list" shows them',
      '2 sprints have no dates in the source: give them their dates and capacity with "tpo sprint add <name> --start … --end … --capacity …" for velocity and burndown',
      '1 item in a sprint states no effort: each counts 1 person-day in its sprint',
    ]);
    await importBacklog(ts.store, await fixture('jira-sprints.csv'), 'jira-sprints.csv');
    const sprints = await listSprints(ts.store, { now: at('2026-03-20') });
    // PROJ-21 (T-1, 2 person-weeks = 10 days) was carried over from Sprint 11 into 12; PROJ-22 (T-2) has no effort.
    expect(sprints.map((s) => [s.name, s.state, s.tracker, s.committedItems, s.committedDays])).toEqual([
      ['PROJ Sprint 11', 'undated', 'jira', 1, 10],
      ['PROJ Sprint 12', 'undated', 'jira', 2, 11],
    ]);

    // Dates and capacity given later: the sprint keeps its items, and its velocity counts.
    await addSprint(ts.store, {
      name: 'PROJ Sprint 11',
      start: '2026-03-02',
      end: '2026-03-13',
      capacityDays: 20,
    });
    const status = await getSprintStatus(ts.store, { name: 'PROJ Sprint 11', now: at('2026-03-20') });
    expect(status).toMatchObject({ state: 'finished', committedDays: 10, doneDays: 10, doneItems: 1 });
    expect(status.velocity).toMatchObject({ meanDays: 10, focusFactor: 0.5 });

    // PROJ-22 (T-2) sits in the undated PROJ Sprint 12: that does not hold it back from the next sprint.
    await addSprint(ts.store, { name: 'Next', start: '2026-03-23', end: '2026-04-03', capacityDays: 10 });
    const plan = await getSprintPlan(
      { repo: await openRepository(repo.dir), store: ts.store },
      { now: at('2026-03-20') },
    );
    expect(plan.selected.map((c) => c.id)).toEqual(['T-2', 'T-3']);
  });

  it("keeps Linear's cycles with their days", async () => {
    await importBacklog(ts.store, await fixture('linear.csv'), 'linear.csv');
    const cycle = (await listSprints(ts.store, { now: at('2024-03-10') })).find((s) => s.name === 'Cycle 7')!;
    // 2024-03-04T00:00Z to 2024-03-18T00:00Z: the last day is the 17th. ENG-12 states effort 8 person-weeks.
    expect(cycle).toMatchObject({
      start: '2024-03-04',
      end: '2024-03-17',
      state: 'active',
      tracker: 'linear',
      committedItems: 1,
      committedDays: 40,
    });
  });
});

/** Six modules that all import src/core/settings.ts, which changes often with its test. */
function createSettingsRepo(): TestRepo {
  const repo = createTestRepo();
  const modules = ['billing', 'orders', 'reports', 'users', 'shipping', 'search'];
  const files: Record<string, string> = {
    'src/core/settings.ts': 'export function loadSettings() { return { timeout: 1 }; }\n',
    'src/docs/readme.ts': 'export const readme = "shop";\n',
  };
  for (const m of modules)
    files[`src/${m}/${m}-service.ts`] =
      `import { loadSettings } from '../core/settings';\nexport const run${m} = () => loadSettings().timeout;\n`;
  repo.commit({ message: 'Initial layout', files });
  for (let round = 0; round < 8; round += 1)
    repo.commit({
      message: `settings: configurable timeout and retry (${round})`,
      files: { 'src/core/settings.ts': `${files['src/core/settings.ts']}// round ${round}\n` },
    });
  return repo;
}

describe.each(DIALECTS)('sprint planning on a scanned repository on %s', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  let ws: { repo: RepositoryHandle; store: TestStore['store'] };
  beforeAll(async () => {
    repo = createSettingsRepo();
    ts = await createTestStore(dialect);
    ws = { repo: await openRepository(repo.dir), store: ts.store };
    await scanRepository(ws.repo, ws.store);
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('counts an item on a widely imported file at its technical size, and says so', async () => {
    const now = Math.floor(Date.now() / 1000);
    await addItem(ws.store, {
      title: 'Make the retry timeout configurable',
      status: 'ready',
      areas: ['src/core/settings.ts'],
      rice: { reach: 1000, impact: 1, confidence: 100, effort: 0.1 },
    });
    await addSprint(
      ws.store,
      { name: 'Sprint 1', start: '2099-01-05', end: '2099-01-16', capacityDays: 20 },
      { now },
    );
    const report = await getSprintPlan(ws, { now });
    const item = report.selected.find((c) => c.id === 'T-1')!;
    expect(item.statedDays).toBe(0.5);
    expect(item.technical).toBe(true);
    expect(item.sizeDays).toBeGreaterThan(1);
    expect(item.sizeReason).toMatch(
      /^counts [\d.]+ person-days, its technical size, not the stated 0\.5 \(technical estimate/,
    );
    expect(report.technical).toEqual(['T-1']);
    expect(report.notices.join('\n')).toMatch(/T-1 counts at its technical size, not the stated one/);
  });
});
