import { describe, expect, it } from 'vitest';
import type { FileStats } from '../domain/index.js';
import { buildArea, judgeItem, type CodeModelView, type PastChangeSet } from './judge-item.js';

const DAY = 86_400;
const NOW = 1000 * DAY;

function file(path: string, overrides: Partial<FileStats> = {}): FileStats {
  return {
    path,
    blob: 'b',
    size: 100,
    language: 'TypeScript',
    excluded: null,
    loc: 100,
    complexity: 50,
    cyclomatic: null,
    revisions: 1,
    churn: 10,
    totalRevisions: 1,
    authors: [{ name: 'Ann', email: 'a@x', added: 100, share: 1 }],
    mainAuthor: 'Ann',
    mainAuthorShare: 1,
    firstCommitTime: 0,
    lastCommitTime: NOW,
    ...overrides,
  };
}

/**
 * A shop: orders/model.ts is imported by five screens in five modules, was written by Bob who left 8 months ago,
 * and is the top hotspot. Merged branches that touched it took 5 to 15 working days.
 */
function shop(): CodeModelView {
  const screens = [
    'ui/cart/page.tsx',
    'ui/checkout/page.tsx',
    'ui/account/page.tsx',
    'ui/admin/page.tsx',
    'ui/reports/page.tsx',
  ];
  const files = new Map<string, FileStats>([
    [
      'orders/model.ts',
      file('orders/model.ts', {
        mainAuthor: 'Bob',
        authors: [{ name: 'Bob', email: 'b@x', added: 900, share: 0.9 }],
        mainAuthorShare: 0.9,
      }),
    ],
    ['reports/new-report.ts', file('reports/new-report.ts')],
    ...screens.map((s) => [s, file(s)] as const),
  ]);
  const edges = screens.map((s) => ({ from: s, to: 'orders/model.ts' }));
  const branch = (sha: string, days: number, paths: string[]): PastChangeSet => ({
    sha,
    message: `work ${sha}`,
    isMerge: true,
    commitCount: 3,
    startedAt: NOW - 100 * DAY,
    finishedAt: NOW - 100 * DAY + (days * DAY * 7) / 5,
    paths,
    lines: 100,
  });
  return {
    now: NOW,
    files,
    moduleOf: (p) =>
      p
        .split('/')
        .slice(0, p.startsWith('ui/') ? 2 : 1)
        .join('/'),
    dependentsOf: (p) => (p === 'orders/model.ts' ? screens.map((s) => ({ path: s, depth: 1 })) : []),
    fanIn: (p) => edges.filter((e) => e.to === p).length,
    coChangesOf: () => [],
    hotspots: new Map([['orders/model.ts', { rank: 1, score: 1 }]]),
    hotspotCount: 7,
    lastActivity: new Map([
      ['Bob', NOW - 240 * DAY],
      ['Ann', NOW - DAY],
    ]),
    changeSets: [
      branch('a', 5, ['orders/model.ts']),
      branch('b', 8, ['orders/model.ts', 'ui/cart/page.tsx']),
      branch('c', 10, ['orders/model.ts']),
      branch('d', 12, ['orders/model.ts', 'reports/new-report.ts']),
      branch('e', 15, ['orders/model.ts']),
      branch('f', 1, ['ui/admin/page.tsx']),
    ],
    packageEntries: new Set(),
  };
}

describe('judgeItem', () => {
  it('flags a "small" report that changes a model read by five screens as bigger than it looks, with the reasons', () => {
    const model = shop();
    const area = buildArea(
      'predicted',
      [{ path: 'orders/model.ts', confidence: 0.9, evidence: ['matched "order"'] }],
      model.moduleOf,
    );
    const j = judgeItem({ area, statedEffort: 0.5 }, model);
    expect(j.blastRadius.dependents).toHaveLength(5);
    expect(j.blastRadius.modules).toEqual([
      'orders',
      'ui/account',
      'ui/admin',
      'ui/cart',
      'ui/checkout',
      'ui/reports',
    ]);
    expect(j.blastRadius.entryPoints.map((e) => e.kind)).toEqual(['page', 'page', 'page', 'page', 'page']);
    expect(j.risks.map((r) => r.kind)).toEqual(['hotspot', 'one-author', 'inactive-owner']);
    expect(j.risks.find((r) => r.kind === 'inactive-owner')).toMatchObject({ figure: 7, threshold: 6 });
    // Five similar branches (a-e), equal similarity 1.1: P50 = the third value 10 days, P85 = the fifth 15 days.
    expect(j.effort).toMatchObject({ model: 'history', p50: 10, p85: 15, riskFactor: 1 });
    expect(j.effort.similar.map((s) => s.sha)).toEqual(['e', 'd', 'c', 'b', 'a']);
    // 10 days = 2 weeks, stated 0.5 week: ratio 4.
    expect(j.disguiseRatio).toBe(4);
    expect(j.biggerThanItLooks).toBe(true);
    expect(j.reasons[0]).toMatch(/^touches a hotspot: orders\/model.ts is hotspot #1/);
    expect(j.reasons).toContain('5 files in 6 modules depend on the area');
  });

  it('falls back to the size model, scaled by risks, when the area has too few similar changes', () => {
    const model = shop();
    const area = buildArea(
      'declared',
      [{ path: 'reports/new-report.ts', confidence: 1, evidence: [] }],
      model.moduleOf,
    );
    const j = judgeItem({ area, statedEffort: 1 }, model);
    // Six merged branches in the repository: median duration = weighted median of 1,5,8,10,12,15 = 8 days;
    // median files 1, the area has 1 file: base 8 days; one risk (Ann wrote all of it): x 1.1 = 8.8 days;
    // P85 = P50 x (P85 / P50 of the durations) = 8.8 x 15 / 8 = 16.5.
    expect(j.effort).toMatchObject({
      model: 'size',
      p50: 8.8,
      p85: 16.5,
      riskFactor: 1.1,
      spread: 'measured',
    });
    expect(j.risks.map((r) => r.kind)).toEqual(['one-author']);
    expect(j.disguiseRatio).toBe(1.76);
    expect(j.biggerThanItLooks).toBe(false);
    expect(j.reasons).toEqual([]);
  });

  it('says the spread is assumed when the repository has no merged branch to measure (squash merges only)', () => {
    const full = shop();
    const model = { ...full, changeSets: full.changeSets.filter((cs) => !cs.isMerge) };
    const area = buildArea(
      'declared',
      [{ path: 'reports/new-report.ts', confidence: 1, evidence: [] }],
      model.moduleOf,
    );
    // One working day per file: 1 day x 1.1 (Ann wrote all of it); P85 = 2.5 x P50 = 2.75, shown 2.8.
    expect(judgeItem({ area, statedEffort: 1 }, model).effort).toMatchObject({
      model: 'size',
      p50: 1.1,
      p85: 2.8,
      spread: 'assumed',
    });
  });

  it('says nothing about disguise without a stated effort', () => {
    const model = shop();
    const area = buildArea(
      'predicted',
      [{ path: 'orders/model.ts', confidence: 0.9, evidence: [] }],
      model.moduleOf,
    );
    expect(judgeItem({ area, statedEffort: null }, model)).toMatchObject({
      disguiseRatio: null,
      biggerThanItLooks: false,
    });
  });

  it('applies the backlog calibration only from ten finished items', () => {
    const model = shop();
    const area = buildArea(
      'predicted',
      [{ path: 'orders/model.ts', confidence: 0.9, evidence: [] }],
      model.moduleOf,
    );
    expect(
      judgeItem({ area, statedEffort: 1 }, model, { calibration: { ratio: 2, items: 9 } }).effort.p50,
    ).toBe(10);
    expect(
      judgeItem({ area, statedEffort: 1 }, model, { calibration: { ratio: 2, items: 10 } }).effort.p50,
    ).toBe(20);
  });
});
