import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MISSING_CO_CHANGE_OPTIONS,
  createCoChangeIndex,
  findMissingCoChanges,
} from './find-missing-co-changes.js';

function indexOf(sets: string[][], max?: number): ReturnType<typeof createCoChangeIndex> {
  const index = createCoChangeIndex(max);
  for (const s of sets) index.add(s);
  return index;
}

describe('createCoChangeIndex', () => {
  it('counts the change sets of a file and the ones it shared with each other file', () => {
    const index = indexOf([['a', 'b'], ['a', 'b', 'c'], ['a'], ['b', 'c']]);
    const { revisions, shared } = index.query('a');
    expect(revisions).toBe(3);
    expect([...shared].sort()).toEqual([
      ['b', 2],
      ['c', 1],
    ]);
  });

  it('ignores change sets above the size limit and counts only recent ones when asked', () => {
    const index = indexOf(
      [
        ['a', 'b', 'c'],
        ['a', 'b'],
        ['a', 'c'],
        ['a', 'c'],
      ],
      2,
    );
    expect(index.query('a').revisions).toBe(3);
    expect([...index.query('a', 2).shared]).toEqual([['c', 2]]);
  });
});

describe('findMissingCoChanges', () => {
  // b changed in 9 of the 11 change sets that touched a; c in 2; d with e always, 3 times.
  const sets = [
    ...Array.from({ length: 9 }, () => ['a', 'b']),
    ['a', 'c'],
    ['a', 'c'],
    ['d', 'e'],
    ['d', 'e'],
    ['d', 'e'],
  ];
  const index = indexOf(sets);

  it('warns about a file that changed with a changed file in most past change sets, with the evidence', () => {
    expect(findMissingCoChanges(['a'], index)).toEqual([
      {
        path: 'b',
        because: 'a',
        confidence: 9 / 11,
        shared: 9,
        revisions: 11,
        evidence: 'changed together in 9 of 11 past change sets that touched a',
      },
    ]);
  });

  it('says nothing when the partner is in the change, gone, or below the thresholds', () => {
    expect(findMissingCoChanges(['a', 'b'], index)).toEqual([]);
    expect(findMissingCoChanges(['a'], index, DEFAULT_MISSING_CO_CHANGE_OPTIONS, (p) => p !== 'b')).toEqual(
      [],
    );
    expect(
      findMissingCoChanges(['a'], index, { ...DEFAULT_MISSING_CO_CHANGE_OPTIONS, minConfidence: 0.9 }),
    ).toEqual([]);
  });

  it('keeps the strongest rule for each missing file and ranks by confidence', () => {
    const result = findMissingCoChanges(['a', 'd'], index);
    expect(result.map((m) => [m.path, m.because, m.confidence])).toEqual([
      ['e', 'd', 1],
      ['b', 'a', 9 / 11],
    ]);
  });
});
