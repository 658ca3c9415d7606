/**
 * Change coupling (code-maat's "coupling" analysis) between files that change in the same change sets.
 * See coupling-rationale.md.
 */
import type { Coupling } from '../domain/index.js';

export interface CouplingOptions {
  /** Minimum change sets each file must appear in. code-maat: 5. */
  readonly minRevisions: number;
  /** Minimum change sets the two files share. code-maat: 5. */
  readonly minShared: number;
  /** Minimum degree, in [0, 1]. code-maat: 0.30. */
  readonly minDegree: number;
  /** Change sets touching more files are ignored (mass edits, branch syncs). code-maat: 30. */
  readonly maxChangeSetSize: number;
}

export const DEFAULT_COUPLING_OPTIONS: CouplingOptions = {
  minRevisions: 5,
  minShared: 5,
  minDegree: 0.3,
  maxChangeSetSize: 30,
};

/**
 * Counts, over change sets given as lists of (already rename-resolved) paths, each file's change sets and each
 * pair's shared change sets, then keeps the pairs that pass the thresholds, strongest degree first.
 */
export function computeCoupling(
  changeSets: Iterable<readonly string[]>,
  options: CouplingOptions = DEFAULT_COUPLING_OPTIONS,
): Coupling[] {
  const revisions = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const raw of changeSets) {
    const files = [...new Set(raw)].sort();
    if (files.length === 0 || files.length > options.maxChangeSetSize) continue;
    for (const f of files) revisions.set(f, (revisions.get(f) ?? 0) + 1);
    for (let i = 0; i < files.length; i += 1) {
      for (let j = i + 1; j < files.length; j += 1) {
        const key = `${files[i]!}\0${files[j]!}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const out: Coupling[] = [];
  for (const [key, n] of shared) {
    if (n < options.minShared) continue;
    const sep = key.indexOf('\0');
    const a = key.slice(0, sep);
    const b = key.slice(sep + 1);
    const ra = revisions.get(a) ?? 0;
    const rb = revisions.get(b) ?? 0;
    if (ra < options.minRevisions || rb < options.minRevisions) continue;
    const degree = n / ((ra + rb) / 2);
    if (degree < options.minDegree) continue;
    out.push({
      a,
      b,
      shared: n,
      revisionsA: ra,
      revisionsB: rb,
      degree,
      confidenceAB: n / ra,
      confidenceBA: n / rb,
    });
  }
  return out.sort(
    (x, y) =>
      y.degree - x.degree || y.shared - x.shared || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1),
  );
}
