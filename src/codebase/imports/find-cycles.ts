/** Import cycles: the strongly connected components of the import graph. */
import type { ImportEdge } from '../../domain/index.js';
import { getComponents, indexImportGraph } from './index-import-graph.js';

/**
 * The import cycles of a graph: every strongly connected component of two or more files, and every file that
 * imports itself. Each cycle lists its files sorted; cycles come largest first, then by their first file.
 * Iterative, so 50,000 files in one chain do not overflow the call stack.
 *
 * @example
 * findCycles([{ from: 'a.ts', to: 'b.ts', specifier: './b' }, { from: 'b.ts', to: 'a.ts', specifier: './a' }]);
 * // [['a.ts', 'b.ts']]
 */
export function findCycles(
  edges: readonly Pick<ImportEdge, 'from' | 'to'>[],
): readonly (readonly string[])[] {
  const graph = indexImportGraph(edges);
  const { component, count } = getComponents(graph);
  const members: string[][] = Array.from({ length: count }, () => []);
  for (let v = 0; v < component.length; v += 1) members[component[v]!]!.push(graph.names[v]!);
  const cycles = members.filter((m) => m.length > 1);
  for (const v of graph.selfImports) if (members[component[v]!]!.length === 1) cycles.push([graph.names[v]!]);
  for (const cycle of cycles) cycle.sort();
  return cycles.sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
}
