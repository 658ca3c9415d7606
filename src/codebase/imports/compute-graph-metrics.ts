/** Fan-in, fan-out and transitive dependents of every file of an import graph. */
import type { ImportEdge } from '../../domain/index.js';
import { getComponents, indexImportGraph } from './index-import-graph.js';
import type { FileGraphMetrics } from './types.js';

/** Bits set in a 32-bit word. */
function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Exact transitive-dependent counts. On the graph of strongly connected components (a DAG), the set of files that
 * reach a component is the union of the sets of its importers plus its own files. The sets are bitsets over a block
 * of at most 2,048 files at a time, so memory stays at components x 256 bytes while the time is
 * O(blocks x (component edges + components) x 64 words): about a second for 50,000 files and 200,000 edges.
 */
function countTransitiveDependents(graph: ReturnType<typeof indexImportGraph>): Int32Array {
  const n = graph.names.length;
  const { component, count } = getComponents(graph);
  // Importer lists between components, deduplicated.
  const pairs: number[] = [];
  const seen = new Set<number>();
  const { offsets, targets } = graph.importsOf;
  for (let v = 0; v < n; v += 1) {
    for (let e = offsets[v]!; e < offsets[v + 1]!; e += 1) {
      const from = component[v]!;
      const to = component[targets[e]!]!;
      const key = from * 67_108_864 + to;
      if (from === to || seen.has(key)) continue;
      seen.add(key);
      pairs.push(from, to);
    }
  }
  const importerOffsets = new Int32Array(count + 1);
  for (let i = 1; i < pairs.length; i += 2) importerOffsets[pairs[i]! + 1]! += 1;
  for (let c = 0; c < count; c += 1) importerOffsets[c + 1]! += importerOffsets[c]!;
  const fill = importerOffsets.slice(0, count);
  const importers = new Int32Array(pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) importers[fill[pairs[i + 1]!]!++] = pairs[i]!;

  const words = Math.max(1, Math.min(64, Math.ceil(n / 32)));
  const blockSize = words * 32;
  const reach = new Int32Array(count);
  const bits = new Uint32Array(count * words);
  for (let base = 0; base < n; base += blockSize) {
    bits.fill(0);
    for (let v = base; v < Math.min(n, base + blockSize); v += 1) {
      const bit = v - base;
      bits[component[v]! * words + (bit >>> 5)]! |= 1 << (bit & 31);
    }
    // Importers of a component complete after it in Tarjan's order, so they have larger numbers: go downwards.
    for (let c = count - 1; c >= 0; c -= 1) {
      const row = c * words;
      for (let e = importerOffsets[c]!; e < importerOffsets[c + 1]!; e += 1) {
        const other = importers[e]! * words;
        for (let w = 0; w < words; w += 1) bits[row + w]! |= bits[other + w]!;
      }
      let total = 0;
      for (let w = 0; w < words; w += 1) total += popcount(bits[row + w]!);
      reach[c]! += total;
    }
  }
  const result = new Int32Array(n);
  for (let v = 0; v < n; v += 1) result[v] = reach[component[v]!]! - 1;
  return result;
}

/**
 * Fan-in, fan-out and transitive dependents of every file in `paths` (and of any other file an edge names).
 * Counts are of distinct other files: several imports between two files count once, a self-import not at all.
 * Transitive dependents are the files from which this one is reachable through one or more imports, which includes
 * the other files of its import cycle.
 *
 * @example
 * computeGraphMetrics([{ from: 'a.ts', to: 'b.ts', specifier: './b' }], ['a.ts', 'b.ts']).get('b.ts');
 * // { fanIn: 1, fanOut: 0, transitiveDependents: 1 }
 */
export function computeGraphMetrics(
  edges: readonly Pick<ImportEdge, 'from' | 'to'>[],
  paths: readonly string[],
): ReadonlyMap<string, FileGraphMetrics> {
  const graph = indexImportGraph(edges, paths);
  const dependents = countTransitiveDependents(graph);
  const metrics = new Map<string, FileGraphMetrics>();
  const { importsOf, importersOf } = graph;
  for (let v = 0; v < graph.names.length; v += 1) {
    metrics.set(graph.names[v]!, {
      fanIn: importersOf.offsets[v + 1]! - importersOf.offsets[v]!,
      fanOut: importsOf.offsets[v + 1]! - importsOf.offsets[v]!,
      transitiveDependents: dependents[v]!,
    });
  }
  return metrics;
}
