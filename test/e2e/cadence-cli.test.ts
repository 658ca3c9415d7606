import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson, type CliResult } from '../helpers/run-cli.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

/** YYYY-MM-DD of today + n days (UTC): the CLI reads the real clock. */
const day = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

// The CLI is a thin face over app/ (tested on both databases in test/integration/cadence.test.ts): SQLite here.
describe('tpo cadence, wip, sprint and flow', () => {
  let repo: TestRepo;
  let ts: TestStore;
  let env: Record<string, string>;
  const tpo = (...args: string[]): CliResult => runCli(args, { cwd: repo.dir, env });
  const json = <T>(...args: string[]): T => runCliJson<T>(args, { cwd: repo.dir, env });

  beforeAll(async () => {
    repo = createTestRepo();
    repo.commit({ message: 'start', files: { 'README.md': '# shop\n' } });
    ts = await createTestStore('sqlite');
    env = { ...ts.env };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('shows the default cadence, changes it and sets WIP limits', () => {
    expect(tpo('cadence').stdout).toMatch(
      /^Cadence: Kanban: WIP limits and flow\.\nWIP limits: none\.\n\(the default/,
    );
    expect(tpo('cadence', 'hybrid').stdout).toMatch(/^Cadence: hybrid: sprints with WIP limits\./);
    expect(tpo('wip', 'set', 'in-progress', '2').stdout).toBe(
      'WIP limit of in-progress: 2.\nWIP limits: in-progress 2.\n',
    );
    expect(json<{ cadence: string; wipLimits: Record<string, number> }>('cadence')).toMatchObject({
      cadence: 'hybrid',
      wipLimits: { 'in-progress': 2 },
    });
    const bad = tpo('cadence', 'waterfall');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('tpo: cadence must be one of scrum, kanban, hybrid, got "waterfall"\n');
    expect(tpo('wip', 'set', 'done', '3').status).toBe(2);
    expect(tpo('wip', 'set', 'ready', 'lots').stderr).toMatch(
      /a WIP limit is a whole number from 1, or "none"/,
    );
  });

  it('adds, plans, starts and follows a sprint against its capacity', () => {
    const add = (title: string, reach: string, impact: string, effort: string) =>
      tpo(
        'add',
        title,
        '--status',
        'ready',
        '--reach',
        reach,
        '--impact',
        impact,
        '--confidence',
        '100',
        '--effort',
        effort,
      );
    add('Bulk refunds', '1000', '3', '1');
    add('Export CSV', '900', '1', '0.6');
    add('Saved searches', '500', '1', '1');
    add('Dark mode', '100', '1', '0.4');

    const added = tpo(
      'sprint',
      'add',
      'Sprint 1',
      '--start',
      day(-1),
      '--end',
      day(3),
      '--member',
      'alice=6',
      '--member',
      'bob=4',
    );
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('capacity 10 person-days (alice 6, bob 4)');
    expect(
      tpo('sprint', 'add', 'Sprint 2', '--start', day(3), '--end', day(8), '--capacity', '5').stderr,
    ).toMatch(/overlaps sprint "Sprint 1"/);

    const plan = tpo('sprint', 'plan');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/^Sprint "Sprint 1" \(.*\): proposed 3 items, 10 of 10 person-days\./);
    expect(plan.stdout).toContain('T-3 "Saved searches": needs 5 person-days, 2 left');

    const started = tpo('sprint', 'start', 'Sprint 1');
    expect(started.status).toBe(0);
    expect(started.stdout).toContain('Committed 3 items, 10 person-days; done 0');
    expect(tpo('move', 'T-2', 'in-progress').status).toBe(0);
    expect(tpo('move', 'T-2', 'done').status).toBe(0);
    expect(tpo('move', 'T-1', 'in-progress').status).toBe(0);

    const status = json<{ doneDays: number; burndown: { day: string; remainingDays: number | null }[] }>(
      'sprint',
      'status',
    );
    expect(status.doneDays).toBe(3);
    expect(status.burndown.map((p) => p.remainingDays)).toEqual([10, 7, null, null, null]);
    expect(tpo('sprint', 'status').stdout).toMatch(
      /Burndown \(person-days left at the end of each day\):\n {2}\S+ {2}#+ +10/,
    );
    expect(tpo('sprint', 'list').stdout).toMatch(/Sprint 1 +\S+ +\S+ +active +10 +3 \(10 pd\) +1 \(3 pd\)/);
    const forecast = tpo('sprint', 'forecast');
    expect(forecast.status).toBe(2);
    expect(forecast.stderr).toMatch(/no finished sprint with finished work to forecast from/);
  });

  it('prints flow with the WIP limit, the board columns and cumulative flow in JSON', () => {
    expect(tpo('move', 'T-4', 'in-progress').stderr).toBe('');
    // A third item in progress, over the limit of 2: recorded, with a warning.
    const over = tpo('move', 'T-3', 'in-progress');
    expect(over.status).toBe(0);
    expect(over.stdout).toBe('T-3: ready -> in-progress\n');
    expect(over.stderr).toMatch(/^tpo: warning: in-progress now holds 3 items, over its WIP limit of 2/);
    const flow = json<{
      throughput: { total: number };
      cycleTime: { count: number; p85: number };
      columns: { status: string; count: number; over: boolean }[];
      breaches: { status: string; now: boolean }[];
      cumulativeFlow: { day: string; counts: Record<string, number> }[];
    }>('flow');
    expect(flow.throughput.total).toBe(1);
    expect(flow.cycleTime).toMatchObject({ count: 1, p85: 1 });
    expect(flow.columns.find((c) => c.status === 'in-progress')).toMatchObject({ count: 3, over: true });
    expect(flow.breaches).toEqual([expect.objectContaining({ status: 'in-progress', now: true })]);
    expect(flow.cumulativeFlow.at(-1)).toMatchObject({ day: day(0), counts: { 'in-progress': 3, done: 1 } });
    const text = tpo('flow');
    expect(text.stdout).toMatch(/in-progress +3 +2 +OVER/);
    expect(text.stdout).toContain(
      "in-progress: over its limit of 2 on 1 of the window's days (at most 3), and now",
    );
  });

  it('has help for every command', () => {
    for (const args of [['cadence'], ['wip', 'set'], ['sprint', 'plan'], ['sprint', 'add'], ['flow']]) {
      const help = tpo(...args, '--help');
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('--json');
    }
  });
});
