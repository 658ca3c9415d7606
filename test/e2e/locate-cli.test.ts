import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson, type CliResult } from '../helpers/run-cli.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

const MODULES = ['billing', 'orders', 'reports', 'users', 'shipping', 'search'];

/**
 * A generated repository: six modules that all import src/core/settings.ts, and a history in which work on
 * "settings", "timeout" and "retry" touched that file (and its test), while each module's own work touched its files.
 */
function createLocateRepo(): TestRepo {
  const repo = createTestRepo();
  const files: Record<string, string> = {
    'src/core/settings.ts':
      'export interface Settings { timeout: number }\nexport function loadSettings(): Settings { return { timeout: 1 }; }\n',
    'test/core/settings.test.ts': "import { loadSettings } from '../../src/core/settings';\n",
  };
  for (const m of MODULES) {
    files[`src/${m}/${m}-service.ts`] =
      `import { loadSettings } from '../core/settings';\nexport function run${m}() { return loadSettings().timeout; }\n`;
    files[`test/${m}/${m}-service.test.ts`] = `import { run${m} } from '../../src/${m}/${m}-service';\n`;
  }
  repo.commit({ message: 'Initial layout of the services', files });
  for (let round = 0; round < 6; round += 1) {
    for (const m of MODULES) {
      repo.commit({
        message: `${m}: handle ${m} edge case number ${round} in the ${m} service`,
        files: {
          [`src/${m}/${m}-service.ts`]: `${files[`src/${m}/${m}-service.ts`]}// ${m} change ${round}\n`,
          [`test/${m}/${m}-service.test.ts`]: `${files[`test/${m}/${m}-service.test.ts`]}// test ${round}\n`,
        },
      });
    }
    repo.commit({
      message: `settings: make the request timeout and retry settings configurable (${round})`,
      files: {
        'src/core/settings.ts': `${files['src/core/settings.ts']}// settings timeout retry ${round}\n`,
        'test/core/settings.test.ts': `${files['test/core/settings.test.ts']}// ${round}\n`,
      },
    });
  }
  return repo;
}

describe('tpo locate, tpo coupling <file> and tpo eval on a generated repository', () => {
  let repo: TestRepo;
  let ts: TestStore;
  let env: Record<string, string>;
  let past: string;
  const tpo = (...args: string[]): CliResult => runCli(args, { cwd: repo.dir, env });
  const json = <T>(...args: string[]): T => runCliJson<T>(args, { cwd: repo.dir, env });

  beforeAll(async () => {
    repo = createLocateRepo();
    past = repo.head();
    ts = await createTestStore('sqlite');
    env = { ...ts.env };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('ranks the files a text is about, with a confidence in [0, 1] and the evidence', () => {
    const answer = json<{
      results: { path: string; score: number; module: string; evidence: { words: string[] } }[];
      modules: { module: string; files: string[] }[];
    }>('locate', 'Retry when the request timeout setting is reached', '--limit', '5');
    expect(answer.results[0]!.path).toBe('src/core/settings.ts');
    expect(answer.results[0]!.evidence.words).toEqual(expect.arrayContaining(['timeout', 'retry']));
    for (const r of answer.results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(answer.modules.flatMap((m) => m.files).sort()).toEqual(answer.results.map((r) => r.path).sort());
    // Asked again, the answer comes from the model cached in the store (read without opening it): the same.
    expect(json('locate', 'Retry when the request timeout setting is reached', '--limit', '5')).toEqual(
      answer,
    );
    const text = tpo('locate', 'edge case in the shipping service');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('src/shipping/shipping-service.ts');
    expect(tpo('locate', '   ').status).toBe(2);
  });

  it('answers a past question the same after future commits land (no look-ahead)', () => {
    const before = json<{ commit: string; results: unknown[] }>(
      'locate',
      'billing edge case',
      '--until',
      past,
    );
    repo.commit({
      message: 'billing: move the billing edge cases into the settings file',
      files: {
        'src/core/settings.ts': '// billing edge case\n',
        'src/billing/billing-service.ts': '// moved\n',
      },
    });
    repo.commit({
      message: 'billing: new billing ledger for edge cases',
      files: { 'src/billing/ledger.ts': 'x\n' },
    });
    const after = json<{ commit: string; results: unknown[] }>(
      'locate',
      'billing edge case',
      '--until',
      past,
    );
    expect(after.commit).toBe(past);
    expect(after).toEqual(before);
    // Without --until, commands answer from the last scan, and say that HEAD has moved on since (once, on stderr;
    // the quick path of tpo locate reads HEAD from .git, the others ask git).
    const notice = `tpo: notice: answered from the scan of ${past.slice(0, 7)}; HEAD is now ${repo.head().slice(0, 7)}: run "tpo scan" to read the newer commits\n`;
    for (const args of [
      ['locate', 'billing edge case', '--json'],
      ['hotspots'],
      ['coupling', 'src/core/settings.ts', '--limit', '3'],
    ])
      expect(tpo(...args)).toMatchObject({ status: 0, stderr: notice });
    expect(tpo('scan').status).toBe(0);
    const fresh = tpo('locate', 'billing ledger edge case', '--json');
    expect(fresh.stderr).toBe('');
    const now = JSON.parse(fresh.stdout) as { results: { path: string }[] };
    expect(now.results.map((r) => r.path)).toContain('src/billing/ledger.ts');
    expect(tpo('hotspots').stderr).toBe('');
  });

  it('predicts the files that change with one file', () => {
    const co = json<{ file: string; results: { path: string; score: number; source: string }[] }>(
      'coupling',
      'src/core/settings.ts',
      '--until',
      past,
    );
    expect(co.results[0]).toMatchObject({ path: 'test/core/settings.test.ts', source: 'history' });
    // Changed together in 7 of its 7 change sets, but the first one (the initial layout) touched every file.
    expect(co.results[0]!.score).toBeGreaterThan(0.8);
    expect(tpo('coupling', 'no/such/file.ts').status).toBe(2);
  });

  it('evaluates on its own history with the filters, both query forms and the size baseline', () => {
    const report = json<{
      eligible: number;
      evaluated: number;
      filters: { reason: string; skipped: number }[];
      localization: { full: { map: { mean: number } }; title: { top10: { mean: number } } };
      coChange: { feedback3: { mean: number } };
      size: { files: { mae: number; baselineMae: number } };
    }>('eval', repo.dir, '--sample', '10', '--seed', '13');
    expect(report.evaluated).toBe(10);
    expect(report.filters.map((f) => f.reason)).toContain('short-message');
    expect(report.localization.full.map.mean).toBeGreaterThan(0.5);
    expect(report.localization.title.top10.mean).toBeGreaterThan(0.5);
    expect(report.coChange.feedback3.mean).toBe(1);
    expect(report.size.files.mae).toBeGreaterThanOrEqual(0);
    const text = tpo('eval', repo.dir, '--sample', '5');
    expect(text.stdout).toMatch(/Localization/);
    expect(text.stdout).toMatch(/Eligibility filters/);
  });

  it('judges an item without declared areas on its predicted area, and flags a small item on a widely imported file', () => {
    expect(
      tpo(
        'add',
        'Make the retry timeout setting configurable',
        '--effort',
        '0.1',
        '--reach',
        '10',
        '--impact',
        '1',
        '--confidence',
        '80',
      ).status,
    ).toBe(0);
    const shown = json<{
      judgment: {
        area: { source: string; files: { path: string }[] };
        biggerThanItLooks: boolean;
        reasons: string[];
      };
    }>('show', 'T-1');
    expect(shown.judgment.area.source).toBe('predicted');
    expect(shown.judgment.area.files[0]!.path).toBe('src/core/settings.ts');
    const ranked = json<{
      items: {
        id: string;
        technical: { biggerThanItLooks: boolean; reasons: string[]; areaSource: string } | null;
      }[];
    }>('rank');
    const t1 = ranked.items.find((i) => i.id === 'T-1')!;
    expect(t1.technical).toMatchObject({ biggerThanItLooks: true, areaSource: 'predicted' });
    expect(t1.technical!.reasons.join(' ')).toMatch(/depend on the area|imported/);
    const text = tpo('show', 'T-1');
    expect(text.stdout).toContain('Code area (predicted');
    expect(text.stdout).toContain('src/core/settings.ts');
  });
});
