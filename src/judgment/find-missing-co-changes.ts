/**
 * Co-change from history (ROSE, Zimmermann et al. 2004): how often file b changed in the change sets that touched
 * file a, and the files a change set is likely missing. See review-rationale.md.
 */
import type { MissingCoChange } from '../domain/index.js';

/** An index of past change sets by file, to ask "what changes with a" many times without rescanning history. */
export interface CoChangeIndex {
  /** Adds one change set (paths already rename-resolved). Sets larger than the index's maximum are ignored. */
  add(paths: readonly string[]): void;
  /** Change sets (of at most the maximum size) that touched `file`, and how many of them touched each other file. */
  query(file: string, recent?: number): { revisions: number; shared: Map<string, number> };
}

/**
 * Creates an empty co-change index. `maxChangeSetSize` (default 30, code-maat's) leaves out mass edits, which say
 * nothing about which files belong together.
 *
 * @example
 * const index = createCoChangeIndex();
 * index.add(['a.ts', 'b.ts']);
 * index.query('a.ts'); // { revisions: 1, shared: Map { 'b.ts' => 1 } }
 */
export function createCoChangeIndex(maxChangeSetSize = 30): CoChangeIndex {
  const sets: (readonly string[])[] = [];
  const byFile = new Map<string, number[]>();
  return {
    add(paths) {
      const unique = [...new Set(paths)];
      if (unique.length === 0 || unique.length > maxChangeSetSize) return;
      const id = sets.length;
      sets.push(unique);
      for (const p of unique) {
        const list = byFile.get(p);
        if (list) list.push(id);
        else byFile.set(p, [id]);
      }
    },
    query(file, recent) {
      const all = byFile.get(file) ?? [];
      const ids = recent !== undefined && all.length > recent ? all.slice(all.length - recent) : all;
      const shared = new Map<string, number>();
      for (const id of ids)
        for (const p of sets[id]!) if (p !== file) shared.set(p, (shared.get(p) ?? 0) + 1);
      return { revisions: ids.length, shared };
    },
  };
}

export interface MissingCoChangeOptions {
  /** Least confidence of a rule (default 0.6). */
  readonly minConfidence: number;
  /** Least number of past change sets the two files shared (default 3). */
  readonly minShared: number;
  /** At most this many warnings, strongest first (default 10). */
  readonly limit: number;
  /**
   * Rules count only the latest change sets that touched the changed file (default 20): coupling drifts, and on
   * the history of fastify and vite this raised the precision of the strongest warning by 2-13 points.
   */
  readonly recent?: number;
}

export const DEFAULT_MISSING_CO_CHANGE_OPTIONS: MissingCoChangeOptions = {
  minConfidence: 0.6,
  minShared: 3,
  limit: 10,
  recent: 20,
};

/**
 * Rules a -> b from every changed file a to every file b outside the change, kept when confidence and support pass
 * the thresholds; each missing b is reported once with its strongest rule. `exists` filters out files that are
 * gone (deleted or renamed) at the head of the change.
 */
export function findMissingCoChanges(
  changed: readonly string[],
  index: CoChangeIndex,
  options: MissingCoChangeOptions = DEFAULT_MISSING_CO_CHANGE_OPTIONS,
  exists: (path: string) => boolean = () => true,
): MissingCoChange[] {
  const inChange = new Set(changed);
  const best = new Map<string, MissingCoChange>();
  for (const a of [...inChange].sort()) {
    const { revisions, shared } = index.query(a, options.recent);
    if (revisions === 0) continue;
    for (const [b, n] of shared) {
      if (inChange.has(b) || n < options.minShared) continue;
      const confidence = n / revisions;
      if (confidence < options.minConfidence || !exists(b)) continue;
      const current = best.get(b);
      if (
        current &&
        (current.confidence > confidence || (current.confidence === confidence && current.shared >= n))
      )
        continue;
      best.set(b, {
        path: b,
        because: a,
        confidence,
        shared: n,
        revisions,
        evidence: `changed together in ${n} of ${revisions} past change sets that touched ${a}`,
      });
    }
  }
  return [...best.values()]
    .sort((x, y) => y.confidence - x.confidence || y.shared - x.shared || (x.path < y.path ? -1 : 1))
    .slice(0, options.limit);
}
