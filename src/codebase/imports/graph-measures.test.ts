import { describe, expect, it } from 'vitest';
import { computeGraphMetrics } from './compute-graph-metrics.js';
import { findCycles } from './find-cycles.js';
import { getTransitiveDependents } from './get-transitive-dependents.js';

const edge = (from: string, to: string) => ({ from, to, specifier: to });

// a -> b -> c -> a is a cycle; c and e import d; f imports itself; g imports a; h stands alone.
const EDGES = [
  edge('a', 'b'),
  edge('b', 'c'),
  edge('c', 'a'),
  edge('c', 'd'),
  edge('c', 'd'),
  edge('e', 'd'),
  edge('f', 'f'),
  edge('g', 'a'),
];
const PATHS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** A deterministic pseudo-random generator (mulberry32), so the property test is reproducible. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('findCycles', () => {
  it('lists strongly connected components of two or more files and self-imports, largest first', () => {
    expect(findCycles(EDGES)).toEqual([['a', 'b', 'c'], ['f']]);
  });

  it('finds no cycle in a tree of imports', () => {
    expect(findCycles([edge('a', 'b'), edge('a', 'c'), edge('b', 'c')])).toEqual([]);
  });

  it('handles a 50,000-file cycle without recursion', () => {
    const n = 50_000;
    const chain = Array.from({ length: n }, (_, i) => edge(`f${i}`, `f${(i + 1) % n}`));
    const cycles = findCycles(chain);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});

describe('computeGraphMetrics', () => {
  it('counts distinct importers, imports and transitive dependents per file', () => {
    const metrics = computeGraphMetrics(EDGES, PATHS);
    expect(Object.fromEntries(metrics)).toEqual({
      // a is imported by c and g; everything in its cycle and g reach it.
      a: { fanIn: 2, fanOut: 1, transitiveDependents: 3 },
      b: { fanIn: 1, fanOut: 1, transitiveDependents: 3 },
      c: { fanIn: 1, fanOut: 2, transitiveDependents: 3 },
      // d: imported twice by c (counted once) and by e; reached from a, b, c, e, g.
      d: { fanIn: 2, fanOut: 0, transitiveDependents: 5 },
      e: { fanIn: 0, fanOut: 1, transitiveDependents: 0 },
      // A self-import is not a dependency on another file.
      f: { fanIn: 0, fanOut: 0, transitiveDependents: 0 },
      g: { fanIn: 0, fanOut: 1, transitiveDependents: 0 },
      h: { fanIn: 0, fanOut: 0, transitiveDependents: 0 },
    });
  });

  it('agrees with a breadth-first count on a random graph spanning several bitset blocks', () => {
    const random = createRandom(42);
    const n = 5_000;
    const paths = Array.from({ length: n }, (_, i) => `f${i}`);
    const edges = Array.from({ length: 7_000 }, () =>
      edge(paths[Math.floor(random() * n)]!, paths[Math.floor(random() * n)]!),
    );
    const importers = new Map<string, string[]>();
    for (const e of edges) importers.set(e.to, [...(importers.get(e.to) ?? []), e.from]);
    const bruteForce = (start: string): number => {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length > 0) {
        for (const next of importers.get(queue.pop()!) ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return seen.size - 1;
    };
    const metrics = computeGraphMetrics(edges, paths);
    for (let i = 0; i < n; i += 37)
      expect(metrics.get(paths[i]!)!.transitiveDependents).toBe(bruteForce(paths[i]!));
  });
});

describe('getTransitiveDependents', () => {
  it('lists the files that reach a file, each at its shortest depth', () => {
    expect(getTransitiveDependents({ edges: EDGES }, 'd')).toEqual([
      { path: 'c', depth: 1 },
      { path: 'e', depth: 1 },
      { path: 'b', depth: 2 },
      { path: 'a', depth: 3 },
      { path: 'g', depth: 4 },
    ]);
  });

  it('stops at the given depth', () => {
    expect(getTransitiveDependents({ edges: EDGES }, 'd', 2).map((d) => d.path)).toEqual(['c', 'e', 'b']);
  });

  it('never lists the file itself, even inside a cycle, and knows nothing of unknown files', () => {
    expect(getTransitiveDependents({ edges: EDGES }, 'a')).toEqual([
      { path: 'c', depth: 1 },
      { path: 'g', depth: 1 },
      { path: 'b', depth: 2 },
    ]);
    expect(getTransitiveDependents({ edges: EDGES }, 'f')).toEqual([]);
    expect(getTransitiveDependents({ edges: EDGES }, 'nowhere')).toEqual([]);
  });
});
