import { describe, expect, it } from 'vitest';
import type { DebtCandidate, FileHealth } from '../domain/index.js';
import {
  CODE_RED_EXTRA_TIME,
  DEFAULT_INTEREST_SETTINGS,
  computeDebtCosts,
  computeInterestModel,
  computePrincipal,
  getExtraTime,
  getFactorExtraTime,
  type TimedChangeSet,
} from './compute-debt-interest.js';

const hot: FileHealth = {
  path: 'src/hot.ts',
  module: 'src',
  loc: 900,
  score: 6,
  band: 'warning',
  factors: [
    { name: 'size', value: 900, penalty: 2, reason: '' },
    { name: 'markers', value: 4, penalty: 1, reason: '' },
    { name: 'nesting', value: 3, penalty: 1, reason: '' },
  ],
};

function timed(x: {
  hours: number;
  minHealth: number;
  commitCount?: number;
  isMerge?: boolean;
  message?: string;
}): TimedChangeSet {
  return {
    isMerge: x.isMerge ?? true,
    commitCount: x.commitCount ?? 3,
    startedAt: 1_000_000,
    finishedAt: 1_000_000 + x.hours * 3600,
    message: x.message ?? 'Merge pull request #1 from a/b',
    minHealth: x.minHealth,
  };
}

describe('computeInterestModel', () => {
  it("falls back to Code Red's 124 % when squash merges leave no durations", () => {
    const model = computeInterestModel([timed({ commitCount: 1, hours: 0.1, minHealth: 2, isMerge: false })]);
    expect(model).toMatchObject({
      kind: 'default',
      extraTimeAlert: 1.24,
      hourlyRate: 100,
      currency: 'USD',
      baseHoursPerChange: 4,
    });
    expect(model.sample).toMatchObject({ alertChangeSets: 0, healthyChangeSets: 0 });
  });

  it('measures the extra time from merged branches in alert and healthy code', () => {
    const sets = [
      ...Array.from({ length: 20 }, (_, i) => timed({ hours: i < 10 ? 20 : 30, minHealth: 3 })),
      ...Array.from({ length: 21 }, () => timed({ hours: 10, minHealth: 9.5 })),
      timed({ hours: 500, minHealth: 6 }), // warning code: in neither group
      timed({ hours: 900, minHealth: 2, message: "Merge branch 'main' into next" }), // a sync, not work
    ];
    const model = computeInterestModel(sets, { ...DEFAULT_INTEREST_SETTINGS, minSample: 20 });
    // medians 25 h (alert) and 10 h (healthy): 150 % longer
    expect(model).toMatchObject({ kind: 'measured', extraTimeAlert: 1.5 });
    expect(model.sample).toMatchObject({
      alertChangeSets: 20,
      healthyChangeSets: 21,
      medianAlertHours: 25,
      medianHealthyHours: 10,
    });
  });
});

describe('getExtraTime', () => {
  it('is 0 in healthy code, the full extra time at 4 and below, linear in between', () => {
    const model = { extraTimeAlert: CODE_RED_EXTRA_TIME };
    expect([10, 9, 6.5, 4, 1].map((h) => Math.round(getExtraTime(h, model) * 1000) / 1000)).toEqual([
      0, 0, 0.62, 1.24, 1.24,
    ]);
  });

  it("attributes to a debt only the extra time of its own factors' points", () => {
    const model = { extraTimeAlert: 1.24 };
    // Without the marker point the file would be at 7: 1.24 x 3/5 - 1.24 x 2/5 = 0.248
    expect(getFactorExtraTime(hot, new Set(['markers']), model)).toBeCloseTo(0.248, 6);
    expect(getFactorExtraTime(hot, 'all', model)).toBeCloseTo(0.744, 6);
  });
});

describe('computeDebtCosts', () => {
  const candidates: DebtCandidate[] = [
    {
      id: 'unhealthy-hotspot:src/hot.ts',
      kind: 'unhealthy-hotspot',
      title: 'hot',
      area: { module: 'src', files: ['src/hot.ts'] },
      reasons: [],
      health: 6,
    },
    {
      id: 'debt-marker:src/hot.ts',
      kind: 'debt-marker',
      title: 'markers',
      area: { module: 'src', files: ['src/hot.ts'] },
      reasons: [],
      health: 6,
      markers: [
        {
          path: 'src/hot.ts',
          line: 1,
          kind: 'TODO',
          text: '',
          introducedAt: null,
          commit: null,
          author: null,
        },
        {
          path: 'src/hot.ts',
          line: 2,
          kind: 'TODO',
          text: '',
          introducedAt: null,
          commit: null,
          author: null,
        },
      ],
    },
    {
      id: 'import-cycle:src/x.ts',
      kind: 'import-cycle',
      title: 'cycle',
      area: { module: 'src', files: ['src/x.ts', 'src/y.ts'] },
      reasons: [],
      health: 9,
    },
  ];
  const { entries, totals } = computeDebtCosts({
    candidates,
    health: [hot],
    changesPerMonth: new Map([['src/hot.ts', 2]]),
    model: computeInterestModel([]),
  });

  it('charges changes a month x hours a change x extra time, in hours and money, ranked by interest', () => {
    expect(entries.map((e) => [e.rank, e.id])).toEqual([
      [1, 'unhealthy-hotspot:src/hot.ts'],
      [2, 'debt-marker:src/hot.ts'],
      [3, 'import-cycle:src/x.ts'],
    ]);
    // 2 x 4 h x 0.744 = 5.952 h; at 100 an hour 595
    expect(entries[0]!.cost).toMatchObject({
      interestHoursPerMonth: 6,
      interestMoneyPerMonth: 595,
      changesPerMonth: 2,
    });
    // 900 lines x (10 - 6) / 9 / 25 an hour = 16 h; pays back in 16 / 5.952 = 2.7 months
    expect(entries[0]!.cost).toMatchObject({ principalHours: 16, principalMoney: 1600, paybackMonths: 2.7 });
    // markers: 2 x 4 x 0.248 = 1.984 h; 2 markers x 2 h
    expect(entries[1]!.cost).toMatchObject({
      interestHoursPerMonth: 2,
      interestMoneyPerMonth: 198,
      principalHours: 4,
    });
    // an unchanged cycle pays no interest: 2 files x 3 h principal
    expect(entries[2]!.cost).toMatchObject({
      interestHoursPerMonth: 0,
      paybackMonths: null,
      principalHours: 6,
    });
  });

  it('counts each file once in the totals', () => {
    expect(totals).toEqual({
      interestHoursPerMonth: 6,
      interestMoneyPerMonth: 595,
      principalHours: 26,
      principalMoney: 2600,
    });
  });

  it('estimates a silo by reading its lines at 300 an hour', () => {
    const silo: DebtCandidate = {
      id: 's',
      kind: 'knowledge-silo',
      title: '',
      area: { module: 'src', files: ['src/hot.ts'] },
      reasons: [],
      health: 6,
    };
    expect(computePrincipal(silo, new Map([['src/hot.ts', hot]]))).toEqual({
      hours: 3,
      basis: '900 lines to learn at 300 lines an hour',
    });
  });
});
