/**
 * Building the localization model of a commit from git: the first-parent history replayed into the index, and the
 * weights fitted on its newest quarter (or a recent fit reused). In this thread, or in a worker thread
 * (locate-build-worker.ts) for a server that must keep answering while a model is fitted.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readBlobs, readTree } from '../codebase/index.js';
import { TpoError, type TpoErrorCode } from '../domain/index.js';
import {
  decodeLocateIndex,
  encodeLocateIndex,
  getEligibility,
  FIT_SAMPLE,
  Locator,
  MAX_CO_CHANGE_FIT,
  sampleSeeded,
  type HistoryChangeSet,
} from '../judgment/index.js';
import { getReadingListener } from './code-model.js';
import { reviveFit } from './locate-answer.js';
import { attachContents, isTextCandidate, loadFirstParentHistory, readFileText } from './evaluate-history.js';

/** A fit made this many change sets before the scanned commit is reused instead of fitting again. */
const REUSE_FIT_WITHIN = 500;
const SEED = 13;

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
async function trainFromGit(
  gitDir: string,
  history: readonly HistoryChangeSet[],
  signal?: AbortSignal,
): Promise<Locator> {
  const { eligible } = getEligibility(history);
  const pool = eligible.slice(Math.floor(eligible.length * 0.75));
  const fitting = new Set(sampleSeeded(pool, FIT_SAMPLE, SEED + 1));
  const coFitting = new Set(pool.slice(-MAX_CO_CHANGE_FIT));
  const locator = new Locator();
  const report = getReadingListener().progress;
  const CHUNK = 400;
  for (let start = 0; start < history.length; start += CHUNK) {
    signal?.throwIfAborted();
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

/** A model built from git, with the number of change sets it replayed. */
export interface BuiltLocator {
  readonly locator: Locator;
  readonly changeSets: number;
  /** The model as the store keeps it, when a worker thread already encoded it. */
  readonly encoded?: { readonly fit: string; readonly index: Uint8Array };
}

/**
 * Builds the model of `commit` from git: the history up to it replayed, and the fit of `fits` (stored fits, by
 * commit) made at most 500 change sets earlier reused, else weights fitted anew. `signal` stops a fit between
 * chunks of history.
 */
export async function buildLocatorFromGit(
  gitDir: string,
  commit: string,
  fits: readonly { readonly commit: string; readonly fit: string }[],
  signal?: AbortSignal,
): Promise<BuiltLocator> {
  const history = await loadFirstParentHistory(gitDir, commit);
  signal?.throwIfAborted();
  const position = new Map(history.map((cs, i) => [cs.sha, i]));
  const reusable = fits
    .filter((f) => {
      const at = position.get(f.commit);
      return at !== undefined && history.length - 1 - at <= REUSE_FIT_WITHIN;
    })
    .map((f) => reviveFit(f.fit))
    .find((fit) => fit !== null);
  if (!reusable) return { locator: await trainFromGit(gitDir, history, signal), changeSets: history.length };
  const locator = new Locator();
  for (const cs of history) locator.observe(cs);
  await loadSnapshotContents(gitDir, commit, locator);
  locator.fit = reusable;
  return { locator, changeSets: history.length };
}

/** What the worker thread posts back: the model encoded as the store keeps it, or the error. */
export type BuildWorkerMessage =
  | { readonly kind: 'done'; readonly changeSets: number; readonly fit: string; readonly index: Uint8Array }
  | { readonly kind: 'failed'; readonly message: string; readonly code: TpoErrorCode | null };

/** What the worker thread is given. */
export interface BuildWorkerInput {
  readonly gitDir: string;
  readonly commit: string;
  readonly fits: readonly { readonly commit: string; readonly fit: string }[];
}

/** The fit as the store keeps it (JSON has no Infinity). */
export function encodeFit(locator: Locator): string {
  return JSON.stringify(locator.fit, (_k, v: unknown) => (v === Infinity ? null : v));
}

/** The worker's entry, built next to this file; absent when tpo runs from its sources or from a bundle without it. */
const WORKER = ((): URL | null => {
  if (!import.meta.url.endsWith('.js')) return null;
  const url = new URL('./locate-build-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
})();

/**
 * `buildLocatorFromGit` in a worker thread (in this one when there is no worker entry): the fit's CPU (seconds on
 * a large history, some of it in one piece) leaves this thread's event loop free. `signal` ends the thread.
 */
export function buildLocatorInWorker(
  gitDir: string,
  commit: string,
  fits: readonly { readonly commit: string; readonly fit: string }[],
  signal?: AbortSignal,
): Promise<BuiltLocator> {
  if (WORKER === null) return buildLocatorFromGit(gitDir, commit, fits, signal);
  const worker = WORKER;
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    let settled = false;
    const input: BuildWorkerInput = { gitDir, commit, fits };
    const thread = new Worker(worker, { workerData: input });
    const stop = (): void => {
      if (settled) return;
      settled = true;
      reject(signal!.reason as Error);
      void thread.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    const settle = (): void => {
      settled = true;
      signal?.removeEventListener('abort', stop);
    };
    thread.on('message', (message: BuildWorkerMessage) => {
      if (settled) return;
      settle();
      if (message.kind === 'failed') {
        reject(
          message.code === null ? new Error(message.message) : new TpoError(message.code, message.message),
        );
        return;
      }
      const fit = reviveFit(message.fit);
      const index = decodeLocateIndex(message.index);
      if (fit === null || index === null) {
        reject(new Error('the model fitting thread sent back a model this version cannot read'));
        return;
      }
      const locator = new Locator(index);
      locator.fit = fit;
      resolve({
        locator,
        changeSets: message.changeSets,
        encoded: { fit: message.fit, index: message.index },
      });
    });
    thread.on('error', (error) => {
      if (settled) return;
      settle();
      reject(error);
    });
    thread.on('exit', (code) => {
      if (settled) return;
      settle();
      reject(new Error(`the model fitting thread stopped (exit code ${String(code)})`));
    });
  });
}

/** Encodes a built model for the worker's message. */
export function encodeBuilt(built: BuiltLocator): BuildWorkerMessage {
  return {
    kind: 'done',
    changeSets: built.changeSets,
    fit: encodeFit(built.locator),
    index: encodeLocateIndex(built.locator.index),
  };
}
