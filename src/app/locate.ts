/**
 * `tpo locate` and co-change predictions: the localization model of a scanned repository, fitted on its own older
 * history and cached in the store per scanned commit (and in memory for a long-running server).
 */
import { readBlobs, readTree } from '../codebase/index.js';
import { TpoError } from '../domain/index.js';
import {
  decodeLocateIndex,
  encodeLocateIndex,
  getEligibility,
  FIT_SAMPLE,
  Locator,
  MAX_CO_CHANGE_FIT,
  sampleSeeded,
  type HistoryChangeSet,
  type PredictedCoChange,
} from '../judgment/index.js';
import { loadLocateFits, loadLocateModel, saveLocateModel, type RepoRow } from '../store/index.js';
import { ensureScanned, getReadingListener } from './code-model.js';
import { getLocateAnswer, reviveFit, type LocateAnswer, type LocateOptions } from './locate-answer.js';
import { attachContents, isTextCandidate, loadFirstParentHistory, readFileText } from './evaluate-history.js';
import type { Workspace } from './open-workspace.js';

/** A fit made this many change sets before the scanned commit is reused instead of fitting again. */
const REUSE_FIT_WITHIN = 500;
const SEED = 13;
const cache = new Map<string, Locator>();
/** Models being built, by the same key as `cache`. */
const pending = new Map<string, Promise<Locator>>();

/** Reads the current contents of the snapshot's text files into the index. */
async function loadSnapshotContents(gitDir: string, commit: string, locator: Locator): Promise<void> {
  const entries = (await readTree(gitDir, commit)).filter(
    (e) => locator.index.files.has(e.path) && isTextCandidate(e.path) && e.size < 2_000_000,
  );
  const pathsOf = new Map<string, string[]>();
  for (const e of entries) pathsOf.set(e.blob, [...(pathsOf.get(e.blob) ?? []), e.path]);
  await readBlobs(gitDir, [...pathsOf.keys()], (blob, content) => {
    if (content.subarray(0, 8000).includes(0)) return;
    for (const p of pathsOf.get(blob) ?? []) {
      const { terms, imports } = readFileText(p, content);
      locator.index.setContent(p, terms);
      locator.index.setImports(p, imports);
    }
  });
}

/**
 * Fits on a seeded sample of the newest quarter of eligible change sets, each scored against what was known before
 * it (file contents at that time included), and returns the trained locator.
 */
async function trainFromGit(gitDir: string, history: readonly HistoryChangeSet[]): Promise<Locator> {
  const { eligible } = getEligibility(history);
  const pool = eligible.slice(Math.floor(eligible.length * 0.75));
  const fitting = new Set(sampleSeeded(pool, FIT_SAMPLE, SEED + 1));
  const coFitting = new Set(pool.slice(-MAX_CO_CHANGE_FIT));
  const locator = new Locator();
  const report = getReadingListener().progress;
  const CHUNK = 400;
  for (let start = 0; start < history.length; start += CHUNK) {
    report?.({ phase: 'fitting', done: start, total: history.length });
    const chunk = await attachContents(gitDir, history.slice(start, start + CHUNK));
    chunk.forEach((cs, k) => {
      const i = start + k;
      if (fitting.has(i) || coFitting.has(i))
        locator.recordExample(cs, SEED, { locate: fitting.has(i), coChange: coFitting.has(i) });
      locator.observe(cs);
    });
  }
  report?.({ phase: 'fitting', done: history.length, total: history.length });
  locator.fitExamples();
  return locator;
}

/**
 * The localization model of the repository at its scanned commit: from memory, else from the store, else built
 * from git (history up to the scanned commit only) and saved.
 */
export async function loadLocator(ws: Pick<Workspace, 'repo' | 'store'>, row: RepoRow): Promise<Locator> {
  const commit = row.snapshot_commit;
  if (commit === null)
    throw new TpoError('NotFound', 'the repository has not been scanned yet; run "tpo scan" first.');
  const key = `${ws.store.location}:${row.id}:${commit}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Requests that arrive while the model is being built (a dashboard asks for the ranking and an item's judgment at
  // once) wait for that one build instead of each replaying the history.
  let building = pending.get(key);
  if (!building) {
    building = buildLocator(ws, row, commit).finally(() => pending.delete(key));
    pending.set(key, building);
  }
  const locator = await building;
  if (!cache.has(key)) {
    if (cache.size > 4) cache.clear();
    cache.set(key, locator);
  }
  return locator;
}

/** The model of `commit`: from the store, else built from git and saved there. */
async function buildLocator(
  ws: Pick<Workspace, 'repo' | 'store'>,
  row: RepoRow,
  commit: string,
): Promise<Locator> {
  const stored = await loadLocateModel(ws.store.db, row.id, commit);
  // A model saved in an older index format (or before the index was binary) keeps its fit: only the index is rebuilt.
  const index = stored?.index_data ? decodeLocateIndex(stored.index_data) : null;
  const storedFit = stored ? reviveFit(stored.fit) : null;
  let locator: Locator;
  if (index && storedFit) {
    locator = new Locator(index);
    locator.fit = storedFit;
  } else {
    const history = await loadFirstParentHistory(row.git_dir, commit);
    const position = new Map(history.map((cs, i) => [cs.sha, i]));
    const reusable = (await loadLocateFits(ws.store.db, row.id))
      .filter((f) => {
        const at = position.get(f.commit);
        return at !== undefined && history.length - 1 - at <= REUSE_FIT_WITHIN;
      })
      .map((f) => reviveFit(f.fit))
      .find((fit) => fit !== null);
    if (reusable) {
      locator = new Locator();
      for (const cs of history) locator.observe(cs);
      await loadSnapshotContents(row.git_dir, commit, locator);
      locator.fit = reusable;
    } else locator = await trainFromGit(row.git_dir, history);
    await saveLocateModel(ws.store.db, {
      repo_id: row.id,
      commit_sha: commit,
      change_sets: history.length,
      fit: JSON.stringify(locator.fit, (_k, v: unknown) => (v === Infinity ? null : v)),
      index_data: encodeLocateIndex(locator.index),
      created_at: Math.floor(Date.now() / 1000),
    });
  }
  return locator;
}

/**
 * Ranks the files a work item described by `text` will touch.
 * @example
 * const answer = await locateText(ws, 'reply.send drops the content-type header', { until: 'v4.0.0' });
 * answer.results[0]; // { path: 'lib/reply.js', score: 0.71, module: 'lib', evidence: { words: ['reply', 'send', ...] } }
 */
export async function locateText(
  ws: Pick<Workspace, 'repo' | 'store'>,
  text: string,
  options: LocateOptions = {},
): Promise<LocateAnswer> {
  if (text.trim() === '')
    throw new TpoError('Invalid', 'give the text to locate, e.g. tpo locate "export to CSV".');
  const row = await ensureScanned(ws.repo, ws.store, options.until);
  const locator = await loadLocator(ws, row);
  return getLocateAnswer(locator, { repo: ws.repo.name, commit: row.snapshot_commit! }, text, options.limit);
}

/** Files predicted to change with `file` (co-change rules with recency, then same-name and same-folder files). */
export async function predictCoChangesFor(
  ws: Pick<Workspace, 'repo' | 'store'>,
  row: RepoRow,
  file: string,
  limit: number,
): Promise<PredictedCoChange[]> {
  const locator = await loadLocator(ws, row);
  if (!locator.index.files.has(file) && !locator.index.history.has(file))
    throw new TpoError(
      'NotFound',
      `${file} is not a file of the scanned commit; give a path relative to the repository root.`,
      { file },
    );
  return locator.coChanges(file, limit);
}

export interface CoChangeAnswer {
  readonly file: string;
  readonly commit: string;
  /** Best first; `score` is the recency-weighted share of the file's change sets that touched the other file. */
  readonly results: readonly PredictedCoChange[];
}

/**
 * Files that will probably change with `file`, at the scanned commit (or `until`, scanned first).
 * @example
 * (await getCoChangePrediction(ws, 'lib/reply.js', { until: 'HEAD~10' })).results[0].path; // 'test/reply.test.js'
 */
export async function getCoChangePrediction(
  ws: Pick<Workspace, 'repo' | 'store'>,
  file: string,
  options: LocateOptions = {},
): Promise<CoChangeAnswer> {
  const row = await ensureScanned(ws.repo, ws.store, options.until);
  return {
    file,
    commit: row.snapshot_commit!,
    results: await predictCoChangesFor(ws, row, file, options.limit ?? 10),
  };
}
