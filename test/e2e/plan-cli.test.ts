import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../helpers/git-repo.js';
import { createPlanRepo } from '../helpers/plan-repo.js';
import { runCli, runCliJson, type CliResult } from '../helpers/run-cli.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

interface ForecastJson {
  start: string;
  throughput: { source: string; weeks: number; items: number };
  items: { id: string; p85: { date: string } }[];
  item: { id: string; words: string } | null;
}

// The CLI is a thin face over app/ (tested on both databases in test/integration/plan.test.ts): SQLite here.
describe('tpo plan and tpo forecast', () => {
  let repo: TestRepo;
  let ts: TestStore;
  let env: Record<string, string>;
  const tpo = (...args: string[]): CliResult => runCli(args, { cwd: repo.dir, env });
  const json = <T>(...args: string[]): T => runCliJson<T>(args, { cwd: repo.dir, env });

  beforeAll(async () => {
    repo = createPlanRepo();
    ts = await createTestStore('sqlite');
    env = { ...ts.env };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('explains how to add items when the backlog is empty', () => {
    const result = tpo('plan');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^tpo: the backlog has no open items to plan; add one with: tpo add/);
  });

  it('prints the plan as a table, as Markdown and as JSON', () => {
    expect(tpo('scan').status).toBe(0);
    tpo('add', 'Invoice PDF', '--reach', '900', '--impact', '2', '--confidence', '100', '--effort', '1');
    tpo('add', 'Docs', '--reach', '500', '--impact', '1', '--confidence', '100', '--effort', '1');
    tpo('add', 'Email invoices', '--effort', '1', '--blocked-by', 'T-1');
    const text = tpo('plan', '--wip', '2');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Plan: 3 open items, WIP 2, by RICE/);
    expect(text.stdout).toMatch(/T-3: no RICE score: .*; waits for T-1/);
    const markdown = tpo('plan', '--markdown');
    expect(markdown.stdout).toMatch(/^# Plan: 3 open items, WIP 3, by RICE/);
    expect(markdown.stdout).toContain('| 1 | T-1 | Invoice PDF |');
    const plan = json<{ wip: number; items: { id: string; lane: number; startsAfter: string[] }[] }>(
      'plan',
      '--wip',
      '2',
    );
    expect(plan.items.map((i) => [i.id, i.lane, i.startsAfter])).toEqual([
      ['T-1', 1, []],
      ['T-2', 2, []],
      ['T-3', 1, ['T-1']],
    ]);
  });

  it('forecasts every item, how many by a date, and one item in words, the same for the same seed', () => {
    const a = json<ForecastJson>('forecast', '--start', '2024-05-20', '--seed', '9', '--trials', '2000');
    const b = json<ForecastJson>('forecast', '--start', '2024-05-20', '--seed', '9', '--trials', '2000');
    expect(a).toEqual(b);
    expect(a.throughput).toMatchObject({ source: 'git', weeks: 12, items: 24 });
    // one change set every Monday and Wednesday: the items are done on the days the team finishes work
    expect(a.items.map((i) => i.p85.date)).toEqual(['2024-05-20', '2024-05-22', '2024-05-27']);
    const text = tpo('forecast', '--start', '2024-05-20');
    expect(text.stdout).toContain(
      'throughput: merged change sets in git (first-parent commits of the default branch), 12 weeks (2024-02-26 to 2024-05-20), 24 finished, 2.0 a week.',
    );
    const by = tpo('forecast', '--start', '2024-05-20', '--by', '2024-05-26');
    expect(by.stdout).toMatch(
      /^By 26 May 2024: at least 2 of the 3 planned items done \(50 % likely\), 2 \(85 % likely\)/,
    );
    const one = tpo('forecast', 'T-3', '--start', '2024-05-20');
    expect(one.stdout).toMatch(
      /^T-3 "Email invoices" \(3 of 3 to finish\): 50 % likely by 27 May 2024, 85 % likely by 27 May 2024/,
    );
  });

  it('gives helpful errors: unknown item, a date in the past, a malformed date, an unknown source', () => {
    const unknown = tpo('forecast', 'T-42', '--start', '2024-05-20');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe(
      'tpo: there is no item T-42 in the backlog; "tpo plan" lists the open ones\n',
    );
    const past = tpo('forecast', '--start', '2024-05-20', '--by', '2024-05-01');
    expect(past.status).toBe(2);
    expect(past.stderr).toMatch(
      /--by 2024-05-01 is not after the forecast's start \(2024-05-20\); give a later date/,
    );
    expect(tpo('forecast', '--by', '26 May').stderr).toMatch(/--by must be a date written YYYY-MM-DD/);
    expect(tpo('forecast', '--source', 'jira').stderr).toMatch(
      /--source must be one of backlog, tracker, git/,
    );
  });

  it('backtests on the history and reports hit rates with their sample sizes', () => {
    const text = tpo('forecast', '--backtest', '--horizon', '2', '--start', '2024-05-20');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /^Backtest on merged change sets in git .*: 40 finished, forecasts every 10 days/,
    );
    expect(text.stdout).toMatch(/next N items +forecasts +P50 held +P85 held +P95 held/);
    const report = json<{ horizons: { items: number; forecasts: number; p85: { rate: number } }[] }>(
      'forecast',
      '--backtest',
      '--horizon',
      '2,4',
      '--start',
      '2024-05-20',
    );
    expect(report.horizons.map((h) => h.items)).toEqual([2, 4]);
    expect(report.horizons[0]!.forecasts).toBeGreaterThan(3);
  });
});
