/**
 * Co-change prediction for one file: which other files a change to it will probably touch. Recency-weighted
 * association rules that also count small, focused change sets more (ROSE with decay is the special case
 * sizePower = 0), and, for a file with no useful history, a fallback on files with the same name stem (its test,
 * its type declarations) and then the most active files of its folder, so that every query gets an answer. The
 * settings the fit cannot tell apart are all used, their rankings fused. Pure.
 */
import { summarise } from './compute-retrieval-metrics.js';
import type { LocateIndex } from './create-locate-index.js';
import { getCoChanges } from './rank-files.js';
import { tokenizePath } from './tokenize-text.js';

export interface CoChangeSettings {
  /** Half-life of a past change set's weight, in change sets (Infinity: no decay). */
  readonly halfLife: number;
  /** A change set of n files counts 1 / (n - 1)^sizePower. */
  readonly sizePower: number;
  /** Added to a history rule's score when the other file has the same name stem (its test, its types). */
  readonly nameBonus: number;
}

export const DEFAULT_CO_CHANGE_SETTINGS: CoChangeSettings = { halfLife: 300, sizePower: 0.5, nameBonus: 0.1 };
/** The settings `fitCoChangeSettings` chooses among. */
export const CO_CHANGE_GRID: readonly CoChangeSettings[] = [30, 100, 300, 1000, Infinity].flatMap(
  (halfLife) =>
    [0, 0.5, 1].flatMap((sizePower) => [0, 0.05].map((nameBonus) => ({ halfLife, sizePower, nameBonus }))),
);

export interface PredictedCoChange {
  readonly path: string;
  /** History rules: the recency-weighted share of the file's change sets that touched this one, in [0, 1]. */
  readonly score: number;
  readonly source: 'history' | 'same-name' | 'same-folder';
  readonly evidence: string;
}

const GENERIC_STEMS = new Set(['index', 'test', 'spec', 'mod', 'main', 'readme']);
const stemCache = new Map<string, readonly string[]>();

/** The terms of a file name without its extensions, generic names left out. */
function stemTerms(path: string): readonly string[] {
  const cached = stemCache.get(path);
  if (cached) return cached;
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  const terms = tokenizePath(dot > 0 ? base.slice(0, dot) : base).filter((t) => !GENERIC_STEMS.has(t));
  if (stemCache.size < 200_000) stemCache.set(path, terms);
  return terms;
}

/** Share of `stems` found in the name of `path`. */
function nameSimilarity(stems: readonly string[], path: string): number {
  if (stems.length === 0) return 0;
  const terms = stemTerms(path);
  return stems.filter((t) => terms.includes(t)).length / stems.length;
}

/**
 * Files predicted to change with `file`, best first.
 * @example predictCoChanges(index, 'lib/reply.js', DEFAULT_CO_CHANGE_SETTINGS, 3).map((c) => c.path)
 * // ['test/reply.test.js', 'types/reply.d.ts', 'docs/Reference/Reply.md']
 */
export function predictCoChanges(
  index: LocateIndex,
  file: string,
  settings: CoChangeSettings,
  limit = 10,
): PredictedCoChange[] {
  const out: PredictedCoChange[] = [];
  const seen = new Set<string>([file]);
  const rules = getCoChanges(index, file, settings.halfLife, settings.sizePower);
  const plain = getCoChanges(index, file, Infinity, 0);
  const revisions = index.history.get(file)?.touches ?? 0;
  const stems = stemTerms(file);
  const ranked = [...rules]
    .filter(([p]) => index.files.has(p))
    .map(([p, v]): [string, number, number] => [
      p,
      v,
      settings.nameBonus > 0 ? v + settings.nameBonus * nameSimilarity(stems, p) : v,
    ])
    .sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : 1));
  // The score shown is the recency-weighted share; the size weighting only orders the rules.
  const shares = settings.sizePower === 0 ? rules : getCoChanges(index, file, settings.halfLife, 0);
  for (const [path] of ranked) {
    if (out.length >= limit) return out;
    seen.add(path);
    const shared = Math.round((plain.get(path) ?? 0) * revisions);
    out.push({
      path,
      score: Math.round((shares.get(path) ?? 0) * 1000) / 1000,
      source: 'history',
      evidence: `changed together in ${shared} of the ${revisions} change sets that touched ${file} (recent ones weigh more)`,
    });
  }
  // Fallbacks, below every history rule: same name stem elsewhere, then the folder's most active files.
  if (stems.length > 0) {
    const named = [...index.files]
      .filter((p) => !seen.has(p))
      .map((p) => ({ p, hits: nameSimilarity(stems, p) }))
      .filter((x) => x.hits >= 0.5)
      .sort((a, b) => b.hits - a.hits || activity(index, b.p) - activity(index, a.p) || (a.p < b.p ? -1 : 1));
    for (const { p } of named) {
      if (out.length >= limit) return out;
      seen.add(p);
      out.push({ path: p, score: 0, source: 'same-name', evidence: `same name as ${file}` });
    }
  }
  const folder = file.slice(0, file.lastIndexOf('/') + 1);
  const siblings = [...index.files]
    .filter((p) => !seen.has(p) && p.startsWith(folder) && !p.slice(folder.length).includes('/'))
    .sort((a, b) => activity(index, b) - activity(index, a) || (a < b ? -1 : 1));
  for (const p of siblings) {
    if (out.length >= limit) break;
    out.push({ path: p, score: 0, source: 'same-folder', evidence: `in the same folder, recently active` });
  }
  return out;
}

/**
 * The settings to use, best first: those whose mean fitting score is within half a standard error of the best
 * one's, since the fitting examples cannot tell them apart. `scores[g][e]` is the score of `grid[g]` on example e.
 * @example chooseCoChangeSettings([a, b, c], [[1, 1, 0, 1], [1, 0, 1, 1], [0, 0, 1, 0]]) // [a, b]
 */
export function chooseCoChangeSettings(
  grid: readonly CoChangeSettings[],
  scores: readonly (readonly number[])[],
): CoChangeSettings[] {
  const stats = scores.map((s) => summarise(s));
  const order = grid.map((_, g) => g).sort((a, b) => stats[b]!.mean - stats[a]!.mean || a - b);
  const best = stats[order[0]!];
  if (!best) return [];
  const margin = best.ci95 / 1.96 / 2;
  return order.filter((g) => stats[g]!.mean >= best.mean - margin - 1e-12).map((g) => grid[g]!);
}

/**
 * Files predicted to change with `file` under several settings, their rankings fused (reciprocal rank: a file
 * scores the sum of 1 / rank over the rankings); each answer is the one of the first settings that gave it.
 * @example predictFusedCoChanges(index, 'lib/reply.js', fit.coChangeFused, 3).map((c) => c.path)
 */
export function predictFusedCoChanges(
  index: LocateIndex,
  file: string,
  settings: readonly CoChangeSettings[],
  limit = 10,
): PredictedCoChange[] {
  if (settings.length === 1) return predictCoChanges(index, file, settings[0]!, limit);
  const fused = new Map<string, { entry: PredictedCoChange; score: number }>();
  for (const s of settings)
    predictCoChanges(index, file, s, limit).forEach((entry, rank) => {
      const hit = fused.get(entry.path);
      if (hit) hit.score += 1 / (rank + 1);
      else fused.set(entry.path, { entry, score: 1 / (rank + 1) });
    });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || (a.entry.path < b.entry.path ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.entry);
}

/** Half-life of the fallbacks' activity, in change sets: what the team is working on now (a migration wave). */
const ACTIVITY_HALF_LIFE = 10;
const activityCache = new WeakMap<LocateIndex, { now: number; values: Map<string, number> }>();

/** Recency-weighted change sets of a file (half-life ACTIVITY_HALF_LIFE), cached per index state. */
function activity(index: LocateIndex, path: string): number {
  let cache = activityCache.get(index);
  if (!cache || cache.now !== index.now)
    activityCache.set(index, (cache = { now: index.now, values: new Map() }));
  const hit = cache.values.get(path);
  if (hit !== undefined) return hit;
  const h = index.history.get(path);
  let s = 0;
  if (h) for (const id of h.sets) s += index.decay(id, ACTIVITY_HALF_LIFE);
  cache.values.set(path, s);
  return s;
}
