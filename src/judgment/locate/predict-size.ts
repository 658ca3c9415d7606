/**
 * Size of a change from its text alone: the files and lines of the past change sets whose messages are most
 * like it (BM25), their similarity-weighted median. The baseline to beat is the median of all past change sets.
 * Pure. Rationale: ./locate-rationale.md.
 */
import { getQueryTerms, getSizeStratum, type LocateIndex } from './create-locate-index.js';
import { getMedian } from './compute-retrieval-metrics.js';

export interface SizePrediction {
  /** Paths touched (a rename counts twice). */
  readonly files: number;
  /** Lines added + deleted. */
  readonly lines: number;
  /** Past change sets it is based on. */
  readonly neighbours: number;
}

/**
 * Neighbours used by default; the fit chooses among SIZE_NEIGHBOUR_GRID, where 0 stands for the stratum median
 * (past change sets of the same kind, e.g. "docs", and message length) instead of text neighbours.
 */
export const DEFAULT_SIZE_NEIGHBOURS = 10;
export const SIZE_NEIGHBOUR_GRID = [0, 3, 5, 10, 20, 40] as const;
/** Fewest past change sets in a stratum for its median to be used. */
const MIN_STRATUM = 8;

function weightedMedian(values: readonly { value: number; weight: number }[]): number {
  const xs = [...values].sort((a, b) => a.value - b.value);
  const total = xs.reduce((s, x) => s + x.weight, 0);
  let acc = 0;
  for (const x of xs) {
    acc += x.weight;
    if (acc >= total / 2) return x.value;
  }
  return xs[xs.length - 1]?.value ?? 0;
}

/** Predicted size for each neighbour count of `grid` (one retrieval for all). */
export function predictSizes(
  index: LocateIndex,
  text: string,
  grid: readonly number[],
): Map<number, SizePrediction> {
  const scores = new Map<number, number>();
  index.setField.score(getQueryTerms(text), scores);
  const top = [...scores].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, Math.max(...grid));
  const out = new Map<number, SizePrediction>();
  // Only when needed: it sorts the sizes of every past change set.
  let fallback: SizePrediction | undefined;
  for (const k of grid) {
    if (k === 0) {
      out.set(0, getStratumSize(index, text) ?? (fallback ??= getMedianSize(index)));
      continue;
    }
    const near = top.slice(0, k);
    if (near.length === 0) {
      out.set(k, (fallback ??= getMedianSize(index)));
      continue;
    }
    out.set(k, {
      files: weightedMedian(near.map(([id, w]) => ({ value: index.sets[id]!.fileCount, weight: w }))),
      lines: weightedMedian(near.map(([id, w]) => ({ value: index.sets[id]!.lines, weight: w }))),
      neighbours: near.length,
    });
  }
  return out;
}

/**
 * Predicted files and lines for a change described by `text`.
 * @example predictSize(index, 'fix typo in the README', 10) // { files: 1, lines: 2, neighbours: 10 }
 */
export function predictSize(
  index: LocateIndex,
  text: string,
  neighbours = DEFAULT_SIZE_NEIGHBOURS,
): SizePrediction {
  return predictSizes(index, text, [neighbours]).get(neighbours)!;
}

/** The median size of past change sets in the text's stratum (kind and length), or null when too few. */
export function getStratumSize(index: LocateIndex, text: string): SizePrediction | null {
  const { kind, stratum } = getSizeStratum(text);
  let same = index.sets.filter((s) => s.stratum === stratum);
  if (same.length < MIN_STRATUM) same = index.sets.filter((s) => s.stratum.startsWith(`${kind}:`));
  if (same.length < MIN_STRATUM) return null;
  return {
    files: getMedian(same.map((s) => s.fileCount)),
    lines: getMedian(same.map((s) => s.lines)),
    neighbours: same.length,
  };
}

/** The baseline: the median files and lines of every past change set the index learned from. */
export function getMedianSize(index: LocateIndex): SizePrediction {
  return {
    files: getMedian(index.sets.map((s) => s.fileCount)),
    lines: getMedian(index.sets.map((s) => s.lines)),
    neighbours: index.sets.length,
  };
}
