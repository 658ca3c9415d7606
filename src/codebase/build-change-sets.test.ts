import { describe, expect, it } from 'vitest';
import { buildChangeSets, CommitGraph } from './build-change-sets.js';

function graphOf(
  commits: [sha: string, parents: string[], authorTime: number, commitTime?: number][],
): CommitGraph {
  const graph = new CommitGraph();
  for (const [sha, parents, authorTime, commitTime] of commits) {
    graph.add({
      sha,
      parents,
      authorTime,
      commitTime: commitTime ?? authorTime,
      files: 1,
      added: 1,
      deleted: 0,
    });
  }
  return graph;
}

describe('buildChangeSets', () => {
  it('makes one change set per first-parent commit and gives a merge its branch commits', () => {
    // a - b ------ m - d
    //      \- f1 - f2 /
    const graph = graphOf([
      ['d', ['m'], 50],
      ['m', ['b', 'f2'], 40, 45],
      ['f2', ['f1'], 30],
      ['f1', ['b'], 25],
      ['b', ['a'], 20],
      ['a', [], 10],
    ]);
    const { line, stoppedAt } = graph.firstParentLine('d');
    expect(line).toEqual(['d', 'm', 'b', 'a']);
    expect(stoppedAt).toBeNull();
    const sets = [...buildChangeSets(line, graph)];
    expect(sets.map((s) => [s.sha, s.isMerge, [...s.commits].sort(), s.startedAt, s.finishedAt])).toEqual([
      ['a', false, ['a'], 10, 10],
      ['b', false, ['b'], 20, 20],
      ['m', true, ['f1', 'f2', 'm'], 25, 45],
      ['d', false, ['d'], 50, 50],
    ]);
  });

  it('does not give a merge the commits an earlier change set already brought in', () => {
    const graph = graphOf([
      ['m2', ['m1', 'f2'], 5],
      ['f2', ['f1'], 4],
      ['m1', ['a', 'f1'], 3],
      ['f1', ['a'], 2],
      ['a', [], 1],
    ]);
    const sets = [...buildChangeSets(['m2', 'm1', 'a'], graph)];
    expect(sets.map((s) => [s.sha, [...s.commits].sort()])).toEqual([
      ['a', ['a']],
      ['m1', ['f1', 'm1']],
      ['m2', ['f2', 'm2']],
    ]);
  });

  it('ignores parents outside the graph (already scanned, or cut by a shallow clone)', () => {
    const graph = graphOf([['c', ['old1', 'old2'], 7]]);
    expect(graph.firstParentLine('c')).toEqual({ line: ['c'], stoppedAt: 'old1' });
    expect([...buildChangeSets(['c'], graph)]).toEqual([
      { sha: 'c', isMerge: true, commits: ['c'], startedAt: 7, finishedAt: 7 },
    ]);
    expect(graph.size).toBe(1);
  });
});
