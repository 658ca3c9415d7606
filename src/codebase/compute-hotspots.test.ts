import { describe, expect, it } from 'vitest';
import { computeHotspots } from './compute-hotspots.js';

describe('computeHotspots', () => {
  it('ranks by normalised revisions x normalised complexity', () => {
    const ranked = computeHotspots([
      { path: 'a', revisions: 10, complexity: 50, loc: 100 }, // 1.0 x 0.5 = 0.5
      { path: 'b', revisions: 5, complexity: 100, loc: 200 }, // 0.5 x 1.0 = 0.5
      { path: 'c', revisions: 8, complexity: 80, loc: 90 }, // 0.8 x 0.8 = 0.64
      { path: 'd', revisions: 0, complexity: 100, loc: 300 }, // never changed: not a hotspot
    ]);
    expect(ranked.map((h) => [h.path, h.rank, Number(h.score.toFixed(2))])).toEqual([
      ['c', 1, 0.64],
      ['a', 2, 0.5],
      ['b', 3, 0.5],
    ]);
  });
});
