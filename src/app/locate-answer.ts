/**
 * The answer of `tpo locate` from a localization model, and the quick way to it for the CLI: the model cached in a
 * SQLite store, read without opening the store the ordinary way (locate.ts does that, and builds the model when
 * none is cached). Only light modules are imported here: a `tpo locate` process loads little else.
 */
import { detectModules } from '../codebase/detect-modules.js';
import { findWorkTreeRoot, readHeadCommit } from '../codebase/find-work-tree.js';
import {
  decodeLocateIndex,
  LOCATE_FEATURES,
  LOCATE_FIT_VERSION,
  Locator,
  type CoChangeSettings,
  type LocatedFile,
  type LocatorFit,
  type SizePrediction,
} from '../judgment/locate/index.js';
import { loadCachedLocateModel } from '../store/locate-cache-reader.js';
import { getStoreLocation } from './store-location.js';

export interface LocateOptions {
  /** Scan up to this revision first and answer with what was known then. */
  readonly until?: string;
  /** Files listed (default 20). */
  readonly limit?: number;
}

export interface LocateAnswer {
  readonly repo: string;
  readonly commit: string;
  readonly query: string;
  /** Files ranked best first; `score` is the calibrated confidence in [0, 1]. */
  readonly results: readonly (Omit<LocatedFile, 'score' | 'confidence'> & {
    readonly score: number;
    readonly module: string;
  })[];
  /** The same files grouped by module, in order of their best file. */
  readonly modules: readonly { readonly module: string; readonly files: readonly string[] }[];
  /** Predicted size of the change: paths and lines (similar past change sets). */
  readonly size: SizePrediction;
  readonly fit: LocatorFit;
}

/** Modules of each model's files (detecting them walks every path). */
const modulesOf = new WeakMap<Locator, ReturnType<typeof detectModules>>();

export function getModules(locator: Locator): ReturnType<typeof detectModules> {
  let modules = modulesOf.get(locator);
  if (!modules) modulesOf.set(locator, (modules = detectModules([...locator.index.files])));
  return modules;
}

/**
 * A fit read back from the store, or null when it was fitted under other definitions of the ranking features (an
 * older LOCATE_FIT_VERSION, or none: fits stored before versions, before fusion or before a feature existed): such
 * a fit is refitted rather than used with weights learned for features that now measure something else.
 */
export function reviveFit(json: string): LocatorFit | null {
  // JSON has no Infinity: a half-life without decay is stored as null.
  type Stored = CoChangeSettings & { halfLife: number | null };
  const fit = JSON.parse(json) as Partial<LocatorFit> & { coChange: Stored; coChangeFused: Stored[] };
  if (fit.version !== LOCATE_FIT_VERSION || !fit.model || !fit.fullModel) return null;
  const current = (weights: object): boolean => LOCATE_FEATURES.every((f) => f in weights);
  if (!current(fit.model.weights) || !current(fit.fullModel.weights)) return null;
  const revive = (s: Stored): CoChangeSettings => ({ ...s, halfLife: s.halfLife ?? Infinity });
  return {
    ...(fit as LocatorFit),
    coChange: revive(fit.coChange),
    coChangeFused: fit.coChangeFused.map(revive),
  };
}

/** Groups ranked paths by module, modules in order of their best file. */
export function groupByModule(
  paths: readonly string[],
  moduleOf: (path: string) => string,
): { module: string; files: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const m = moduleOf(p);
    groups.set(m, [...(groups.get(m) ?? []), p]);
  }
  return [...groups].map(([module, files]) => ({ module, files }));
}

/** The answer for `text` from a model of `repo` at `commit`. */
export function getLocateAnswer(
  locator: Locator,
  where: { readonly repo: string; readonly commit: string },
  text: string,
  limit = 20,
): LocateAnswer {
  const modules = getModules(locator);
  const results = locator.locate(text, limit).map((f) => ({
    path: f.path,
    score: f.confidence,
    module: modules.moduleOf(f.path),
    evidence: f.evidence,
  }));
  return {
    repo: where.repo,
    commit: where.commit,
    query: text,
    results,
    modules: groupByModule(
      results.map((r) => r.path),
      (p) => modules.moduleOf(p),
    ),
    size: locator.size(text),
    fit: locator.fit,
  };
}

/**
 * The answer from the model cached in a SQLite store for the repository's scanned commit, or null when there is
 * none to read this way (PostgreSQL, `until` given, a repository git must find (findWorkTreeRoot), not scanned or
 * not fitted yet, a store to migrate, an index in an older format, a fit older than a ranking feature): then locateText answers, scanning and fitting as needed.
 * @example
 * const answer = locateFromCache({ repo: '.' }, 'export to CSV') ?? (await locateText(ws, 'export to CSV'));
 */
export function locateFromCache(
  where: { readonly repo?: string; readonly db?: string },
  text: string,
  options: LocateOptions = {},
  onStale?: (stale: { readonly scanned: string; readonly head: string }) => void,
): LocateAnswer | null {
  if (text.trim() === '' || options.until !== undefined) return null;
  // Found without starting git (which costs more than the rest of the answer); null where git might disagree.
  const repo = findWorkTreeRoot(where.repo ?? process.cwd());
  if (!repo) return null;
  const cached = loadCachedLocateModel(getStoreLocation(repo.root, where.db), repo.root);
  const index = cached && decodeLocateIndex(cached.model.index_data);
  const fit = cached && reviveFit(cached.model.fit);
  if (!cached || !index || !fit) return null;
  const locator = new Locator(index);
  locator.fit = fit;
  const answer = getLocateAnswer(
    locator,
    { repo: repo.name, commit: cached.model.commit_sha },
    text,
    options.limit,
  );
  if (onStale) {
    // As ensureScanned tells the ordinary path's listener; from the files under .git, not a git process.
    const head = readHeadCommit(repo.root);
    if (head !== null && head !== cached.model.commit_sha)
      onStale({ scanned: cached.model.commit_sha, head });
  }
  return answer;
}
