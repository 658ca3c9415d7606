import { describe, expect, it } from 'vitest';
import type { ItemJudgment } from '../domain/index.js';
import { combineRepoJudgments, splitAreasByRepo } from './combine-repo-judgments.js';

function judgment(path: string, p50: number, p85: number, reasons: string[] = []): ItemJudgment {
  return {
    area: {
      source: 'declared',
      files: [{ path, module: 'src', confidence: 1, evidence: ['declared'] }],
      modules: ['src'],
    },
    blastRadius: {
      dependents: [{ path: 'src/uses.ts', module: 'src', depth: 1 }],
      coupled: [],
      modules: ['src'],
      entryPoints: [{ path: 'src/index.ts', kind: 'public-api', how: 'package entry' }],
    },
    risks: [
      {
        kind: 'hotspot',
        label: 'touches a hotspot',
        figure: 0.9,
        threshold: 0.5,
        unit: 'score',
        detail: `${path} is a hotspot`,
        files: [path],
        effortFactor: 1.3,
      },
    ],
    effort: {
      p50,
      p85,
      model: 'history',
      similar: [],
      calibration: 1,
      calibratedBy: 0,
      riskFactor: 1.3,
      spread: 'measured',
      notes: [],
    },
    disguiseRatio: null,
    biggerThanItLooks: reasons.length > 0,
    reasons,
  };
}

describe('areas in several repositories', () => {
  it('sends name:glob to a workspace repository and everything else to the current one', () => {
    const split = splitAreasByRepo(
      ['api:src/routes/**', 'web/', 'docs:README.md', 'C:/not-a-repo/**', 'api:lib/'],
      new Set(['api', 'web']),
    );
    expect([...split.entries()]).toEqual([
      ['api', ['src/routes/**', 'lib/']],
      ['', ['web/', 'docs:README.md', 'C:/not-a-repo/**']],
    ]);
  });

  it('sums the effort of the parts and flags the sum as bigger than it looks when each part alone is not', () => {
    // api: P50 4 days, web: P50 3 days; stated 0.5 person-weeks = 2.5 days. Alone: 4/5/0.5 = 1.6 and 1.2, under 2;
    // together 7/5/0.5 = 2.8, at least 2.
    const combined = combineRepoJudgments(
      [
        { repo: 'api', judgment: judgment('src/routes.ts', 4, 9) },
        { repo: 'web', judgment: judgment('src/page.tsx', 3, 6.5) },
      ],
      0.5,
    );
    expect(combined.effort.p50).toBe(7);
    expect(combined.effort.p85).toBe(15.5);
    expect(combined.disguiseRatio).toBe(2.8);
    expect(combined.biggerThanItLooks).toBe(true);
    expect(combined.reasons[0]).toBe('work in 2 repositories: api 4 days, web 3 days');
    expect(combined.area.files.map((f) => f.path)).toEqual(['api:src/routes.ts', 'web:src/page.tsx']);
    expect(combined.area.modules).toEqual(['api:src', 'web:src']);
    expect(combined.blastRadius.entryPoints.map((e) => e.path)).toEqual([
      'api:src/index.ts',
      'web:src/index.ts',
    ]);
    expect(combined.risks.map((r) => r.files[0])).toEqual(['api:src/routes.ts', 'web:src/page.tsx']);
    expect(combined.risks[1]!.detail).toBe('web: src/page.tsx is a hotspot');
  });

  it('keeps the parts\u2019 own reasons, and flags nothing without a stated effort', () => {
    const flagged = combineRepoJudgments(
      [{ repo: 'api', judgment: judgment('src/a.ts', 20, 30, ['touches a hotspot']) }],
      1,
    );
    expect(flagged.disguiseRatio).toBe(4);
    expect(flagged.reasons).toEqual(['work in api: 20 days', 'api: touches a hotspot']);
    const unstated = combineRepoJudgments([{ repo: 'api', judgment: judgment('src/a.ts', 20, 30) }], null);
    expect(unstated).toMatchObject({ disguiseRatio: null, biggerThanItLooks: false, reasons: [] });
  });
});
