/** The files that depend on one file through imports, nearest first. */
import type { ImportEdge } from '../../domain/index.js';
import { indexImportGraph, type ImportAdjacency } from './index-import-graph.js';
import type { Dependent } from './types.js';

/** One index per edge list, so that asking for many files costs one build of the adjacency. */
const indexes = new WeakMap<readonly Pick<ImportEdge, 'from' | 'to'>[], ImportAdjacency>();

/**
 * The files from which `path` is reachable through imports, each at its shortest distance (1 = imports it
 * directly), sorted by depth then path. `maxDepth` (default: no limit) stops the walk at that distance. The file
 * itself is never listed, even when it is part of a cycle; an unknown path has no dependents.
 *
 * @example
 * getTransitiveDependents({ edges }, 'src/db.ts', 2);
 * // [{ path: 'src/repo.ts', depth: 1 }, { path: 'src/api.ts', depth: 2 }]
 */
export function getTransitiveDependents(
  graph: { readonly edges: readonly Pick<ImportEdge, 'from' | 'to'>[] },
  path: string,
  maxDepth = Number.POSITIVE_INFINITY,
): readonly Dependent[] {
  let adjacency = indexes.get(graph.edges);
  if (adjacency === undefined) {
    adjacency = indexImportGraph(graph.edges);
    indexes.set(graph.edges, adjacency);
  }
  const start = adjacency.ids.get(path);
  if (start === undefined || maxDepth < 1) return [];
  const { offsets, targets } = adjacency.importersOf;
  const depth = new Map<number, number>([[start, 0]]);
  const result: Dependent[] = [];
  let frontier = [start];
  for (let level = 1; frontier.length > 0 && level <= maxDepth; level += 1) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let e = offsets[v]!; e < offsets[v + 1]!; e += 1) {
        const w = targets[e]!;
        if (depth.has(w)) continue;
        depth.set(w, level);
        next.push(w);
        result.push({ path: adjacency.names[w]!, depth: level });
      }
    }
    frontier = next;
  }
  return result.sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
