/**
 * Scans on a queue, for a team: the server queues them (on demand, on a schedule, on a webhook) and `tpo worker`
 * processes on any number of machines take them, at most one per repository at a time. The queue is pg-boss on
 * the store's PostgreSQL. A worker keeps extending its job's lease while it scans; a worker that dies stops
 * extending it, and once the lease runs out the job is retried (with backoff) by whichever worker is free. A scan
 * writes its history and its snapshot each in one transaction, so a killed scan leaves nothing half-written.
 */
import os from 'node:os';
import { isTpoError, TpoError } from '../domain/index.js';
import { openJobQueue, type JobQueue, type JobState, type QueuedJob, type Store } from '../store/index.js';
import type { ScanProgress, ScanSummary } from './scan.js';
import {
  getRepoCacheDir,
  getWorkspaceRepo,
  listWorkspaceRepos,
  scanWorkspaceRepo,
} from './workspace-repos.js';

/** The queue of repository scans; its jobs carry a ScanJobData. */
export const SCAN_QUEUE = 'tpo-scan';
/** The schedule's queue: each of its jobs queues a scan of every workspace repository. */
export const SCAN_ALL_QUEUE = 'tpo-scan-all';

export type ScanRequestReason = 'api' | 'webhook' | 'schedule' | 'cli';

interface ScanJobData {
  readonly workspaceRepoId: number;
  readonly repo: string;
  readonly reason: ScanRequestReason;
}

/** What a worker records in its running job (and what a finished job keeps). */
interface ScanJobOutput {
  readonly worker?: string;
  readonly phase?: ScanProgress['phase'] | null;
  readonly done?: number;
  readonly total?: number | null;
  readonly summary?: ScanSummary;
  readonly skipped?: string;
  readonly message?: string;
  readonly value?: { readonly message?: string };
}

export type QueuedScanState = JobState;

/** A scan job as the API and the dashboard show it. */
export interface QueuedScan {
  /** pg-boss's job id (a UUID). */
  readonly id: string;
  /** The workspace repository's id and name. */
  readonly repoId: number;
  readonly repo: string;
  readonly reason: ScanRequestReason;
  /** created (waiting), active (running), retry (failed, waiting to run again), completed, failed, cancelled. */
  readonly state: QueuedScanState;
  /** Attempts started so far (0 while it has never run). */
  readonly attempts: number;
  /** Attempts allowed in all (the first and its retries). */
  readonly maxAttempts: number;
  /** Unix milliseconds. */
  readonly createdAt: number;
  /** When it may run (next attempt of a job in retry), Unix milliseconds. */
  readonly runAfter: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The worker (host:pid) running it, or that ran it last. */
  readonly worker: string | null;
  readonly phase: ScanProgress['phase'] | null;
  readonly done: number | null;
  readonly total: number | null;
  readonly summary: ScanSummary | null;
  /** Why the last attempt failed (a job in retry or failed), or why it was skipped. */
  readonly error: string | null;
}

export interface ScanQueueOptions {
  /** The store's postgres:// URL. */
  readonly url: string;
  /** Schema of the queue's tables: TPO_QUEUE_SCHEMA, default `pgboss`. */
  readonly schema?: string;
  /** Seconds without a lease extension after which a running scan counts as failed: TPO_SCAN_LEASE_SECONDS, 60. */
  readonly leaseSeconds?: number;
  /** Retries after the first attempt: TPO_SCAN_RETRIES, default 3. */
  readonly retryLimit?: number;
  /** Seconds before the first retry, doubled for each next one: TPO_SCAN_RETRY_DELAY_SECONDS, default 10. */
  readonly retryDelaySeconds?: number;
  /** This process sends the schedule's jobs (the server). */
  readonly schedule?: boolean;
  readonly onError?: (error: Error) => void;
}

export interface EnqueueResult {
  readonly job: QueuedScan;
  /** False when a scan of the repository was already waiting: that one is returned, and will read the new commits. */
  readonly queued: boolean;
}

export interface ScanQueue {
  readonly leaseSeconds: number;
  /** The job queue underneath (workers fetch from it). */
  readonly jobs: JobQueue;
  /** Queues a scan of a workspace repository (by id or name). */
  enqueue(store: Store, repo: number | string, reason: ScanRequestReason): Promise<EnqueueResult>;
  /** Queues a scan of every workspace repository. */
  enqueueAll(store: Store, reason: ScanRequestReason): Promise<EnqueueResult[]>;
  /** Jobs, newest first (completed and failed ones for a week). */
  list(options?: { readonly repoId?: number; readonly limit?: number }): Promise<QueuedScan[]>;
  get(id: string): Promise<QueuedScan>;
  /** Queues scans of every repository on each tick of a cron expression (UTC), or stops doing so (null). */
  setSchedule(cron: string | null): Promise<void>;
  /** Takes scheduled ticks and queues their scans, until stop (the server does this). */
  followSchedule(store: Store, options?: { readonly pollMs?: number }): void;
  stop(): Promise<void>;
}

function readNumber(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new TpoError('Invalid', `${name} must be a whole number of at least ${min}, got "${value}".`, {
      name,
    });
  return n;
}

/** The queue settings from the environment (TPO_QUEUE_SCHEMA, TPO_SCAN_LEASE_SECONDS, TPO_SCAN_RETRIES, ...). */
export function getScanQueueSettings(
  env: NodeJS.ProcessEnv = process.env,
): Pick<ScanQueueOptions, 'schema' | 'leaseSeconds' | 'retryLimit' | 'retryDelaySeconds'> {
  const lease = readNumber(env, 'TPO_SCAN_LEASE_SECONDS', 3);
  const retries = readNumber(env, 'TPO_SCAN_RETRIES', 0);
  const delay = readNumber(env, 'TPO_SCAN_RETRY_DELAY_SECONDS', 1);
  return {
    ...(env.TPO_QUEUE_SCHEMA ? { schema: env.TPO_QUEUE_SCHEMA } : {}),
    ...(lease !== undefined ? { leaseSeconds: lease } : {}),
    ...(retries !== undefined ? { retryLimit: retries } : {}),
    ...(delay !== undefined ? { retryDelaySeconds: delay } : {}),
  };
}

function getErrorMessage(output: ScanJobOutput | null): string | null {
  if (!output) return null;
  if (typeof output.message === 'string') return output.message;
  if (typeof output.value?.message === 'string')
    return output.value.message === 'job failed by timeout in active state'
      ? 'the worker stopped extending its lease (it died or lost the database); the scan is retried'
      : output.value.message;
  return output.skipped ?? null;
}

function toQueuedScan(job: QueuedJob<ScanJobData>): QueuedScan {
  const output = (job.output && typeof job.output === 'object' ? job.output : null) as ScanJobOutput | null;
  const running = job.state === 'active';
  const finished = job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled';
  return {
    id: job.id,
    repoId: job.data.workspaceRepoId,
    repo: job.data.repo,
    reason: job.data.reason,
    state: job.state,
    attempts: job.startedOn === null ? 0 : job.retryCount + 1,
    maxAttempts: job.retryLimit + 1,
    createdAt: job.createdOn,
    runAfter: job.startAfter,
    startedAt: job.startedOn,
    finishedAt: finished ? job.completedOn : null,
    worker: output?.worker ?? null,
    phase: running ? (output?.phase ?? null) : null,
    done: running ? (output?.done ?? null) : null,
    total: running ? (output?.total ?? null) : null,
    summary: output?.summary ?? null,
    error: running || job.state === 'completed' ? (output?.skipped ?? null) : getErrorMessage(output),
  };
}

const WAITING: readonly JobState[] = ['created', 'retry'];

/**
 * Connects to the scan queue (creating pg-boss's tables and the queues on first use).
 * @example
 * const queue = await openScanQueue({ url: process.env.TPO_DATABASE_URL!, ...getScanQueueSettings() });
 * await queue.enqueue(store, 'api', 'api');
 */
export async function openScanQueue(options: ScanQueueOptions): Promise<ScanQueue> {
  const jobs = await openJobQueue({
    url: options.url,
    leaseSeconds: options.leaseSeconds ?? 60,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
    ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
    ...(options.schedule !== undefined ? { schedule: options.schedule } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  try {
    await jobs.ensureQueue(SCAN_QUEUE, 'stately');
    await jobs.ensureQueue(SCAN_ALL_QUEUE, 'stately');
  } catch (error) {
    await jobs.stop();
    throw error;
  }
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();

  const enqueue = async (
    store: Store,
    repo: number | string,
    reason: ScanRequestReason,
  ): Promise<EnqueueResult> => {
    const target = await getWorkspaceRepo(store, repo);
    const key = `repo-${target.id}`;
    const current = await jobs.findJobs<ScanJobData>({
      queue: SCAN_QUEUE,
      singletonKey: key,
      states: ['created', 'retry', 'active'],
      includeArchive: false,
    });
    // A scan that waits reads the repository when it starts, so it covers what this request is about.
    const waiting = current.find((j) => WAITING.includes(j.state));
    if (waiting) return { job: toQueuedScan(waiting), queued: false };
    const data: ScanJobData = { workspaceRepoId: target.id, repo: target.name, reason };
    // Behind a running scan of the same repository, the new one waits at the back: pg-boss takes jobs in order,
    // and one that may not start yet would hold up the others (see docs/deploy.md).
    const id = await jobs.send(
      SCAN_QUEUE,
      { ...data },
      {
        singletonKey: key,
        priority: current.length > 0 ? -1 : 0,
      },
    );
    if (id === null) {
      // Queued by someone else between our look and our send.
      const [other] = await jobs.findJobs<ScanJobData>({
        queue: SCAN_QUEUE,
        singletonKey: key,
        states: WAITING,
        includeArchive: false,
      });
      if (other) return { job: toQueuedScan(other), queued: false };
      throw new TpoError('Busy', `could not queue a scan of ${target.name}; try again.`, {
        repo: target.name,
      });
    }
    const job = await jobs.getJob<ScanJobData>(SCAN_QUEUE, id);
    return { job: toQueuedScan(job!), queued: true };
  };

  const queue: ScanQueue = {
    leaseSeconds: jobs.leaseSeconds,
    jobs,
    enqueue,
    async enqueueAll(store, reason) {
      const results: EnqueueResult[] = [];
      for (const repo of await listWorkspaceRepos(store)) results.push(await enqueue(store, repo.id, reason));
      return results;
    },
    async list(listOptions = {}) {
      const found = await jobs.findJobs<ScanJobData>({
        queue: SCAN_QUEUE,
        ...(listOptions.repoId !== undefined ? { singletonKey: `repo-${listOptions.repoId}` } : {}),
        limit: listOptions.limit ?? 100,
      });
      return found.map(toQueuedScan);
    },
    async get(id) {
      const job = /^[0-9a-f-]{36}$/i.test(id) ? await jobs.getJob<ScanJobData>(SCAN_QUEUE, id) : null;
      if (!job) throw new TpoError('NotFound', `no scan job ${id}; GET /api/v1/jobs lists them.`, { id });
      return toQueuedScan(job);
    },
    async setSchedule(cron) {
      if (cron === null) return jobs.unschedule(SCAN_ALL_QUEUE);
      if (cron.trim().split(/\s+/).length !== 5)
        throw new TpoError(
          'Invalid',
          `the scan schedule "${cron}" is not a cron expression of 5 fields (minute hour day month weekday), e.g. "0 * * * *" for every hour.`,
        );
      await jobs.schedule(SCAN_ALL_QUEUE, cron);
    },
    followSchedule(store, followOptions = {}) {
      const poll = async (): Promise<void> => {
        try {
          const tick = await jobs.fetch(SCAN_ALL_QUEUE);
          if (tick) {
            const results = await queue.enqueueAll(store, 'schedule');
            await jobs.complete(SCAN_ALL_QUEUE, tick.id, { queued: results.filter((r) => r.queued).length });
          }
        } catch (error) {
          options.onError?.(error as Error);
        }
        if (!stopped) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            void poll();
          }, followOptions.pollMs ?? 10_000);
          timers.add(timer);
        }
      };
      void poll();
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await jobs.stop();
    },
  };
  return queue;
}

export type ScanWorkerEvent =
  | { readonly kind: 'started'; readonly job: QueuedScan }
  | { readonly kind: 'done'; readonly job: QueuedScan; readonly summary: ScanSummary }
  | { readonly kind: 'skipped'; readonly job: QueuedScan; readonly reason: string }
  | { readonly kind: 'failed'; readonly job: QueuedScan; readonly error: string }
  | { readonly kind: 'lease-lost'; readonly job: QueuedScan }
  | { readonly kind: 'error'; readonly error: string };

export interface ScanWorkerOptions {
  /** Scans at once in this process (default 1). Each scan also runs git processes of its own. */
  readonly concurrency?: number;
  /** Where clones of URL repositories live (default getRepoCacheDir()). */
  readonly cacheDir?: string;
  /** Shown in the jobs it runs (default host:pid). */
  readonly name?: string;
  /** How often an idle slot looks for a job, ms (default 1000). */
  readonly pollMs?: number;
  readonly onEvent?: (event: ScanWorkerEvent) => void;
}

export interface ScanWorker {
  readonly name: string;
  /** Scans running now. */
  running(): number;
  /** Takes no more jobs, waits for the running scans to finish. */
  stop(): Promise<void>;
}

/**
 * Takes scan jobs from the queue and runs them in this process until stopped.
 * @example
 * const worker = startScanWorker(queue, store, { concurrency: 2 });
 * process.on('SIGTERM', () => void worker.stop());
 */
export function startScanWorker(queue: ScanQueue, store: Store, options: ScanWorkerOptions = {}): ScanWorker {
  const name = options.name ?? `${os.hostname()}:${process.pid}`;
  const cacheDir = options.cacheDir ?? getRepoCacheDir();
  const pollMs = options.pollMs ?? 1000;
  const emit = (event: ScanWorkerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener must not stop the worker.
    }
  };
  // The queue's own connection does the job bookkeeping; the scans write through the store.
  const { jobs } = queue;
  let stopping = false;
  let active = 0;
  const sleepers = new Set<() => void>();

  const runJob = async (raw: QueuedJob<ScanJobData>, jobQueue: JobQueue): Promise<void> => {
    let job = toQueuedScan(raw);
    let progress: ScanJobOutput = { worker: name, phase: null, done: 0, total: null };
    emit({ kind: 'started', job: { ...job, worker: name } });
    let leaseLost = false;
    /** Extends the lease of this attempt; false once it is lost (then the job is no longer this worker's). */
    const extend = async (): Promise<boolean> => {
      if (leaseLost) return false;
      try {
        const held = await jobQueue.extendLease(SCAN_QUEUE, raw.id, raw.retryCount, { ...progress });
        if (!held) {
          leaseLost = true;
          emit({ kind: 'lease-lost', job });
        }
        return held;
      } catch (error) {
        emit({
          kind: 'error',
          error: `could not extend the lease of job ${raw.id}: ${(error as Error).message}`,
        });
        return true;
      }
    };
    await extend();
    const heartbeat = setInterval(() => void extend(), Math.max(1000, (jobQueue.leaseSeconds * 1000) / 3));
    let lastPhase: string | null = null;
    try {
      const summary = await scanWorkspaceRepo(store, raw.data.workspaceRepoId, {
        cacheDir,
        onProgress: (p) => {
          progress = { worker: name, phase: p.phase, done: p.done, total: p.total };
          // A new phase shows at once; counts within a phase go out with the next lease extension.
          if (p.phase !== lastPhase) {
            lastPhase = p.phase;
            void extend();
          }
        },
      });
      clearInterval(heartbeat);
      // A lease that ran out meanwhile made the job another attempt's: completing it would end that one.
      if (!(await extend())) return;
      await jobQueue.complete(SCAN_QUEUE, raw.id, { worker: name, summary });
      job = { ...job, state: 'completed', summary };
      emit({ kind: 'done', job, summary });
    } catch (error) {
      clearInterval(heartbeat);
      const message = error instanceof Error ? error.message : String(error);
      if (!(await extend())) return;
      if (isTpoError(error) && error.code === 'NotFound') {
        // The repository left the workspace after the job was queued: retrying would not help.
        await jobQueue.complete(SCAN_QUEUE, raw.id, { worker: name, skipped: message });
        emit({ kind: 'skipped', job, reason: message });
      } else {
        await jobQueue.fail(SCAN_QUEUE, raw.id, { message, worker: name });
        emit({ kind: 'failed', job, error: message });
      }
    } finally {
      clearInterval(heartbeat);
    }
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  const slot = async (): Promise<void> => {
    while (!stopping) {
      let raw: QueuedJob<ScanJobData> | null = null;
      try {
        raw = await jobs.fetch<ScanJobData>(SCAN_QUEUE);
      } catch (error) {
        emit({ kind: 'error', error: `could not take a job: ${(error as Error).message}` });
      }
      if (!raw) {
        await sleep(pollMs);
        continue;
      }
      active += 1;
      try {
        await runJob(raw, jobs);
      } catch (error) {
        emit({ kind: 'error', error: `job ${raw.id}: ${(error as Error).message}` });
      } finally {
        active -= 1;
      }
    }
  };

  const slots = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, () => slot());
  const all = Promise.allSettled(slots);
  return {
    name,
    running: () => active,
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await all;
    },
  };
}
