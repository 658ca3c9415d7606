/**
 * The job queue on PostgreSQL: a thin, typed face over pg-boss 10 (its tables live in a schema of their own).
 * Workers fetch, extend their lease while they work, then complete or fail a job; pg-boss's maintenance fails a
 * job whose lease ran out (its worker died) and puts it back for retry with backoff.
 *
 * Two things pg-boss 10 has no API for are done with one statement each on its `job` table: extending the lease
 * of a running job (and recording its progress in `output` meanwhile), and listing jobs for people. Both only
 * touch rows of our own queues. Check them when moving to another pg-boss major version.
 */
import { TpoError } from '../domain/index.js';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface QueuedJob<T = Record<string, unknown>> {
  readonly id: string;
  readonly queue: string;
  readonly data: T;
  readonly state: JobState;
  readonly singletonKey: string | null;
  readonly priority: number;
  /** Attempts that already ran and failed (0 on the first run). */
  readonly retryCount: number;
  readonly retryLimit: number;
  /** Unix milliseconds. */
  readonly createdOn: number;
  readonly startAfter: number;
  readonly startedOn: number | null;
  readonly completedOn: number | null;
  /** Progress while active, the result once completed, the error while retrying or once failed. */
  readonly output: unknown;
}

export interface JobQueueOptions {
  /** A postgres:// URL. */
  readonly url: string;
  /** Schema of the queue's tables (default `pgboss`). */
  readonly schema?: string;
  /** Seconds a job may run without its worker extending the lease; then it counts as failed (default 120). */
  readonly leaseSeconds?: number;
  /** Retries after the first attempt (default 3). */
  readonly retryLimit?: number;
  /** Seconds before the first retry; doubled (with jitter) for each next one (default 10). */
  readonly retryDelaySeconds?: number;
  /** How often this process runs pg-boss's maintenance (expiry, archiving), seconds (default lease / 4, 1-60). */
  readonly maintenanceSeconds?: number;
  /** Run maintenance in this process (default true; only one process runs it at a time). */
  readonly supervise?: boolean;
  /** Send scheduled jobs from this process (default false: the server does). */
  readonly schedule?: boolean;
  readonly onError?: (error: Error) => void;
}

export interface SendJobOptions {
  /** At most one job per key waits in the queue and one runs (the queue's policy must be `stately`). */
  readonly singletonKey?: string;
  /** Higher runs first (default 0). */
  readonly priority?: number;
}

export interface FindJobsOptions {
  readonly queue: string;
  readonly singletonKey?: string;
  readonly states?: readonly JobState[];
  /** Newest first; default 100. */
  readonly limit?: number;
  /** Also completed and failed jobs pg-boss has archived (default true). */
  readonly includeArchive?: boolean;
}

export interface JobQueue {
  /** The lease a job gets, in seconds. */
  readonly leaseSeconds: number;
  /** Creates the queue if it does not exist yet; `stately`: one waiting and one running job per singleton key. */
  ensureQueue(name: string, policy: 'standard' | 'stately'): Promise<void>;
  /** Queues a job; null when one with the same singleton key already waits. */
  send(queue: string, data: Record<string, unknown>, options?: SendJobOptions): Promise<string | null>;
  /** Takes the next job that may run, or null. */
  fetch<T>(queue: string): Promise<QueuedJob<T> | null>;
  /**
   * Extends the lease of a running job's attempt (`retryCount` as fetched) by `leaseSeconds` from now and records
   * its progress; false when that attempt no longer runs (its lease ran out, and maybe another worker retries it).
   */
  extendLease(
    queue: string,
    id: string,
    retryCount: number,
    progress: Record<string, unknown>,
  ): Promise<boolean>;
  complete(queue: string, id: string, output: Record<string, unknown>): Promise<void>;
  fail(queue: string, id: string, error: { message: string; [key: string]: unknown }): Promise<void>;
  getJob<T>(queue: string, id: string): Promise<QueuedJob<T> | null>;
  findJobs<T>(options: FindJobsOptions): Promise<QueuedJob<T>[]>;
  /** Sends `queue` a job on every tick of `cron` (5 fields, UTC); at most one process sends each tick. */
  schedule(queue: string, cron: string): Promise<void>;
  unschedule(queue: string): Promise<void>;
  stop(): Promise<void>;
}

interface JobRow {
  id: string;
  name: string;
  data: unknown;
  state: JobState;
  singleton_key: string | null;
  priority: number;
  retry_count: number;
  retry_limit: number;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: unknown;
}

const COLUMNS =
  'id, name, data, state, singleton_key, priority, retry_count, retry_limit, created_on, start_after, started_on, completed_on, output';

function toJob<T>(row: JobRow): QueuedJob<T> {
  return {
    id: row.id,
    queue: row.name,
    data: row.data as T,
    state: row.state,
    singletonKey: row.singleton_key,
    priority: row.priority,
    retryCount: row.retry_count,
    retryLimit: row.retry_limit,
    createdOn: row.created_on.getTime(),
    startAfter: row.start_after.getTime(),
    startedOn: row.started_on?.getTime() ?? null,
    completedOn: row.completed_on?.getTime() ?? null,
    output: row.output,
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects to the queue, creating or upgrading pg-boss's tables on first use.
 * @example
 * const queue = await openJobQueue({ url: 'postgres://tpo@db/tpo', leaseSeconds: 60 });
 * await queue.ensureQueue('tpo-scan', 'stately');
 */
export async function openJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const schema = options.schema ?? 'pgboss';
  if (!SCHEMA_NAME.test(schema))
    throw new TpoError(
      'Invalid',
      `"${schema}" cannot name the queue's schema: use lower-case letters, digits and "_".`,
    );
  const leaseSeconds = options.leaseSeconds ?? 120;
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({
    connectionString: options.url,
    schema,
    max: 4,
    application_name: 'tpo',
    supervise: options.supervise ?? true,
    schedule: options.schedule ?? false,
    maintenanceIntervalSeconds:
      options.maintenanceSeconds ?? Math.min(60, Math.max(1, Math.round(leaseSeconds / 4))),
    expireInSeconds: leaseSeconds,
    retryLimit: options.retryLimit ?? 3,
    retryDelay: options.retryDelaySeconds ?? 10,
    retryBackoff: true,
    // Finished jobs stay listed for a week (archived after a day), then pg-boss deletes them.
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 24 * 3600,
    deleteAfterDays: 7,
  });
  boss.on('error', (error: Error) => options.onError?.(error));
  try {
    await boss.start();
  } catch (error) {
    throw new TpoError(
      'StoreFailed',
      `cannot start the job queue on PostgreSQL: ${(error as Error).message}`,
      {},
      { cause: error },
    );
  }
  const db = boss.getDb();
  const query = async <R>(text: string, values: unknown[] = []): Promise<R[]> =>
    (await db.executeSql(text, values)).rows as R[];
  const jobDefaults = {
    retryLimit: options.retryLimit ?? 3,
    retryDelay: options.retryDelaySeconds ?? 10,
    retryBackoff: true,
    expireInSeconds: leaseSeconds,
  };

  const getJob = async <T>(queue: string, id: string): Promise<QueuedJob<T> | null> => {
    const rows = await query<JobRow>(
      `SELECT ${COLUMNS} FROM ${schema}.job WHERE name = $1 AND id = $2
       UNION ALL SELECT ${COLUMNS} FROM ${schema}.archive WHERE name = $1 AND id = $2`,
      [queue, id],
    );
    return rows[0] ? toJob<T>(rows[0]) : null;
  };

  return {
    leaseSeconds,
    getJob,
    async ensureQueue(name, policy) {
      // Processes starting together (a server and its workers) may create the queue at the same moment; pg-boss
      // then reports a duplicate or a deadlock to all but one of them, so look again and retry.
      for (let attempt = 1; ; attempt += 1) {
        if (await boss.getQueue(name)) return;
        try {
          await boss.createQueue(name, { name, policy, ...jobDefaults });
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
        }
      }
    },
    async send(queue, data, sendOptions = {}) {
      return boss.send(queue, data, {
        ...jobDefaults,
        ...(sendOptions.singletonKey !== undefined ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions.priority !== undefined ? { priority: sendOptions.priority } : {}),
      });
    },
    async fetch<T>(queue: string) {
      const jobs = await boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true });
      const job = jobs[0];
      return job ? await getJob<T>(queue, job.id) : null;
    },
    async extendLease(queue, id, retryCount, progress) {
      const rows = await query(
        `UPDATE ${schema}.job SET expire_in = (now() - started_on) + make_interval(secs => $3), output = $4::jsonb
         WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $5 RETURNING id`,
        [queue, id, leaseSeconds, JSON.stringify(progress), retryCount],
      );
      return rows.length === 1;
    },
    async complete(queue, id, output) {
      await boss.complete(queue, id, output);
    },
    async fail(queue, id, error) {
      await boss.fail(queue, id, error);
    },
    async findJobs<T>(find: FindJobsOptions) {
      const where = ['name = $1'];
      const values: unknown[] = [find.queue];
      if (find.singletonKey !== undefined) {
        values.push(find.singletonKey);
        where.push(`singleton_key = $${values.length}`);
      }
      if (find.states !== undefined) {
        values.push(find.states);
        where.push(`state::text = ANY($${values.length}::text[])`);
      }
      values.push(find.limit ?? 100);
      const clause = where.join(' AND ');
      const rows = await query<JobRow>(
        `SELECT * FROM (
           SELECT ${COLUMNS} FROM ${schema}.job WHERE ${clause}
           ${find.includeArchive === false ? '' : `UNION ALL SELECT ${COLUMNS} FROM ${schema}.archive WHERE ${clause}`}
         ) j ORDER BY created_on DESC, id LIMIT $${values.length}`,
        values,
      );
      return rows.map((row) => toJob<T>(row));
    },
    async schedule(queue, cron) {
      await boss.schedule(queue, cron, {}, { tz: 'UTC' });
    },
    async unschedule(queue) {
      await boss.unschedule(queue);
    },
    async stop() {
      await boss.stop({ graceful: false, close: true, wait: true, timeout: 5000 });
    },
  };
}
