/**
 * `tpo locate` and co-change predictions: the localization model of a scanned repository, fitted on its own older
 * history and cached in the store per scanned commit (and in memory for a long-running server).
 */
import { TpoError } from '../domain/index.js';
import { decodeLocateIndex, encodeLocateIndex, Locator, type PredictedCoChange } from '../judgment/index.js';
import {
  loadLocateFits,
  loadLocateModel,
  loadRepoByRoot,
  saveLocateModel,
  type RepoRow,
} from '../store/index.js';
import { ensureScanned } from './code-model.js';
import { getLocateAnswer, reviveFit, type LocateAnswer, type LocateOptions } from './locate-answer.js';
import { buildLocatorFromGit, buildLocatorInWorker, encodeFit } from './locate-build.js';
import type { Workspace } from './open-workspace.js';

const cache = new Map<string, Locator>();
/** Models being built, by the same key as `cache`. */
const pending = new Map<string, Promise<Locator>>();

/**
 * The localization model of the repository at its scanned commit: from memory, else from the store, else built
 * from git (history up to the scanned commit only) and saved.
 */
export async function loadLocator(
  ws: Pick<Workspace, 'repo' | 'store'>,
  row: RepoRow,
  options: { readonly signal?: AbortSignal; readonly thread?: boolean } = {},
): Promise<Locator> {
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
    building = buildLocator(ws, row, commit, options.signal, options.thread).finally(() =>
      pending.delete(key),
    );
    pending.set(key, building);
  }
  const locator = await building;
  if (!cache.has(key)) {
    if (cache.size > 4) cache.clear();
    cache.set(key, locator);
  }
  return locator;
}

/**
 * Makes the served repository's model ready before a request needs it (a server calls it once it listens, so the
 * dashboard's first ranking does not wait for a fit). Resolves to whether there was a scanned repository to prepare.
 * The model is built in a worker thread, so the server answers other requests meanwhile; `signal` stops it (a
 * server stopping), and requests waiting on that build fail with it.
 */
export async function prepareLocator(
  ws: Pick<Workspace, 'repo' | 'store'>,
  signal?: AbortSignal,
): Promise<boolean> {
  if (ws.repo.root === '') return false;
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row || row.snapshot_commit === null) return false;
  await loadLocator(ws, row, { signal, thread: true });
  return true;
}

/**
 * The model of `commit`: from the store, else built from git (in a worker thread with `thread`, so a server keeps
 * answering meanwhile) and saved there.
 */
async function buildLocator(
  ws: Pick<Workspace, 'repo' | 'store'>,
  row: RepoRow,
  commit: string,
  signal?: AbortSignal,
  thread = false,
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
    const fits = await loadLocateFits(ws.store.db, row.id);
    const built = thread
      ? await buildLocatorInWorker(row.git_dir, commit, fits, signal)
      : await buildLocatorFromGit(row.git_dir, commit, fits, signal);
    locator = built.locator;
    await saveLocateModel(ws.store.db, {
      repo_id: row.id,
      commit_sha: commit,
      change_sets: built.changeSets,
      fit: built.encoded?.fit ?? encodeFit(locator),
      index_data: built.encoded?.index ?? encodeLocateIndex(locator.index),
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
