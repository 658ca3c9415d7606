/**
 * `tpo worker`: takes scan jobs from the queue of a team server's PostgreSQL and runs them, until stopped.
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  getRepoCacheDir,
  getScanQueueSettings,
  isPostgresLocation,
  openScanQueue,
  openStoreOnly,
  startScanWorker,
  type ScanWorkerEvent,
} from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import { formatDuration, formatNumber } from '../render.js';

interface WorkerCliOptions {
  readonly database?: string;
  readonly db?: string;
  readonly concurrency: number;
  readonly cacheDir?: string;
  readonly name?: string;
  readonly json?: boolean;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new InvalidArgumentError(`--concurrency must be a whole number from 1 to 64, got "${value}"`);
  return n;
}

function describeEvent(event: ScanWorkerEvent): string {
  switch (event.kind) {
    case 'started':
      return `scanning ${event.job.repo} (job ${event.job.id}, attempt ${event.job.attempts} of ${event.job.maxAttempts}, ${event.job.reason})`;
    case 'done':
      return `scanned ${event.job.repo}: ${event.summary.kind}, ${formatNumber(event.summary.commits)} commits, ${formatNumber(event.summary.files)} files (${formatDuration(event.summary.durationMs)})`;
    case 'skipped':
      return `skipped job ${event.job.id}: ${event.reason}`;
    case 'failed':
      return `scan of ${event.job.repo} failed (job ${event.job.id}; retried while attempts remain): ${event.error}`;
    case 'lease-lost':
      return `lost the lease of job ${event.job.id} (${event.job.repo}): another worker may retry it`;
    case 'error':
      return `error: ${event.error}`;
  }
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'take scan jobs from the queue a "tpo serve --database postgres://..." fills, and run them until Ctrl+C',
    )
    .option('--database <url>', 'the team store: a postgres:// URL (default: $TPO_DATABASE_URL)')
    .option('--db <url>', 'the same as --database')
    .option('--concurrency <n>', 'scans at once in this process (each also runs git)', parseConcurrency, 1)
    .option(
      '--cache-dir <dir>',
      'where clones of URL repositories live (default: $TPO_CACHE_DIR, else ~/.cache/tpo/repos)',
    )
    .option('--name <name>', 'how jobs name this worker (default: host:pid)')
    .option('--json', 'print one JSON object per event instead of text')
    .action(async (options: WorkerCliOptions) => {
      const url = options.database ?? options.db ?? (process.env.TPO_DATABASE_URL || undefined);
      if (url === undefined || !isPostgresLocation(url))
        throw new TpoError(
          'Invalid',
          'a worker takes jobs from a PostgreSQL store: pass --database postgres://user@host:5432/db (or set TPO_DATABASE_URL).',
        );
      const store = await openStoreOnly({ db: url });
      const settings = getScanQueueSettings();
      try {
        const queue = await openScanQueue({
          url,
          ...settings,
          onError: (error) => process.stderr.write(`tpo: queue: ${error.message}\n`),
        });
        const log = (event: ScanWorkerEvent): void => {
          if (options.json) process.stdout.write(`${JSON.stringify(event)}\n`);
          else process.stderr.write(`tpo: ${describeEvent(event)}\n`);
        };
        const worker = startScanWorker(queue, store, {
          concurrency: options.concurrency,
          cacheDir: options.cacheDir ?? getRepoCacheDir(),
          ...(options.name !== undefined ? { name: options.name } : {}),
          onEvent: log,
        });
        process.stderr.write(
          `tpo: worker ${worker.name} takes scan jobs from ${store.location} (${options.concurrency} at a time, lease ${queue.leaseSeconds} s); Ctrl+C stops it\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        process.stderr.write(
          `tpo: stopping: ${worker.running()} scan(s) finish first (Ctrl+C again stops at once; their jobs are retried when the lease runs out)\n`,
        );
        const force = (): void => process.exit(130);
        process.once('SIGINT', force);
        process.once('SIGTERM', force);
        await worker.stop();
        await queue.stop();
      } finally {
        await store.close();
      }
    });
}
