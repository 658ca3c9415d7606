/**
 * Measures the "missing co-change" warnings of `tpo review` on the repository's own history: each past change set
 * is reviewed as if it were a pull request, with only the change sets before it as history, and a warning counts
 * as right when its file really changed in one of the next change sets.
 */
import { computeRenameAliases, type RepositoryHandle } from '../codebase/index.js';
import {
  DEFAULT_MISSING_CO_CHANGE_OPTIONS,
  createCoChangeIndex,
  findMissingCoChanges,
  type MissingCoChangeOptions,
} from '../judgment/index.js';
import { loadChangeSetFiles, loadChangeSets, loadRenames, type Store } from '../store/index.js';
import { loadScannedRepo } from './code-model.js';

export interface ReplayOptions {
  /** Change sets to replay, the most recent ones (default 1,000). */
  readonly last?: number;
  /** A warning is right when its file changed in one of this many following change sets (default 5). */
  readonly horizon?: number;
  /** Only merged pull requests (merge change sets and squash merges whose message ends with "(#123)"). Default true. */
  readonly mergedOnly?: boolean;
  readonly missingCoChange?: Partial<MissingCoChangeOptions>;
}

export interface ReplayResult {
  readonly repo: string;
  readonly replayed: number;
  /** Replayed change sets that got at least one warning. */
  readonly warned: number;
  readonly warnings: number;
  /** Warnings whose file changed within the horizon. */
  readonly hits: number;
  /** hits / warnings, or null without warnings. */
  readonly precision: number | null;
  /** Same, counting only the first (strongest) warning of each change set. */
  readonly topPrecision: number | null;
  /**
   * The precision of guessing at random: for each warning, the share of the files seen so far that changed within
   * the horizon, averaged. Precision over this base rate is what the history adds.
   */
  readonly baseRate: number | null;
  readonly horizon: number;
  readonly options: MissingCoChangeOptions;
  /** Precision by confidence band of the warning. */
  readonly byConfidence: readonly {
    readonly from: number;
    readonly warnings: number;
    readonly hits: number;
  }[];
}

const PULL_REQUEST = /\(#\d+\)\s*$|^Merge pull request #\d+/m;

/**
 * Replays the last change sets of the scanned history.
 * @example
 * const result = await replayMissingCoChanges(ws.repo, ws.store, { last: 1000, horizon: 5 });
 * result.precision; // share of warnings whose file changed in the next 5 change sets
 */
export async function replayMissingCoChanges(
  repo: RepositoryHandle,
  store: Store,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const row = await loadScannedRepo(repo, store);
  const aliases = computeRenameAliases(await loadRenames(store.db, row.id));
  const sets = (await loadChangeSetFiles(store.db, row.id, { withOldPaths: false })).map((cs) => ({
    ...cs,
    paths: [...new Set(cs.paths.map((p) => aliases.get(p) ?? p))],
  }));
  const messages = new Map(
    (await loadChangeSets(store.db, row.id)).map((r) => [
      r.sha,
      { message: r.message, isMerge: r.is_merge === 1 },
    ]),
  );
  const horizon = options.horizon ?? 5;
  const settings = { ...DEFAULT_MISSING_CO_CHANGE_OPTIONS, ...options.missingCoChange };
  const start = Math.max(0, sets.length - horizon - (options.last ?? 1000));
  const index = createCoChangeIndex();
  const bands = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0];
  const byConfidence = bands.map((from) => ({ from, warnings: 0, hits: 0 }));
  let replayed = 0;
  let warned = 0;
  let warnings = 0;
  let hits = 0;
  let topWarnings = 0;
  let topHits = 0;
  let baseSum = 0;
  const seen = new Set<string>();
  for (let i = 0; i < sets.length - horizon; i += 1) {
    const cs = sets[i]!;
    const info = messages.get(cs.sha);
    const isPullRequest = info !== undefined && (info.isMerge || PULL_REQUEST.test(info.message));
    if (i >= start && cs.paths.length <= 30 && (options.mergedOnly === false || isPullRequest)) {
      replayed += 1;
      const missing = findMissingCoChanges(cs.paths, index, settings);
      if (missing.length > 0) warned += 1;
      const next = new Set(sets.slice(i + 1, i + 1 + horizon).flatMap((s) => s.paths));
      if (missing.length > 0 && seen.size > 0) {
        let known = 0;
        for (const p of next) if (seen.has(p)) known += 1;
        baseSum += (known / seen.size) * missing.length;
      }
      missing.forEach((m, k) => {
        const hit = next.has(m.path);
        warnings += 1;
        if (hit) hits += 1;
        if (k === 0) {
          topWarnings += 1;
          if (hit) topHits += 1;
        }
        const band = byConfidence.find((b) => m.confidence >= b.from)!;
        band.warnings += 1;
        if (hit) band.hits += 1;
      });
    }
    index.add(cs.paths);
    for (const p of cs.paths) seen.add(p);
  }
  return {
    repo: row.name,
    replayed,
    warned,
    warnings,
    hits,
    precision: warnings > 0 ? hits / warnings : null,
    topPrecision: topWarnings > 0 ? topHits / topWarnings : null,
    baseRate: warnings > 0 ? baseSum / warnings : null,
    horizon,
    options: settings,
    byConfidence: byConfidence.filter((b) => b.warnings > 0),
  };
}
