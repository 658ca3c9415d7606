import { describe, expect, it } from 'vitest';
import {
  getAveragePrecision,
  getHitAtK,
  getMedian,
  getPrecisionAtK,
  getRecallAtK,
  getReciprocalRank,
  summarise,
} from './compute-retrieval-metrics.js';

describe('retrieval metrics', () => {
  const relevant = new Set(['a', 'b', 'c']);
  const ranking = ['x', 'a', 'y', 'b', 'z'];

  it('averages the precision at the rank of each relevant file, counting unranked ones as zero', () => {
    // a at rank 2 (1/2), b at rank 4 (2/4), c never ranked: (0.5 + 0.5 + 0) / 3
    expect(getAveragePrecision(ranking, relevant)).toBeCloseTo(1 / 3, 10);
    expect(getAveragePrecision(['a', 'b', 'c'], relevant)).toBe(1);
    expect(getAveragePrecision([], relevant)).toBe(0);
  });

  it('scores the first hit, hits at k, recall and ROSE precision', () => {
    expect(getReciprocalRank(ranking, relevant)).toBe(0.5);
    expect(getReciprocalRank(['x'], relevant)).toBe(0);
    expect(getHitAtK(ranking, relevant, 1)).toBe(0);
    expect(getHitAtK(ranking, relevant, 2)).toBe(1);
    expect(getRecallAtK(ranking, relevant, 4)).toBeCloseTo(2 / 3, 10);
    expect(getPrecisionAtK(ranking, relevant, 3)).toBeCloseTo(1 / 3, 10);
    expect(getPrecisionAtK(['a'], relevant, 3)).toBe(1);
    expect(getPrecisionAtK([], relevant, 3)).toBeNull();
  });

  it('summarises with a 95 % half-width and leaves out queries without an answer', () => {
    const s = summarise([1, 0, 1, 0, null]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(0.5);
    // sample variance of [1,0,1,0] = 1/3; 1.96 * sqrt(1/3 / 4)
    expect(s.ci95).toBeCloseTo(1.96 * Math.sqrt(1 / 12), 10);
    expect(getMedian([5, 1, 3])).toBe(3);
    expect(getMedian([4, 1, 3, 2])).toBe(2.5);
  });
});
