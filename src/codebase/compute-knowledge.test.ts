import { describe, expect, it } from 'vitest';
import { computeKnowledge, computeTruckFactor } from './compute-knowledge.js';

const file = (path: string, loc: number, mainAuthor: string | null, module = 'm') => ({
  path,
  module,
  loc,
  mainAuthor,
});

describe('knowledge', () => {
  it('finds the fewest authors owning at least half the code', () => {
    expect(computeTruckFactor([file('a', 60, 'ann'), file('b', 30, 'bob'), file('c', 10, 'cy')])).toEqual({
      truckFactor: 1,
      authors: ['ann'],
    });
    expect(computeTruckFactor([file('a', 40, 'ann'), file('b', 35, 'bob'), file('c', 25, 'cy')])).toEqual({
      truckFactor: 2,
      authors: ['ann', 'bob'],
    });
  });

  it('measures the share of code whose main author is inactive', () => {
    const day = 86_400;
    const [k] = computeKnowledge([file('a', 75, 'ann'), file('b', 25, 'bob')], {
      lastActivity: new Map([
        ['ann', 1000 * day - 200 * day],
        ['bob', 1000 * day - 10 * day],
      ]),
      now: 1000 * day,
    });
    expect(k).toMatchObject({ module: 'm', loc: 100, truckFactor: 1, orphanedLoc: 75, orphanedShare: 0.75 });
  });
});
