/**
 * Co-change prediction for one file: which other files a change to it will probably touch. Recency-weighted
 * association rules that also count small, focused change sets more (ROSE with decay is the special case
 * sizePower = 0), and, for a file with no useful history, a fallback on files with the same name stem (its test,
 * its type declarations) and then the most active files of its folder, so that every query gets an answer. Pure.
 */
import type { LocateIndex } from './create-locate-index.js';
import { getCoChanges } from './rank-files.js';
import { tokenizePath } from './tokenize-text.js';

export interface CoChangeSettings {
  /** Half-life of a past change set's weight, in change sets (Infinity: no decay). */
  readonly halfLife: number;
  /** A change set of n files counts 1 / (n - 1)^sizePower. */
  readonly sizePower: number;
}

export const DEFAULT_CO_CHANGE_SETTINGS: CoChangeSettings = { halfLife: 300, sizePower: 0.5 };
/** The settings `fitCoChangeSettings` chooses among. */
export const CO_CHANGE_GRID: readonly CoChangeSettings[] = [30, 100, 300, 1000, Infinity].flatMap((halfLife) =>
  [0, 0.5, 1].map((sizePower) => ({ halfLife, sizePower })),
);

export interface PredictedCoChange {
  readonly path: string;
  /** History rules: the recency-weighted share of the file's change sets that touched this one, in [0, 1]. */
  readonly score: number;
  readonly source: 'history' | 'same-name' | 'same-folder';
  readonly evidence: string;
}

function stemTerms(path: string): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return tokenizePath(dot > 0 ? base.slice(0, dot) : base).filter((t) => !['index', 'test', 'spec', 'mod'].includes(t));
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
  const ranked = [...rules]
    .filter(([p]) => index.files.has(p))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [path, score] of ranked) {
    if (out.length >= limit) return out;
    seen.add(path);
    const shared = Math.round((plain.get(path) ?? 0) * revisions);
    out.push({
      path,
      score: Math.round(score * 1000) / 1000,
      source: 'history',
      evidence: `changed together in ${shared} of the ${revisions} change sets that touched ${file} (recent ones weigh more)`,
    });
  }
  // Fallbacks, below every history rule: same name stem elsewhere, then the folder's most active files.
  const stems = stemTerms(file);
  if (stems.length > 0) {
    const named = [...index.files]
      .filter((p) => !seen.has(p))
      .map((p) => {
        const terms = new Set(stemTerms(p));
        return { p, hits: stems.filter((t) => terms.has(t)).length / stems.length };
      })
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

function activity(index: LocateIndex, path: string): number {
  const h = index.history.get(path);
  if (!h) return 0;
  let s = 0;
  for (const id of h.sets) s += index.decay(id, 100);
  return s;
}
