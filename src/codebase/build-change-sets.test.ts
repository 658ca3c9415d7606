import { describe, expect, it } from 'vitest';
import { buildChangeSets, type GraphCommit } from './build-change-sets.js';

const node = (parents: string[], authorTime: number, commitTime = authorTime): GraphCommit => ({
  parents,
  authorTime,
  commitTime,
});

describe('buildChangeSets', () => {
  it('makes one change set per first-parent commit and gives a merge its branch commits', () => {
    // a - b ------ m - d
    //      \- f1 - f2 /
    const graph = new Map<string, GraphCommit>([
      ['a', node([], 10)],
      ['b', node(['a'], 20)],
      ['f1', node(['b'], 25)],
      ['f2', node(['f1'], 30)],
      ['m', node(['b', 'f2'], 40, 45)],
      ['d', node(['m'], 50)],
    ]);
    const sets = buildChangeSets(['d', 'm', 'b', 'a'], graph);
    expect(sets.map((s) => [s.sha, s.isMerge, [...s.commits].sort(), s.startedAt, s.finishedAt])).toEqual([
      ['a', false, ['a'], 10, 10],
      ['b', false, ['b'], 20, 20],
      ['m', true, ['f1', 'f2', 'm'], 25, 45],
      ['d', false, ['d'], 50, 50],
    ]);
  });

  it('does not give a merge the commits an earlier change set already brought in', () => {
    // main merges feature twice; the second merge brings only the new commit.
    const graph = new Map<string, GraphCommit>([
      ['a', node([], 1)],
      ['f1', node(['a'], 2)],
      ['m1', node(['a', 'f1'], 3)],
      ['f2', node(['f1'], 4)],
      ['m2', node(['m1', 'f2'], 5)],
    ]);
    const sets = buildChangeSets(['m2', 'm1', 'a'], graph);
    expect(sets.map((s) => [s.sha, [...s.commits].sort()])).toEqual([
      ['a', ['a']],
      ['m1', ['f1', 'm1']],
      ['m2', ['f2', 'm2']],
    ]);
  });

  it('ignores parents outside the graph (already scanned, or cut by a shallow clone)', () => {
    const graph = new Map<string, GraphCommit>([['c', node(['old1', 'old2'], 7)]]);
    expect(buildChangeSets(['c'], graph)).toEqual([
      { sha: 'c', isMerge: true, commits: ['c'], startedAt: 7, finishedAt: 7 },
    ]);
  });
});
