import { describe, expect, it } from 'vitest';
import { buildItem, rice } from '../../test/helpers/item-builder.js';
import { computeRice, computeWsjf, rankBacklog, type Adjustment } from './rank-backlog.js';

describe('computeRice', () => {
  it('multiplies reach, impact and confidence and divides by effort', () => {
    // 4000 x 3 x 0.8 / 4 = 2400
    expect(computeRice(rice(4000, 3, 80, 4))).toBe(2400);
    expect(computeRice({ reach: 100, impact: 1, confidence: null, effort: 1 })).toBeNull();
  });
});

describe('computeWsjf', () => {
  it('divides the cost of delay by the job size, counting a missing component as 0', () => {
    expect(computeWsjf({ businessValue: 8, timeCriticality: 5, riskReduction: 3 }, 2)).toBe(8);
    expect(computeWsjf({ businessValue: 13, timeCriticality: null, riskReduction: null }, 1)).toBe(13);
    expect(computeWsjf({ businessValue: null, timeCriticality: null, riskReduction: null }, 1)).toBeNull();
  });
});

describe('rankBacklog', () => {
  it('ranks a blocker no lower than the most valuable item it unblocks', () => {
    const items = [
      buildItem('T-1', { rice: rice(1000, 2, 50, 2) }), // 500
      buildItem('T-2', { rice: rice(300, 1, 100, 1), blockedBy: ['T-4'] }), // 300
      buildItem('T-3', { rice: rice(4000, 3, 80, 4), blockedBy: ['T-5'] }), // 2400
      buildItem('T-4', { rice: { impact: 1, confidence: 100, effort: 1 } }), // unscored
      buildItem('T-5', { rice: rice(100, 0.5, 100, 5) }), // 10
    ];
    const ranked = rankBacklog(items);
    expect(ranked.items.map((i) => i.id)).toEqual(['T-5', 'T-3', 'T-1', 'T-4', 'T-2']);
    const t5 = ranked.items[0]!;
    expect(t5).toMatchObject({ score: 10, adjustedScore: 10, priority: 2400, unblocks: ['T-3'] });
    expect(t5.rankedUpBy).toEqual({ id: 'T-3', score: 2400, through: [] });
    expect(t5.reasons.map((r) => r.text)).toEqual([
      'RICE 10 = reach 100 x impact 0.5 x confidence 100 % / effort 5 person-weeks',
      'ranked up: unblocks T-3, RICE 2,400',
    ]);
    const t4 = ranked.items[3]!;
    expect(t4).toMatchObject({ score: null, priority: 300 });
    expect(t4.reasons[0]).toEqual({
      kind: 'unscored',
      text: 'no RICE score: reach is not stated; ranked after scored items',
    });
    expect(ranked.items[4]!.reasons.at(-1)).toEqual({ kind: 'waits-for', text: 'waits for T-4' });
  });

  it('lets priority flow through a chain of blockers and names the items in between', () => {
    const items = [
      buildItem('T-1', { rice: rice(10, 1, 100, 1) }), // 10
      buildItem('T-2', { rice: rice(50, 1, 100, 1), blockedBy: ['T-1'] }), // 50
      buildItem('T-3', { rice: rice(900, 1, 100, 1), blockedBy: ['T-2'] }), // 900
      buildItem('T-4', { rice: rice(100, 1, 100, 1) }), // 100
    ];
    const ranked = rankBacklog(items);
    expect(ranked.items.map((i) => [i.id, i.priority])).toEqual([
      ['T-1', 900],
      ['T-2', 900],
      ['T-3', 900],
      ['T-4', 100],
    ]);
    expect(ranked.items[0]!.rankedUpBy).toEqual({ id: 'T-3', score: 900, through: ['T-2'] });
    expect(ranked.items[0]!.reasons.at(-1)!.text).toBe('ranked up: unblocks T-3 (through T-2), RICE 900');
  });

  it('does not rank up a blocker whose blocked item is worth less than it', () => {
    const items = [
      buildItem('T-1', { rice: rice(500, 1, 100, 1) }),
      buildItem('T-2', { rice: rice(50, 1, 100, 1), blockedBy: ['T-1'] }),
    ];
    const [first] = rankBacklog(items).items;
    expect(first!.rankedUpBy).toBeNull();
    expect(first!.reasons.at(-1)).toEqual({ kind: 'unblocks', text: 'unblocks T-2' });
  });

  it('leaves out done and dropped items, and their dependencies hold nothing back', () => {
    const items = [
      buildItem('T-1', { status: 'done', rice: rice(1, 1, 100, 1) }),
      buildItem('T-2', { rice: rice(50, 1, 100, 1), blockedBy: ['T-1'] }),
      buildItem('T-3', { status: 'dropped' }),
    ];
    const ranked = rankBacklog(items);
    expect(ranked.closed).toBe(2);
    expect(ranked.items).toHaveLength(1);
    expect(ranked.items[0]!.waitsFor).toEqual([]);
  });

  it('ranks by WSJF when asked, with the cost of delay spelled out', () => {
    const items = [
      buildItem('T-1', {
        rice: { effort: 2 },
        costOfDelay: { businessValue: 8, timeCriticality: 5, riskReduction: 3 },
      }),
      buildItem('T-2', { rice: { effort: 1 }, costOfDelay: { businessValue: 13 } }),
      buildItem('T-3', { rice: { effort: 1 } }),
    ];
    const ranked = rankBacklog(items, { scheme: 'wsjf' });
    expect(ranked.items.map((i) => [i.id, i.score])).toEqual([
      ['T-2', 13],
      ['T-1', 8],
      ['T-3', null],
    ]);
    expect(ranked.items[0]!.reasons[0]!.text).toBe(
      'WSJF 13 = cost of delay 13 (business value 13 + time criticality not stated, counted as 0 + risk reduction not stated, counted as 0) / effort 1 person-weeks',
    );
  });

  it('applies adjustments in order and lists each with its reason', () => {
    const adjustments = new Map<string, Adjustment[]>([
      [
        'T-1',
        [{ input: 'effort', value: 5, reason: 'similar past work took 5 person-weeks (technical P50)' }],
      ],
    ]);
    const items = [
      buildItem('T-1', { rice: rice(1000, 2, 50, 2) }), // 500, adjusted 200
      buildItem('T-2', { rice: rice(300, 1, 100, 1) }), // 300
    ];
    const ranked = rankBacklog(items, { adjustments });
    expect(ranked.items.map((i) => i.id)).toEqual(['T-2', 'T-1']);
    const t1 = ranked.items[1]!;
    expect(t1).toMatchObject({ score: 500, adjustedScore: 200, priority: 200 });
    expect(t1.reasons.filter((r) => r.kind === 'adjusted').map((r) => r.text)).toEqual([
      'effort 2 person-weeks -> 5 person-weeks: similar past work took 5 person-weeks (technical P50)',
      'adjusted RICE 200 = reach 1,000 x impact 2 x confidence 50 % / effort 5 person-weeks',
    ]);
  });

  it('breaks ties with in-progress items first, then the older item', () => {
    const items = [
      buildItem('T-1', { rice: rice(100, 1, 100, 1), createdAt: 100 }),
      buildItem('T-2', { rice: rice(100, 1, 100, 1), createdAt: 50 }),
      buildItem('T-3', { rice: rice(100, 1, 100, 1), createdAt: 200, status: 'in-progress' }),
    ];
    expect(rankBacklog(items).items.map((i) => i.id)).toEqual(['T-3', 'T-2', 'T-1']);
  });

  it('refuses a dependency cycle and names it', () => {
    const items = [
      buildItem('T-1', { blockedBy: ['T-3'] }),
      buildItem('T-2', { blockedBy: ['T-1'] }),
      buildItem('T-3', { blockedBy: ['T-2'] }),
    ];
    expect(() => rankBacklog(items)).toThrow(/dependency cycle: T-1 blocks T-2 blocks T-3 blocks T-1/);
  });
});
