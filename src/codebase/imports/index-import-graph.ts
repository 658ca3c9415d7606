/**
 * Compact adjacency of an import graph: files numbered 0..n-1, distinct neighbours in typed arrays (CSR layout),
 * self-imports kept apart. Built once per edge list and shared by the graph measures.
 */
import type { ImportEdge } from '../../domain/index.js';

/** An import graph indexed for traversal. */
export interface ImportAdjacency {
  readonly names: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  /** Imports of file i: `importsOf.targets[importsOf.offsets[i] .. importsOf.offsets[i + 1])`. */
  readonly importsOf: Csr;
  /** Importers of file i, same layout. */
  readonly importersOf: Csr;
  /** Files that import themselves. */
  readonly selfImports: ReadonlySet<number>;
}

/** Compressed sparse rows: the neighbours of node i are `targets[offsets[i] .. offsets[i + 1])`. */
export interface Csr {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

function buildCsr(n: number, pairs: readonly number[], reverse: boolean): Csr {
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < pairs.length; i += 2) offsets[pairs[reverse ? i + 1 : i]! + 1]! += 1;
  for (let i = 0; i < n; i += 1) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) {
    const from = pairs[reverse ? i + 1 : i]!;
    targets[fill[from]!++] = pairs[reverse ? i : i + 1]!;
  }
  return { offsets, targets };
}

/** Numbers the files (those of `paths` first, in order, then edge ends not among them) and indexes the edges. */
export function indexImportGraph(
  edges: readonly Pick<ImportEdge, 'from' | 'to'>[],
  paths: readonly string[] = [],
): ImportAdjacency {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    return id;
  };
  for (const path of paths) idOf(path);
  const pairs: number[] = [];
  const seen = new Set<number>();
  const selfImports = new Set<number>();
  for (const edge of edges) {
    const from = idOf(edge.from);
    const to = idOf(edge.to);
    if (from === to) {
      selfImports.add(from);
      continue;
    }
    // Pairs are deduplicated by a number key; 2^26 files is far beyond any repository.
    const key = from * 67_108_864 + to;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push(from, to);
  }
  const n = names.length;
  return {
    names,
    ids,
    importsOf: buildCsr(n, pairs, false),
    importersOf: buildCsr(n, pairs, true),
    selfImports,
  };
}

/**
 * Strongly connected components by Tarjan's algorithm with an explicit stack (no recursion, so depth is not bounded
 * by the call stack). Components are numbered in the order Tarjan completes them: a component's imports lie in
 * components with smaller numbers.
 */
export function getComponents(graph: ImportAdjacency): {
  readonly component: Int32Array;
  readonly count: number;
} {
  const n = graph.names.length;
  const { offsets, targets } = graph.importsOf;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  let stackSize = 0;
  let counter = 0;
  let count = 0;
  let depth = 0;
  const enter = (v: number): void => {
    order[v] = counter;
    low[v] = counter;
    counter += 1;
    stack[stackSize++] = v;
    onStack[v] = 1;
    callNode[depth] = v;
    callEdge[depth] = offsets[v]!;
    depth += 1;
  };
  for (let start = 0; start < n; start += 1) {
    if (order[start] !== -1) continue;
    enter(start);
    while (depth > 0) {
      const v = callNode[depth - 1]!;
      const edge = callEdge[depth - 1]!;
      if (edge < offsets[v + 1]!) {
        callEdge[depth - 1] = edge + 1;
        const w = targets[edge]!;
        if (order[w] === -1) enter(w);
        else if (onStack[w] === 1 && order[w]! < low[v]!) low[v] = order[w]!;
        continue;
      }
      depth -= 1;
      if (depth > 0) {
        const parent = callNode[depth - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] === order[v]) {
        let w: number;
        do {
          w = stack[--stackSize]!;
          onStack[w] = 0;
          component[w] = count;
        } while (w !== v);
        count += 1;
      }
    }
  }
  return { component, count };
}
