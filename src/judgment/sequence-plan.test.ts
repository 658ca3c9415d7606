import { describe, expect, it } from 'vitest';
import { buildItem, rice } from '../../test/helpers/item-builder.js';
import { buildJudgment } from '../../test/helpers/judgment-builder.js';
import { sequencePlan } from './sequence-plan.js';

/** T-1 blocks T-2 and T-3, which both block T-4 (the valuable one). */
function diamond() {
  return [
    buildItem('T-1', { rice: rice(100, 1, 100, 1) }),
    buildItem('T-2', { rice: rice(200, 1, 100, 2), blockedBy: ['T-1'] }),
    buildItem('T-3', { rice: rice(300, 1, 100, 1), blockedBy: ['T-1'] }),
    buildItem('T-4', { rice: rice(1000, 1, 100, 1), blockedBy: ['T-2', 'T-3'] }),
  ];
}

describe('sequencePlan', () => {
  it('orders a diamond of dependencies blockers first, then by priority, and runs the middle in parallel', () => {
    const plan = sequencePlan(diamond(), { wip: 2 });
    // T-2 and T-3 both inherit T-4's 1,000; T-3's own 300 beats T-2's 100
    expect(plan.items.map((p) => p.id)).toEqual(['T-1', 'T-3', 'T-2', 'T-4']);
    expect(plan.items.map((p) => [p.id, p.lane, p.startWeek, p.finishWeek, p.startsAfter])).toEqual([
      ['T-1', 1, 0, 1, []],
      ['T-3', 2, 1, 2, ['T-1']],
      ['T-2', 1, 1, 3, ['T-1']],
      ['T-4', 2, 3, 4, ['T-2', 'T-3']],
    ]);
    expect(plan.finishOrder).toEqual(['T-1', 'T-3', 'T-2', 'T-4']);
    expect(plan.items[3]!.waitsFor).toEqual(['T-2', 'T-3']);
  });

  it('runs everything one after the other at WIP 1', () => {
    const plan = sequencePlan(diamond(), { wip: 1 });
    expect(plan.items.map((p) => [p.id, p.startWeek, p.startsAfter])).toEqual([
      ['T-1', 0, []],
      ['T-3', 1, ['T-1']],
      ['T-2', 2, ['T-1', 'T-3']],
      ['T-4', 4, ['T-2', 'T-3']],
    ]);
  });

  it('refuses a cycle, naming it', () => {
    const items = [
      buildItem('T-1', { blockedBy: ['T-3'] }),
      buildItem('T-2', { blockedBy: ['T-1'] }),
      buildItem('T-3', { blockedBy: ['T-2'] }),
    ];
    expect(() => sequencePlan(items)).toThrow(/dependency cycle: T-1 blocks T-2 blocks T-3 blocks T-1/);
  });

  it('places items in progress first, warns above the WIP limit, and assumes the median effort when unknown', () => {
    const items = [
      buildItem('T-1', { rice: rice(1000, 3, 100, 2) }),
      buildItem('T-2', { status: 'in-progress', rice: rice(1, 1, 100, 4) }),
      buildItem('T-3', { status: 'in-progress', rice: { reach: 5 } }),
    ];
    const plan = sequencePlan(items, { wip: 1 });
    expect(plan.items.map((p) => p.id)).toEqual(['T-1', 'T-2', 'T-3']);
    const byId = new Map(plan.items.map((p) => [p.id, p]));
    // in progress first: T-2 (ranked above T-3) at 0, T-3 after it; T-1 last despite its score
    expect(byId.get('T-2')).toMatchObject({ startWeek: 0, finishWeek: 4 });
    // T-3's effort is unknown: the median of 2 and 4
    expect(byId.get('T-3')).toMatchObject({ startWeek: 4, effortWeeks: 3, effortAssumed: true });
    expect(byId.get('T-1')).toMatchObject({ startWeek: 7 });
    expect(plan.notices).toEqual([
      '1 item has no effort: the schedule gives it 3 person-weeks (the median of the stated ones)',
      '2 items are in progress over a WIP limit of 1: finish some before starting more',
    ]);
  });

  it('uses the tech-adjusted effort and weight of judged items', () => {
    const items = [
      buildItem('T-1', { rice: rice(1000, 2, 80, 1) }),
      buildItem('T-2', { rice: rice(100, 1, 80, 1) }),
    ];
    const judgments = new Map([['T-1', buildJudgment({ p50: 20, p85: 20, stated: 1 })]]);
    const plan = sequencePlan(items, { judgments });
    expect(plan.items[0]).toMatchObject({ id: 'T-1', effortWeeks: 4, weight: 4, adjustedScore: 400 });
    expect(plan.judged).toBe(1);
  });

  it('suggests paying the debt first when the trade-off says so, and one change at a time in unhealthy code', () => {
    const billing = { files: { 'src/billing/invoice.ts': 'src/billing' } };
    const low = { files: ['src/billing/invoice.ts'], health: 3.2 };
    const items = [
      buildItem('T-1', { kind: 'debt', rice: rice(10, 1, 100, 2) }),
      buildItem('T-2', { rice: rice(1000, 2, 100, 1) }),
      buildItem('T-3', { rice: rice(900, 2, 100, 1) }),
      buildItem('T-4', { rice: rice(800, 2, 100, 1) }),
    ];
    const judgments = new Map(
      ['T-1', 'T-2', 'T-3'].map((id) => [id, buildJudgment({ ...billing, lowHealth: low, p50: 2 })]),
    );
    const plan = sequencePlan(items, {
      wip: 3,
      judgments,
      debts: new Map([['T-1', { extraTime: 1.24, principalHours: 60, interestHoursPerMonth: 10 }]]),
    });
    expect(plan.items.find((p) => p.id === 'T-2')).toMatchObject({
      unhealthyFiles: ['src/billing/invoice.ts'],
      unhealthyModules: ['src/billing'],
    });
    // T-2: 40 h x 2.24 = 89.6 h now against 60 + 40 = 100 h first; T-3 (also 40 h, starting with it) is upcoming
    // work in the area (and T-2 is for T-3):
    // saved 40 x 1.24 / 6 = 8.3 h a month, break-even 10.4 / 8.3 = 1.3 months
    expect(plan.suggested.map((s) => [s.kind, s.blocker, s.blocked, s.breakEvenMonths ?? null])).toEqual([
      ['pay-debt-first', 'T-1', 'T-2', 1.3],
      ['pay-debt-first', 'T-1', 'T-3', 1.3],
      ['one-at-a-time', 'T-2', 'T-3', null],
    ]);
    expect(plan.suggested[0]!.reason).toBe(
      'pay the debt of T-1 first: T-2 changes src/billing/invoice.ts (code health 3.2); paying first pays back after 1.3 months, within the 6-month horizon',
    );
    expect(plan.suggested[2]!.reason).toMatch(
      /^T-2 and T-3 would both change src\/billing\/invoice.ts \(code health 3.2\) at the same time/,
    );
    expect(plan.suggested[0]).toMatchObject({ files: ['src/billing/invoice.ts'], modules: ['src/billing'] });
    // suggestions are shown, not applied: the order is the explicit one
    expect(plan.items.map((p) => p.id)).toEqual(['T-2', 'T-3', 'T-4', 'T-1']);
  });

  it('suggests nothing for an explicit dependency or when building now is cheaper', () => {
    const billing = { files: { 'src/billing/invoice.ts': 'src/billing' } };
    const low = { files: ['src/billing/invoice.ts'], health: 3.2 };
    const items = [
      buildItem('T-1', { kind: 'debt', rice: rice(10, 1, 100, 2) }),
      buildItem('T-2', { rice: rice(1000, 2, 100, 1), blockedBy: ['T-1'] }),
      buildItem('T-3', { rice: rice(900, 2, 100, 0.25) }),
    ];
    const judgments = new Map(
      ['T-1', 'T-2', 'T-3'].map((id) => [id, buildJudgment({ ...billing, lowHealth: low, p50: 1 })]),
    );
    const plan = sequencePlan(items, {
      wip: 1,
      judgments,
      debts: new Map([['T-1', { extraTime: 0.1, principalHours: 400, interestHoursPerMonth: 1 }]]),
    });
    expect(plan.suggested).toEqual([]);
  });
});
