import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../helpers/git-repo.js';
import { createLayeredRepo, LAYERED_FILES } from '../helpers/layered-repo.js';
import { runCli, runCliJson, type CliResult } from '../helpers/run-cli.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

interface BreakdownJson {
  kind: 'item' | 'text';
  tasks: {
    layer: string;
    blockedBy: string[];
    files: { path: string; role: string; layerWhy: string }[];
    people: { name: string; share: number; inactive: boolean }[];
  }[];
  created: { id: string; layer: string; blockedBy: string[] }[];
}

interface ExplainJson {
  id: string;
  kind: 'item' | 'text';
  audience: string;
  areaSource: string;
  readingEase: number;
  sentences: {
    topic: string;
    text: string;
    figures: { field: string; raw: number | string; shown: string }[];
  }[];
  forecast: { dates: { percent: number; date: string | null }[] } | null;
}

// The CLI over app/ on a generated repository with clear layers (test/helpers/layered-repo.ts); SQLite.
describe('tpo explain and tpo breakdown', () => {
  let repo: TestRepo;
  let ts: TestStore;
  let env: Record<string, string>;
  const tpo = (...args: string[]): CliResult => runCli(args, { cwd: repo.dir, env });
  const json = <T>(...args: string[]): T => runCliJson<T>(args, { cwd: repo.dir, env });

  beforeAll(async () => {
    repo = createLayeredRepo();
    ts = await createTestStore('sqlite');
    env = { ...ts.env };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('asks for a scan before judging anything', () => {
    tpo('add', 'Show a discount on the order total', '--effort', '0.2', '--area', 'src/pricing/**');
    const result = tpo('explain', 'T-1');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^tpo: the repository was never scanned.*run "tpo scan" first\n$/);
  });

  it('explains an item to a stakeholder in plain words, with the figures of its judgment', () => {
    expect(tpo('scan').status).toBe(0);
    const result = tpo('explain', 'T-1', '--start', '2024-06-20');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^T-1 Show a discount on the order total\n\nIt was put down as 0.2 weeks of work for one person\. We found 12 past changes to the same code, and they took [\d.]+ to [\d.]+ working days\. So it is about [\d.]+ times as big as it looks/,
    );
    expect(result.stdout).toContain('3 other files use this code, so they may need checks or changes too.');
    expect(result.stdout).toContain('it reaches 1 screen that people see');
    expect(result.stdout).toMatch(
      /If the team keeps its recent pace, it is 50 % likely to be done by \d+ \w+ 2024/,
    );
    expect(result.stdout).toMatch(/Reading ease [\d.]+ \(Flesch/);
  });

  it('prints every figure with the field it came from, in JSON', () => {
    const e = json<ExplainJson>('explain', 'T-1', '--start', '2024-06-20');
    expect(e).toMatchObject({ id: 'T-1', kind: 'item', audience: 'stakeholder', areaSource: 'declared' });
    expect(e.readingEase).toBeGreaterThanOrEqual(60);
    const fields = e.sentences.flatMap((s) => s.figures.map((f) => f.field));
    expect(fields).toEqual(
      expect.arrayContaining([
        'item.statedEffort',
        'judgment.effort.p50',
        'judgment.blastRadius.dependents.length',
        'forecast.dates[0].date',
      ]),
    );
    expect(e.forecast?.dates.map((d) => d.percent)).toEqual([50, 85, 95]);
  });

  it('gives an engineer the paths, metrics and thresholds, as Markdown', () => {
    const result = tpo('explain', 'T-1', '--for', 'engineer', '--markdown');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^# T-1: Show a discount on the order total\n/);
    expect(result.stdout).toContain('src/pricing/order-total.ts');
    expect(result.stdout).toMatch(/- Effort: P50 [\d.]+ and P85 [\d.]+ person-days \(history model\)\./);
    expect(result.stdout).toMatch(/Risk, touches a hotspot: src\/pricing\/order-total.ts is hotspot #1/);
  });

  it('explains a request in free text, localizing it first', () => {
    const e = json<ExplainJson>('explain', "Why can't we just give a discount on big totals?");
    expect(e).toMatchObject({ kind: 'text', areaSource: 'predicted', forecast: null });
    const engineer = tpo('explain', "Why can't we just give a discount on big totals?", '--for', 'engineer');
    expect(engineer.stdout).toContain('src/pricing/discount.ts');
  });

  it('says what to do when an item cannot be explained', () => {
    tpo('add', 'Export the ledger', '--area', 'nowhere/**');
    expect(tpo('explain', 'T-2').stderr).toBe(
      'tpo: the areas of T-2 (nowhere/**) match no scanned file; check them with "tpo show T-2"\n',
    );
    expect(tpo('explain', 'T-9').status).toBe(2);
    expect(tpo('explain', '  ').stderr).toBe('tpo: give an item id (T-4) or a request in quotes\n');
    const bad = tpo('explain', 'T-1', '--for', 'boss');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--for must be stakeholder or engineer, got "boss"');
  });

  it('breaks an item into tasks per layer, recognised from what files import, with who knows them', () => {
    tpo(
      'add',
      'Store the discount with each order',
      '--effort',
      '1',
      '--area',
      'src/pricing/**',
      '--area',
      'src/persistence/**',
    );
    const b = json<BreakdownJson>('breakdown', 'T-3');
    expect(b.tasks.map((t) => [t.layer, t.blockedBy])).toEqual([
      ['data', []],
      ['domain', ['data']],
      ['api', ['domain']],
      ['ui', ['domain']],
      ['tests', ['data', 'domain', 'api', 'ui']],
      ['docs', ['data', 'domain', 'api', 'ui', 'tests']],
    ]);
    const files = (layer: string): string[] =>
      b.tasks
        .find((t) => t.layer === layer)!
        .files.map((f) => f.path)
        .sort();
    expect(files('data')).toEqual([...LAYERED_FILES.data].sort());
    expect(files('domain')).toEqual([...LAYERED_FILES.domain].sort());
    expect(files('api')).toEqual([...LAYERED_FILES.api]);
    expect(files('ui')).toEqual([...LAYERED_FILES.ui]);
    expect(files('tests')).toEqual([...LAYERED_FILES.tests]);
    expect(files('docs')).toEqual(expect.arrayContaining([...LAYERED_FILES.docs]));
    expect(b.tasks.find((t) => t.layer === 'data')!.files.find((f) => f.path.endsWith('.ts'))!.layerWhy).toBe(
      'imports the database package better-sqlite3',
    );
    expect(b.tasks.map((t) => t.people[0]?.name)).toEqual([
      'Ann Data',
      'Bob Rules',
      'Cid Web',
      'Cid Web',
      'Bob Rules',
      expect.any(String),
    ]);
    expect(b.created).toEqual([]);
    const text = tpo('breakdown', 'T-3');
    expect(text.stdout).toMatch(/^Breakdown of T-3 "Store the discount with each order": 6 tasks/);
    expect(text.stdout).toContain(
      'waits because: src/pricing/order-total.ts imports src/persistence/order-store.ts',
    );
    const markdown = tpo('breakdown', 'T-3', '--markdown');
    expect(markdown.stdout).toMatch(/^# Breakdown: T-3 Store the discount with each order\n/);
    expect(markdown.stdout).toContain('## 2. Domain logic');
  });

  it('adds the tasks to the backlog with --create, each waiting for the tasks it depends on, the goal waiting for all', () => {
    const b = json<BreakdownJson>('breakdown', 'T-3', '--create');
    expect(b.created.map((c) => [c.id, c.layer, c.blockedBy])).toEqual([
      ['T-4', 'data', []],
      ['T-5', 'domain', ['T-4']],
      ['T-6', 'api', ['T-5']],
      ['T-7', 'ui', ['T-5']],
      ['T-8', 'tests', ['T-4', 'T-5', 'T-6', 'T-7']],
      ['T-9', 'docs', ['T-4', 'T-5', 'T-6', 'T-7', 'T-8']],
    ]);
    const goal = json<{ item: { blockedBy: string[] } }>('show', 'T-3');
    expect(goal.item.blockedBy).toEqual(['T-4', 'T-5', 'T-6', 'T-7', 'T-8', 'T-9']);
    const task = json<{ item: { title: string; areas: string[]; tags: string[]; description: string } }>(
      'show',
      'T-5',
    );
    expect(task.item).toMatchObject({
      title: 'Domain logic: Store the discount with each order',
      areas: expect.arrayContaining([...LAYERED_FILES.domain]),
      tags: ['breakdown', 't-3'],
    });
    expect(task.item.description).toContain('Who knows this code: Bob Rules');
  });

  it('breaks down a goal in free text', () => {
    const b = json<BreakdownJson>('breakdown', 'a discount on big order totals');
    expect(b.kind).toBe('text');
    expect(b.tasks.some((t) => t.layer === 'domain')).toBe(true);
  });
});
