import { describe, expect, it } from 'vitest';
import { buildItem, rice } from '../../test/helpers/item-builder.js';
import { buildJudgment } from '../../test/helpers/judgment-builder.js';
import { adjustForJudgment, getJudgmentAdjustments } from './adjust-for-judgment.js';
import { rankBacklog } from './rank-backlog.js';

const hotspot = {
  kind: 'hotspot' as const,
  label: 'touches a hotspot',
  figure: 2,
  threshold: 4,
  unit: 'hotspot rank',
  detail: 'src/billing/invoice.ts is hotspot #2 of 40',
  files: ['src/billing/invoice.ts'],
  effortFactor: 1.25,
};

describe('adjustForJudgment', () => {
  it('raises the effort to the technical P50, lowers confidence by the technical uncertainty, and weighs the item', () => {
    const item = buildItem('T-1', { rice: rice(1000, 2, 80, 1) });
    // P50 17.5 days = 3.5 person-weeks; uncertainty (35 - 17.5) / 35 = 50 %: confidence 80 x 0.5 = 40
    const judgment = buildJudgment({ p50: 17.5, p85: 35, stated: 1, risks: [hotspot], dependents: 23 });
    const adjusted = adjustForJudgment(item, judgment);
    expect(adjusted.adjustments).toEqual([
      {
        input: 'effort',
        value: 3.5,
        reason:
          'technical estimate 17.5 working days from 6 similar past changes; touches a hotspot (src/billing/invoice.ts); read by 23 files in 4 modules',
      },
      {
        input: 'confidence',
        value: 40,
        reason: 'technical uncertainty (P85 - P50) / P85 = 50 % (P50 17.5, P85 35 working days)',
      },
    ]);
    expect(adjusted.weight).toBe(3.5);
    expect(adjusted.weightReason).toBe(
      'bigger than it looks: technical P50 3.5 person-weeks is 3.5 x the stated 1, so it counts as 3.5 items of throughput',
    );
  });

  it('leaves confidence alone when the spread is the size model assumption, the same for every item', () => {
    const item = buildItem('T-1', { rice: rice(1000, 2, 80, 1) });
    const adjusted = adjustForJudgment(item, buildJudgment({ p50: 10, p85: 25, stated: 1, model: 'size' }));
    expect(adjusted.adjustments).toEqual([
      { input: 'effort', value: 2, reason: 'technical estimate 10 working days (size model)' },
    ]);
  });

  it('keeps a stated effort above the technical one, never lowers confidence below half, and caps the weight', () => {
    const item = buildItem('T-1', { rice: rice(1000, 2, 90, 4) });
    const adjusted = adjustForJudgment(item, buildJudgment({ p50: 5, p85: 50, stated: 4 }));
    // technical 1 week < stated 4; uncertainty 90 % but confidence stops at 90 x 0.5 = 45; ratio 0.25 -> weight 1
    expect(adjusted.adjustments.map((a) => [a.input, a.value])).toEqual([['confidence', 45]]);
    expect(adjusted).toMatchObject({ technicalWeeks: 1, weight: 1, weightReason: null });
    const huge = adjustForJudgment(
      buildItem('T-2', { rice: rice(1, 1, 100, 0.1) }),
      buildJudgment({ p50: 50, stated: 0.1 }),
    );
    expect(huge.weight).toBe(10);
  });

  it('states a missing effort from the judgment and leaves a missing confidence alone', () => {
    const item = buildItem('T-1', { rice: { reach: 100, impact: 1 } });
    const adjusted = adjustForJudgment(item, buildJudgment({ p50: 2.5, p85: 10 }));
    expect(adjusted.adjustments.map((a) => [a.input, a.value])).toEqual([['effort', 0.5]]);
    expect(adjusted.weight).toBe(1);
  });

  it('feeds rankBacklog, which lists each adjustment as a reason so the item moves for a stated cause', () => {
    const small = buildItem('T-1', { rice: rice(1000, 2, 80, 1) });
    const other = buildItem('T-2', { rice: rice(1000, 1, 80, 1) });
    const judgments = new Map([['T-1', buildJudgment({ p50: 20, p85: 20, stated: 1 })]]);
    const { adjustments, byItem } = getJudgmentAdjustments([small, other], judgments);
    expect(byItem.get('T-1')!.weight).toBe(4);
    expect(byItem.has('T-2')).toBe(false);
    const ranked = rankBacklog([small, other], { adjustments });
    // T-1: 1,000 x 2 x 0.8 / 4 = 400 < T-2's 800
    expect(ranked.items.map((r) => [r.id, r.adjustedScore])).toEqual([
      ['T-2', 800],
      ['T-1', 400],
    ]);
    expect(ranked.items[1]!.reasons.map((r) => r.text)).toContain(
      'effort 1 person-weeks -> 4 person-weeks: technical estimate 20 working days from 6 similar past changes',
    );
  });
});
