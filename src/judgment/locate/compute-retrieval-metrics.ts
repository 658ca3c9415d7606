/**
 * The metrics `tpo eval` reports, per query (means are taken by the caller). Pure. Definitions follow issue 4 and
 * shared/eval: a ranking is a list of paths, best first; `relevant` is the set of right answers.
 */

/**
 * Average precision: (1 / |relevant|) x the sum, over relevant files found, of the precision at their rank;
 * relevant files never ranked count as 0.
 * @example getAveragePrecision(['a', 'x', 'b'], new Set(['a', 'b'])) // (1/1 + 2/3) / 2 = 0.8333
 */
export function getAveragePrecision(ranking: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranking.forEach((p, i) => {
    if (relevant.has(p)) {
      hits += 1;
      sum += hits / (i + 1);
    }
  });
  return sum / relevant.size;
}

/** 1 / rank of the first relevant file, 0 when none is ranked. */
export function getReciprocalRank(ranking: readonly string[], relevant: ReadonlySet<string>): number {
  const i = ranking.findIndex((p) => relevant.has(p));
  return i < 0 ? 0 : 1 / (i + 1);
}

/** 1 when at least one relevant file is in the top k, else 0. */
export function getHitAtK(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  return ranking.slice(0, k).some((p) => relevant.has(p)) ? 1 : 0;
}

/** |relevant in the top k| / |relevant|. */
export function getRecallAtK(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  return ranking.slice(0, k).filter((p) => relevant.has(p)).length / relevant.size;
}

/** ROSE precision: |relevant in the top k| / |top k| (null when nothing was suggested). */
export function getPrecisionAtK(
  ranking: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): number | null {
  const top = ranking.slice(0, k);
  if (top.length === 0) return null;
  return top.filter((p) => relevant.has(p)).length / top.length;
}

/** Mean of the values (nulls left out), with the 95 % normal-approximation half-width, and the count. */
export function summarise(values: readonly (number | null)[]): { mean: number; ci95: number; n: number } {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length;
  if (n === 0) return { mean: 0, ci95: 0, n: 0 };
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, ci95: 1.96 * Math.sqrt(variance / n), n };
}

/** The median of the values (the mean of the two middle ones for an even count); 0 for none. */
export function getMedian(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
}
