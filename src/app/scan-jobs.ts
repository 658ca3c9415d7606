/**
 * Scans in the background, one at a time per repository, with their progress: what `POST /api/v1/scans` starts
 * and the dashboard's scan panel follows. Jobs live in the process that runs them (one server); a scan started
 * meanwhile by `tpo scan` in another process is not seen here, and the store's transactions keep both consistent.
 */
import { TpoError } from '../domain/index.js';
import type { Store } from '../store/index.js';
import { resolveCommit, type RepositoryHandle } from '../codebase/index.js';
import { prepareLocator } from './locate.js';
import { scanRepository, type ScanProgress, type ScanSummary } from './scan.js';

export type ScanJobStatus = 'running' | 'done' | 'failed';

export interface ScanJob {
  /** Increasing within the process. */
  readonly id: number;
  readonly repo: string;
  readonly root: string;
  readonly status: ScanJobStatus;
  /** The phase now running, null before the first progress report. */
  readonly phase: ScanProgress['phase'] | null;
  /** Work done and total in the phase (commits, files or rows); total is null when unknown. */
  readonly done: number;
  readonly total: number | null;
  /** Unix milliseconds. */
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly summary: ScanSummary | null;
  /** What went wrong, for a failed scan. */
  readonly error: string | null;
}

export interface StartScanOptions {
  /** Revision to scan up to (default HEAD). */
  readonly until?: string;
  /** Another connection to the store for the scan to write through (default: the given store). */
  readonly openStore?: () => Promise<Store>;
}

export interface ScanJobs {
  /**
   * Starts a scan of `repo` in the background and resolves once it runs; Busy when one is already running for
   * it, UnknownRevision when `until` names no commit.
   */
  start(repo: RepositoryHandle, store: Store, options?: StartScanOptions): Promise<ScanJob>;
  /** The running or last scan of a repository (by root) since the process started, or null. */
  current(root: string): ScanJob | null;
  /** Calls `listener` with every change of the repository's job; returns the unsubscribe function. */
  subscribe(root: string, listener: (job: ScanJob) => void): () => void;
  /** At shutdown: stops preparing models and resolves when no scan is running. */
  close(): Promise<void>;
}

/** Progress reports closer together than this are folded into the next one (a phase change always goes out). */
const PROGRESS_INTERVAL_MS = 150;

/**
 * Creates the job registry of one process.
 * @example
 * const jobs = createScanJobs();
 * const job = jobs.start(ws.repo, ws.store, { openStore: ws.openStoreConnection });
 * jobs.subscribe(job.root, (j) => console.log(j.phase, j.done, j.total));
 */
export function createScanJobs(): ScanJobs {
  const jobs = new Map<string, ScanJob>();
  const listeners = new Map<string, Set<(job: ScanJob) => void>>();
  const running = new Set<Promise<void>>();
  const preparing = new AbortController();
  let nextId = 1;

  const publish = (job: ScanJob): void => {
    jobs.set(job.root, job);
    for (const listener of listeners.get(job.root) ?? []) {
      try {
        listener(job);
      } catch {
        // A listener that fails (a closed connection) must not stop the scan or the other listeners.
      }
    }
  };

  return {
    async start(repo, store, options = {}) {
      const existing = jobs.get(repo.root);
      if (existing?.status === 'running') {
        throw new TpoError(
          'Busy',
          `a scan of ${repo.name} is already running (job ${existing.id}); follow it or wait for it to finish.`,
          { jobId: existing.id, root: repo.root },
        );
      }
      let job: ScanJob = {
        id: nextId++,
        repo: repo.name,
        root: repo.root,
        status: 'running',
        phase: null,
        done: 0,
        total: null,
        startedAt: Date.now(),
        finishedAt: null,
        summary: null,
        error: null,
      };
      // Taken before the first await, so a second request meanwhile finds the repository busy.
      jobs.set(repo.root, job);
      if (options.until !== undefined) {
        try {
          await resolveCommit(repo, options.until);
        } catch (error) {
          if (existing) jobs.set(repo.root, existing);
          else jobs.delete(repo.root);
          throw error;
        }
      }
      publish(job);
      let lastSent = 0;
      const onProgress = (p: ScanProgress): void => {
        const phaseChanged = p.phase !== job.phase;
        job = { ...job, phase: p.phase, done: p.done, total: p.total };
        const now = Date.now();
        if (phaseChanged || now - lastSent >= PROGRESS_INTERVAL_MS || p.done === p.total) {
          lastSent = now;
          publish(job);
        } else {
          jobs.set(job.root, job);
        }
      };
      const run = (async () => {
        const scanStore = options.openStore ? await options.openStore() : store;
        try {
          const summary = await scanRepository(repo, scanStore, {
            ...(options.until !== undefined ? { until: options.until } : {}),
            onProgress,
          });
          job = { ...job, status: 'done', summary, finishedAt: Date.now() };
        } finally {
          if (scanStore !== store) await scanStore.close();
        }
      })()
        .catch((error: unknown) => {
          job = {
            ...job,
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
            finishedAt: Date.now(),
          };
        })
        .finally(() => {
          publish(job);
          running.delete(run);
          // The new commit's localization model is prepared in a worker thread, as at start-up, so the next
          // ranking does not wait for it (best effort: a model not prepared is built on first use).
          if (job.status === 'done') prepareLocator({ repo, store }, preparing.signal).catch(() => undefined);
        });
      running.add(run);
      return job;
    },
    current(root) {
      return jobs.get(root) ?? null;
    },
    subscribe(root, listener) {
      const set = listeners.get(root) ?? new Set();
      set.add(listener);
      listeners.set(root, set);
      return () => {
        set.delete(listener);
      };
    },
    async close() {
      preparing.abort();
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
