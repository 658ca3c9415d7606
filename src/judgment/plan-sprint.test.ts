import { describe, expect, it } from 'vitest';
import type { ItemJudgment } from '../domain/index.js';
import { buildItem, rice } from '../../test/helpers/item-builder.js';
import { buildJudgment } from '../../test/helpers/judgment-builder.js';
import { getSprintCandidates, planSprint, type SprintCandidate } from './plan-sprint.js';
import { sequencePlan } from './sequence-plan.js';

/**
 * RICE: T-2 900 x 1 / 0.6 = 1,500; T-1 1,000 x 3 / 1 = 3,000 stated, but its technical P50 is 12 working days
 * (2.4 person-weeks, 2.4 x the stated 1), so 3,000 / 2.4 = 1,250; T-3 500; T-4 100 / 0.4 = 250; T-5 40 / 0.2 = 200.
 */
function backlog() {
  return [
    buildItem('T-1', { title: 'Bulk refunds', rice: rice(1000, 3, 100, 1) }),
    buildItem('T-2', { rice: rice(900, 1, 100, 0.6) }),
    buildItem('T-3', { rice: rice(500, 1, 100, 1) }),
    buildItem('T-4', { rice: rice(100, 1, 100, 0.4) }),
    buildItem('T-5', { rice: rice(40, 1, 100, 0.2) }),
  ];
}

const bigT1 = (): Map<string, ItemJudgment> =>
  new Map([['T-1', buildJudgment({ p50: 12, p85: 12, stated: 1 })]]);

function candidate(id: string, sizeDays: number, spec: Partial<SprintCandidate> = {}): SprintCandidate {
  return {
    id,
    title: id,
    status: 'ready',
    position: Number(id.slice(2)),
    sizeDays,
    statedDays: sizeDays,
    technical: false,
    sizeAssumed: false,
    sizeReason: null,
    waitsFor: [],
    ...spec,
  };
}

describe('planSprint', () => {
  it('fills 10 person-days of capacity in plan order, counting an item bigger than it looks at its technical size', () => {
    const items = backlog();
    const candidates = getSprintCandidates(sequencePlan(items, { judgments: bigT1() }), items);
    expect(candidates.map((c) => [c.id, c.sizeDays, c.statedDays, c.technical])).toEqual([
      ['T-2', 3, 3, false],
      ['T-1', 12, 5, true],
      ['T-3', 5, 5, false],
      ['T-4', 2, 2, false],
      ['T-5', 1, 1, false],
    ]);
    expect(candidates[1]!.sizeReason).toMatch(
      /^counts 12 person-days, its technical size, not the stated 5 \(/,
    );

    // Capacity 10 (alice 6 + bob 4): T-2 (3), T-1 does not fit (12 > 7 left), T-3 (5) -> 8, T-4 (2) -> 10: full.
    const plan = planSprint(candidates, { capacityDays: 10 });
    expect(plan.selected.map((c) => [c.id, c.cumulativeDays])).toEqual([
      ['T-2', 3],
      ['T-3', 8],
      ['T-4', 10],
    ]);
    expect(plan).toMatchObject({ limitDays: 10, plannedDays: 10, leftDays: 0, statedDays: 10 });
    expect(plan.skipped).toEqual([
      {
        id: 'T-1',
        title: 'Bulk refunds',
        sizeDays: 12,
        technical: true,
        reason: 'too-big',
        text: 'needs 12 person-days (its technical size), 7 left',
      },
    ]);
  });

  it('would take the disguised item at its stated size: the judgment changes what goes in', () => {
    const items = backlog();
    // Without the judgment T-1 is 5 days and first (RICE 3,000): T-1 (5), T-2 (3) -> 8, T-3 (5 > 2 left), T-4 (2).
    const plan = planSprint(getSprintCandidates(sequencePlan(items), items), { capacityDays: 10 });
    expect(plan.selected.map((c) => c.id)).toEqual(['T-1', 'T-2', 'T-4']);
    expect(plan.technical).toEqual([]);
    expect(plan.skipped.map((s) => [s.id, s.text])).toEqual([['T-3', 'needs 5 person-days, 2 left']]);
  });

  it('plans to capacity x the focus factor of past sprints', () => {
    const items = backlog();
    const candidates = getSprintCandidates(sequencePlan(items, { judgments: bigT1() }), items);
    // 10 x 80 % = 8: T-2 (3), T-3 (5) -> 8.
    const plan = planSprint(candidates, { capacityDays: 10, focusFactor: 0.8 });
    expect(plan.limitDays).toBe(8);
    expect(plan.limitReason).toBe('10 person-days of capacity x 80 %, the share past sprints finished');
    expect(plan.selected.map((c) => c.id)).toEqual(['T-2', 'T-3']);
  });

  it('carries in-progress work over first, and skips items that wait for work outside the sprint or are taken', () => {
    const plan = planSprint(
      [
        candidate('T-1', 3),
        candidate('T-2', 2, { waitsFor: ['T-1'] }),
        candidate('T-3', 2, { waitsFor: ['T-9'] }),
        candidate('T-4', 4, { status: 'in-progress' }),
        candidate('T-5', 1),
        candidate('T-6', 1, { waitsFor: ['T-7'] }),
        candidate('T-7', 1),
      ],
      {
        capacityDays: 12,
        taken: new Map([
          ['T-5', 'Sprint 7'],
          ['T-9', 'Sprint 7'],
        ]),
      },
    );
    // T-4 first (in progress, 4), T-1 (3) -> 7, T-2 after T-1 in this sprint (2) -> 9; T-3 waits for T-9 in another
    // sprint; T-5 is taken; T-6 waits for T-7, which comes later in the plan; T-7 (1) -> 10.
    expect(plan.selected.map((c) => [c.id, c.cumulativeDays])).toEqual([
      ['T-4', 4],
      ['T-1', 7],
      ['T-2', 9],
      ['T-7', 10],
    ]);
    expect(plan.skipped.map((s) => [s.id, s.reason, s.text])).toEqual([
      ['T-3', 'waits-for', 'waits for T-9, not in this sprint'],
      ['T-5', 'taken', 'already committed to "Sprint 7"'],
      ['T-6', 'waits-for', 'waits for T-7, not in this sprint'],
    ]);
    expect(plan.leftDays).toBe(2);
  });
});
