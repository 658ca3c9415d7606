import { describe, expect, it } from 'vitest';
import { computeCoupling } from './compute-coupling.js';

describe('computeCoupling', () => {
  it('computes degree and confidence by hand', () => {
    // a in 6 change sets, b in 8, together in 5: degree = 5 / 7, confidence a->b = 5/6, b->a = 5/8.
    const sets = [...Array.from({ length: 5 }, () => ['a', 'b']), ['a'], ['b', 'c'], ['b', 'c'], ['b']];
    const [pair, ...rest] = computeCoupling(sets);
    expect(rest).toEqual([]);
    expect(pair).toMatchObject({ a: 'a', b: 'b', shared: 5, revisionsA: 6, revisionsB: 8 });
    expect(pair!.degree).toBeCloseTo(5 / 7, 10);
    expect(pair!.confidenceAB).toBeCloseTo(5 / 6, 10);
    expect(pair!.confidenceBA).toBeCloseTo(5 / 8, 10);
  });

  it('applies the thresholds and ignores large change sets', () => {
    const big = Array.from({ length: 31 }, (_, i) => `f${i}`);
    const sets = [
      ...Array.from({ length: 10 }, () => [...big, 'a', 'b']),
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ];
    expect(computeCoupling(sets)).toEqual([]);
    expect(
      computeCoupling(sets, { minRevisions: 4, minShared: 4, minDegree: 0.3, maxChangeSetSize: 30 }),
    ).toHaveLength(1);
  });
});
