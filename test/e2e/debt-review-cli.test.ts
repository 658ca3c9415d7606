import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOB, at, createPlantedDebtRepo, createReviewRepo } from '../helpers/debt-repos.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { getSarifErrors } from '../helpers/sarif-schema.js';

describe('tpo debt, health and review', () => {
  let debtRepo: TestRepo;
  let reviewRepo: TestRepo;
  let dbDir: string;
  let debtEnv: Record<string, string>;
  let reviewEnv: Record<string, string>;
  beforeAll(() => {
    debtRepo = createPlantedDebtRepo();
    // A branch that touches the hotspot, by Bob.
    debtRepo.branch('touch-hot');
    debtRepo.commit({
      message: 'engine tweak',
      author: BOB,
      date: at('2024-06-02'),
      files: { 'src/engine/hot.ts': '\t\t\t\tcallOnly();\n' },
    });
    debtRepo.checkout('main');
    reviewRepo = createReviewRepo();
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-debt-cli-'));
    debtEnv = { TPO_DATABASE_URL: path.join(dbDir, 'debt.db') };
    reviewEnv = { TPO_DATABASE_URL: path.join(dbDir, 'review.db') };
  });
  afterAll(() => {
    debtRepo.remove();
    reviewRepo.remove();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('lists the debt commands in the help', () => {
    const help = runCli(['--help']).stdout;
    for (const command of ['debt', 'health', 'review', 'tradeoff']) expect(help).toContain(command);
  });

  it('prints the register as text, scanning first, with the hourly rate it used', () => {
    const result = runCli(['debt', '--repo', debtRepo.dir], { env: debtEnv });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Technical debt in');
    expect(result.stdout).toContain('5 debts');
    expect(result.stdout).toContain('(at 100 USD an hour)');
    expect(result.stdout).toContain('model      default: default model from Code Red');
  });

  it('takes the hourly rate from --rate, else from TPO_HOURLY_RATE', () => {
    const flag = runCliJson<{ totals: { interestMoneyPerMonth: number } }>(
      ['debt', '--repo', debtRepo.dir, '--rate', '150'],
      { env: debtEnv },
    );
    expect(flag.totals.interestMoneyPerMonth).toBe(223);
    const env = runCliJson<{ totals: { interestMoneyPerMonth: number }; model: { hourlyRate: number } }>(
      ['debt', '--repo', debtRepo.dir],
      { env: { ...debtEnv, TPO_HOURLY_RATE: '200' } },
    );
    expect(env.model.hourlyRate).toBe(200);
    expect(env.totals.interestMoneyPerMonth).toBe(298);
    const bad = runCli(['debt', '--repo', debtRepo.dir, '--rate', 'lots'], { env: debtEnv });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--rate');
  });

  it('writes SARIF 2.1.0 and Markdown', () => {
    const sarif = runCli(['debt', '--repo', debtRepo.dir, '--sarif', '--limit', '3'], { env: debtEnv });
    expect(sarif.status).toBe(0);
    const log = JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] };
    expect(getSarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.results).toHaveLength(3);
    const markdown = runCli(['debt', '--repo', debtRepo.dir, '--markdown'], { env: debtEnv });
    expect(markdown.stdout).toMatch(/^## Technical debt in /);
  });

  it('rates code health of a folder', () => {
    const report = runCliJson<{ score: number; files: { path: string; score: number; band: string }[] }>(
      ['health', 'src/engine', '--repo', debtRepo.dir],
      { env: debtEnv },
    );
    expect(report.files).toEqual([
      expect.objectContaining({ path: 'src/engine/hot.ts', score: 6, band: 'warning' }),
    ]);
  });

  it('weighs building now against paying the debt first for an area', () => {
    const result = runCli(['tradeoff', '--area', 'src/engine/', '--effort', '16', '--repo', debtRepo.dir], {
      env: debtEnv,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Build now \(break-even after 11\.0 months, horizon 6\)\./);
    const missing = runCli(['tradeoff', '--effort', '16', '--repo', debtRepo.dir], { env: debtEnv });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/needs an item \(tpo tradeoff T-4\) or an area and an effort/);
  });

  it('flags a hotspot touched by a branch and suggests its other author as reviewer', () => {
    const report = runCliJson<{
      hotspotsTouched: { path: string; hotspotRank: number; health: number }[];
      reviewers: { name: string }[];
    }>(['review', 'main..touch-hot', '--repo', debtRepo.dir], { env: debtEnv });
    expect(report.hotspotsTouched).toEqual([
      expect.objectContaining({ path: 'src/engine/hot.ts', hotspotRank: 1, health: 6 }),
    ]);
    expect(report.reviewers.map((r) => r.name)).toEqual(['Ann Author']);
  });

  it('sets the exit status with --fail-on for CI gates', () => {
    const gated = runCli(
      ['review', 'main..feature/T-42-limits', '--repo', reviewRepo.dir, '--fail-on', 'medium'],
      {
        env: reviewEnv,
      },
    );
    expect(gated.status).toBe(1);
    expect(gated.stdout).toContain('risk: MEDIUM (3 points)');
    const passes = runCli(
      ['review', 'main..feature/T-42-limits', '--repo', reviewRepo.dir, '--fail-on', 'high'],
      {
        env: reviewEnv,
      },
    );
    expect(passes.status).toBe(0);
    const none = runCli(['review', 'main..feature/T-42-limits', '--repo', reviewRepo.dir], {
      env: reviewEnv,
    });
    expect(none.status).toBe(0);
    const wrong = runCli(['review', '--repo', reviewRepo.dir, '--fail-on', 'severe'], { env: reviewEnv });
    expect(wrong.status).toBe(2);
  });

  it('prints Markdown for a pull-request comment and SARIF for code scanning, gate or not', () => {
    const markdown = runCli(
      [
        'review',
        'main..feature/T-42-limits',
        '--repo',
        reviewRepo.dir,
        '--format',
        'markdown',
        '--fail-on',
        'low',
      ],
      { env: reviewEnv },
    );
    expect(markdown.status).toBe(1);
    expect(markdown.stdout).toContain('### tpo review: risk 🟠 medium');
    expect(markdown.stderr).toContain('at or above --fail-on low');
    const sarif = runCli(
      ['review', 'main..feature/T-42-limits', '--repo', reviewRepo.dir, '--format', 'sarif'],
      {
        env: reviewEnv,
      },
    );
    expect(getSarifErrors(JSON.parse(sarif.stdout))).toEqual([]);
  });

  it('reviews the current branch against the default branch when no range is given', () => {
    reviewRepo.checkout('feature/T-42-limits');
    try {
      const report = runCliJson<{ base: string; head: string; files: unknown[] }>(
        ['review', '--repo', reviewRepo.dir],
        {
          env: reviewEnv,
        },
      );
      expect(report).toMatchObject({ base: 'main', head: 'HEAD' });
      expect(report.files).toHaveLength(1);
    } finally {
      reviewRepo.checkout('main');
    }
  });

  it('measures the missing co-change warnings on history with --replay', () => {
    const result = runCliJson<{ replayed: number; horizon: number }>(
      ['review', '--replay', '--horizon', '1', '--repo', reviewRepo.dir],
      { env: reviewEnv },
    );
    expect(result.horizon).toBe(1);
  });

  it('files a debt of the register in the backlog, where it stays as filed debt, once', () => {
    const before = runCliJson<{ entries: { id: string; title: string }[] }>(
      ['debt', '--repo', debtRepo.dir],
      { env: debtEnv },
    );
    const target = before.entries.find((e) => e.id.startsWith('unhealthy-hotspot:'))!;
    const item = runCliJson<{
      id: string;
      kind: string;
      areas: string[];
      external: { tracker: string; key: string };
    }>(['debt', 'add', target.id, '--repo', debtRepo.dir], { env: debtEnv });
    expect(item).toMatchObject({ kind: 'debt', external: { tracker: 'tpo-debt', key: target.id } });
    expect(item.areas.length).toBeGreaterThan(0);
    const after = runCliJson<{ entries: { id: string }[] }>(['debt', '--repo', debtRepo.dir], {
      env: debtEnv,
    });
    const ids = after.entries.map((e) => e.id);
    expect(ids).toContain(`filed:${item.id}`);
    expect(ids).not.toContain(target.id);
    expect(after.entries).toHaveLength(before.entries.length);
    const again = runCli(['debt', 'add', target.id, '--repo', debtRepo.dir], { env: debtEnv });
    expect(again.status).toBe(3);
    expect(again.stderr).toContain(`already in the backlog as ${item.id}`);
    const unknown = runCli(['debt', 'add', 'no-such-debt', '--repo', debtRepo.dir], { env: debtEnv });
    expect(unknown.status).toBe(2);
  });

  it('reads the items a change serves from the backlog, with their areas, and flags files outside them', () => {
    const env = { TPO_DATABASE_URL: path.join(dbDir, 'review-items.db') };
    const added = runCliJson<{ id: string }>(
      ['add', 'Serve the api', '--area', 'src/server.ts', '--repo', reviewRepo.dir],
      { env },
    );
    const report = runCliJson<{
      items: { id: string; title: string; via: string; area: string[] }[];
      outsideArea?: string[];
    }>(['review', 'main..feature/T-42-limits', '--item', added.id, '--repo', reviewRepo.dir], { env });
    expect(report.items).toEqual([
      { id: added.id, title: 'Serve the api', via: 'option', area: ['src/server.ts'] },
      { id: 'T-42', title: 'T-42', via: 'reference', area: [] },
    ]);
    const text = JSON.stringify(report);
    expect(text).toContain('outside the area of the items it serves');
  });
});
