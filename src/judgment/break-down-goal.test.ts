import { describe, expect, it } from 'vitest';
import type { FileStats, ItemJudgment } from '../domain/index.js';
import { breakDownGoal, classifyLayer, type BreakdownModel } from './break-down-goal.js';

const DAY = 86_400;
const NOW = 1000 * DAY;

function file(path: string, author: string, loc = 100, language: string | null = 'TypeScript'): FileStats {
  return {
    path,
    blob: 'b',
    size: 100,
    language,
    excluded: null,
    loc,
    complexity: 10,
    cyclomatic: null,
    revisions: 1,
    churn: 1,
    totalRevisions: 1,
    authors: [{ name: author, email: `${author}@x`, added: loc, share: 1 }],
    mainAuthor: author,
    mainAuthorShare: 1,
    firstCommitTime: 0,
    lastCommitTime: NOW,
  };
}

describe('classifyLayer', () => {
  const plain = { language: 'TypeScript', packages: [], isPackageEntry: false };
  it('recognises layers by what a file is and imports, whatever its folder is called', () => {
    expect(classifyLayer('weird/x.ts', { ...plain, packages: ['better-sqlite3'] })).toEqual({
      layer: 'data',
      why: 'imports the database package better-sqlite3',
    });
    expect(classifyLayer('weird/x.ts', { ...plain, packages: ['fastify'] }).layer).toBe('api');
    expect(classifyLayer('weird/x.ts', { ...plain, packages: ['react'] }).layer).toBe('ui');
    expect(classifyLayer('weird/x.tsx', plain).layer).toBe('ui');
    expect(classifyLayer('weird/x.ts', { ...plain, packages: ['vitest', 'react'] }).layer).toBe('tests');
    expect(classifyLayer('weird/x.spec.ts', plain).layer).toBe('tests');
    expect(classifyLayer('weird/x.sql', { ...plain, language: 'SQL' }).layer).toBe('data');
    expect(classifyLayer('weird/0042_add_total.py', plain).layer).toBe('data');
    expect(classifyLayer('weird/readme.md', { ...plain, language: 'Markdown' }).layer).toBe('docs');
    expect(classifyLayer('CHANGELOG.md', plain).layer).toBe('docs');
    expect(classifyLayer('weird/index.ts', { ...plain, isPackageEntry: true }).layer).toBe('api');
    expect(classifyLayer('weird/x.ts', plain)).toEqual({
      layer: 'domain',
      why: 'code with no data, UI, API or test signal',
    });
  });
});

describe('breakDownGoal', () => {
  // A shop: rules/total.ts (the area) imports store/orders.ts (database); web/handler.ts (HTTP) and
  // view/Total.tsx import the rules; check/total.spec.ts tests them; notes.md changes with them.
  const files = new Map<string, FileStats>([
    ['rules/total.ts', file('rules/total.ts', 'Bob', 400)],
    ['store/orders.ts', file('store/orders.ts', 'Ann', 100)],
    ['web/handler.ts', file('web/handler.ts', 'Cid', 100)],
    ['view/Total.tsx', file('view/Total.tsx', 'Cid', 100)],
    ['check/total.spec.ts', file('check/total.spec.ts', 'Bob', 100)],
    ['notes.md', file('notes.md', 'Dee', 100, 'Markdown')],
    ['CHANGELOG.md', file('CHANGELOG.md', 'Dee', 100, 'Markdown')],
  ]);
  const imports: Record<string, string[]> = {
    'rules/total.ts': ['store/orders.ts'],
    'web/handler.ts': ['rules/total.ts'],
    'view/Total.tsx': ['rules/total.ts'],
    'check/total.spec.ts': ['rules/total.ts'],
  };
  const packages: Record<string, string[]> = {
    'store/orders.ts': ['pg'],
    'web/handler.ts': ['express'],
    'view/Total.tsx': ['react'],
    'check/total.spec.ts': ['vitest'],
  };
  const model: BreakdownModel = {
    files,
    now: NOW,
    lastActivity: new Map([
      ['Ann', NOW],
      ['Bob', NOW],
      ['Cid', NOW - 400 * DAY],
      ['Dee', NOW],
    ]),
    packageEntries: new Set(),
    dependentsOf: () => [],
    packagesOf: (p) => packages[p] ?? [],
    importsOf: (p) => imports[p] ?? [],
  };
  const judgment: ItemJudgment = {
    area: {
      source: 'declared',
      files: [
        { path: 'rules/total.ts', module: 'rules', confidence: 1, evidence: [] },
        { path: 'store/orders.ts', module: 'store', confidence: 1, evidence: [] },
      ],
      modules: ['rules', 'store'],
    },
    blastRadius: {
      dependents: [
        { path: 'web/handler.ts', module: 'web', depth: 1 },
        { path: 'view/Total.tsx', module: 'view', depth: 1 },
        { path: 'check/total.spec.ts', module: 'check', depth: 1 },
      ],
      coupled: [{ path: 'notes.md', module: '.', confidence: 0.8, shared: 4 }],
      modules: ['rules', 'store', 'web', 'view', 'check', '.'],
      entryPoints: [],
    },
    risks: [
      {
        kind: 'hotspot',
        label: 'touches a hotspot',
        figure: 1,
        threshold: 3,
        unit: 'hotspot rank',
        detail: 'rules/total.ts is hotspot #1',
        files: ['rules/total.ts'],
        effortFactor: 1.25,
      },
    ],
    effort: {
      p50: 10,
      p85: 20,
      model: 'history',
      similar: [],
      calibration: 1,
      calibratedBy: 0,
      riskFactor: 1,
      spread: 'measured',
      notes: [],
    },
    disguiseRatio: null,
    biggerThanItLooks: false,
    reasons: [],
  };

  it('makes one task per layer crossed, in build order, each waiting for the layers its files import', () => {
    const b = breakDownGoal({ id: 'T-1', title: 'Discount' }, judgment, model);
    expect(b.tasks.map((t) => [t.layer, t.blockedBy])).toEqual([
      ['data', []],
      ['domain', ['data']],
      ['api', ['domain']],
      ['ui', ['domain']],
      ['tests', ['data', 'domain', 'api', 'ui']],
      ['docs', ['data', 'domain', 'api', 'ui', 'tests']],
    ]);
    const domain = b.tasks[1]!;
    expect(domain).toMatchObject({
      title: 'Domain logic: Discount',
      files: [
        { path: 'rules/total.ts', role: 'area', layerWhy: 'code with no data, UI, API or test signal' },
      ],
      people: [{ name: 'Bob', share: 1, inactive: false }],
      risks: ['touches a hotspot: rules/total.ts is hotspot #1'],
      waitsBecause: ['rules/total.ts imports store/orders.ts'],
    });
    expect(b.tasks[2]!.people).toEqual([{ name: 'Cid', share: 1, inactive: true }]);
    expect(b.tasks[0]!.risks[0]).toMatch(/^changes stored or exchanged data/);
    expect(b.tasks[5]!.files.map((f) => [f.path, f.role])).toEqual([
      ['notes.md', 'coupled'],
      ['CHANGELOG.md', 'release'],
    ]);
  });

  it("splits the effort by the square root of each task's lines of code", () => {
    const b = breakDownGoal({ id: 'T-1', title: 'Discount' }, judgment, model);
    // weights: data 10, domain 20, api 10, ui 10, tests 10, docs 20 (two files): total 80.
    expect(b.tasks.map((t) => t.effort.p50)).toEqual([1.3, 2.5, 1.3, 1.3, 1.3, 2.5]);
    expect(b.tasks.map((t) => t.effort.p85)).toEqual([2.5, 5, 2.5, 2.5, 2.5, 5]);
  });

  it('adds a tests task that writes new tests when none touch the area', () => {
    const withoutSpec: ItemJudgment = {
      ...judgment,
      blastRadius: { ...judgment.blastRadius, dependents: judgment.blastRadius.dependents.slice(0, 2) },
    };
    const b = breakDownGoal({ id: 'T-1', title: 'Discount' }, withoutSpec, model);
    expect(b.tasks.find((t) => t.layer === 'tests')).toMatchObject({ files: [] });
    expect(b.notes).toContain(
      'no test file imports or changes with this area: the tests task writes new ones',
    );
  });

  it('adds the tests that reach the area through other files, without weight in the effort split', () => {
    const deep: ItemJudgment = {
      ...judgment,
      blastRadius: {
        ...judgment.blastRadius,
        dependents: [
          ...judgment.blastRadius.dependents,
          { path: 'check/deep.spec.ts', module: 'check', depth: 2 },
          { path: 'web/app.ts', module: 'web', depth: 2 },
        ],
      },
    };
    const withDeep = {
      ...model,
      files: new Map([
        ...files,
        ['check/deep.spec.ts', file('check/deep.spec.ts', 'Bob', 900)],
        ['web/app.ts', file('web/app.ts', 'Cid')],
      ]),
    };
    const b = breakDownGoal({ id: 'T-1', title: 'Discount' }, deep, withDeep);
    expect(b.tasks.find((t) => t.layer === 'tests')!.files.map((f) => [f.path, f.role])).toEqual([
      ['check/total.spec.ts', 'dependent'],
      ['check/deep.spec.ts', 'reached'],
    ]);
    expect(b.tasks.flatMap((t) => t.files.map((f) => f.path))).not.toContain('web/app.ts');
    expect(b.tasks.map((t) => t.effort.p50)).toEqual([1.3, 2.5, 1.3, 1.3, 1.3, 2.5]);
  });
});
