/**
 * `tpo serve` (and `tpo start`, what `npm start` runs): scan the repository incrementally, then serve the API and
 * the dashboard until Ctrl+C.
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  countApiTokens,
  getScanQueueSettings,
  isPostgresLocation,
  openScanQueue,
  openServerWorkspace,
  openWorkspace,
  prepareLocator,
  scanRepository,
  type ScanQueue,
} from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import { DEFAULT_HOST, DEFAULT_PORT, isLoopbackHost } from '../../server/address.js';

import { createProgressReporter } from '../progress.js';
import { formatDuration, formatNumber } from '../render.js';

/**
 * Fits the served repository's localization model in the background, so the dashboard's first ranking finds it
 * ready; says so when it takes long. Never rejects: a model that could not be prepared is built on first use.
 */
async function prepareModelAhead(
  ws: Parameters<typeof prepareLocator>[0],
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const slow = setTimeout(
    () =>
      process.stderr.write(
        'tpo: fitting the localization model on the history in the background (the Backlog page waits for it until then)\n',
      ),
    2000,
  );
  try {
    if ((await prepareLocator(ws, signal)) && Date.now() - started >= 2000)
      process.stderr.write(`tpo: localization model ready (${formatDuration(Date.now() - started)})\n`);
  } catch (error) {
    if (!signal.aborted)
      process.stderr.write(
        `tpo: notice: the localization model was not prepared ahead (${(error as Error).message}); it is built on first use\n`,
      );
  } finally {
    clearTimeout(slow);
  }
}

export interface ServeCliOptions {
  readonly port?: number;
  readonly host?: string;
  readonly repo?: string;
  readonly db?: string;
  /** The same as --db (a team server's PostgreSQL). */
  readonly database?: string;
  /** False with --no-scan: serve what the store holds. */
  readonly scan?: boolean;
  /** Cron expression (UTC) of scans of every workspace repository, queued for the workers. */
  readonly schedule?: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

/** Adds the options of `tpo serve` to a command. */
export function withServeOptions(command: Command): Command {
  return command
    .option('--port <n>', `port to listen on (0 picks a free one)`, parsePort, DEFAULT_PORT)
    .option(
      '--host <address>',
      'address to listen on; anything but loopback needs API tokens ("tpo token create")',
      DEFAULT_HOST,
    )
    .option('--repo <path>', 'the git repository (default: the current directory)')
    .option(
      '--db <file|url>',
      'the store: a SQLite file or a postgres:// URL (default: $TPO_DATABASE_URL, else .tpo/tpo.db in the repository)',
    )
    .option(
      '--database <url>',
      'the same as --db; with a postgres:// URL scans go to a queue that "tpo worker" processes take',
    )
    .option('--no-scan', 'serve what the store holds without scanning first')
    .option(
      '--schedule <cron>',
      'with PostgreSQL: queue scans of every workspace repository on this cron schedule, UTC (default: $TPO_SCAN_SCHEDULE, else none), e.g. "0 * * * *"',
    );
}

function formatAddress(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`;
}

/** Scans, serves, prints the address, and returns when the process is asked to stop (Ctrl+C, SIGTERM). */
export async function runServe(options: ServeCliOptions): Promise<void> {
  const host = options.host ?? DEFAULT_HOST;
  const db = options.database ?? options.db ?? (process.env.TPO_DATABASE_URL || undefined);
  // A team server: the store is PostgreSQL, scans go to the queue, and the repositories may live only on workers.
  const team = db !== undefined && isPostgresLocation(db);
  const ws = team
    ? await openServerWorkspace({ db, ...(options.repo ? { repo: options.repo } : {}) })
    : await openWorkspace({
        ...(options.repo ? { repo: options.repo } : {}),
        ...(db ? { db } : {}),
      });
  let queue: ScanQueue | null = null;
  try {
    if (!isLoopbackHost(host) && (await countApiTokens(ws.store)) === 0) {
      throw new TpoError(
        'Invalid',
        `serving on ${host} lets other machines in, so it needs API tokens and none exists: run "tpo token create --role admin" first (or serve on 127.0.0.1).`,
        { host },
      );
    }
    if (team) {
      queue = await openScanQueue({
        url: db,
        ...getScanQueueSettings(),
        schedule: true,
        onError: (error) => process.stderr.write(`tpo: queue: ${error.message}\n`),
      });
      const cron = options.schedule ?? (process.env.TPO_SCAN_SCHEDULE || null);
      await queue.setSchedule(cron);
      queue.followSchedule(ws.store);
      process.stderr.write(
        `tpo: scans go to the queue on ${ws.store.location} for "tpo worker" processes${cron ? `; every repository is queued on "${cron}" (UTC)` : ''}\n`,
      );
    } else if (options.schedule !== undefined) {
      throw new TpoError(
        'Invalid',
        '--schedule queues scans for workers, which needs a PostgreSQL store: add --database postgres://...',
      );
    }
    if (options.scan !== false && !team) {
      const progress = createProgressReporter(true);
      try {
        const s = await scanRepository(ws.repo, ws.store, { onProgress: (p) => progress.update(p) });
        progress.stop();
        process.stderr.write(
          `tpo: scanned ${s.repo} at ${s.headCommit?.slice(0, 12) ?? '(no commits)'}: ${s.kind}, ${formatNumber(s.commits)} commits, ${formatNumber(s.files)} files (${formatDuration(s.durationMs)})\n`,
        );
        for (const notice of s.notices) process.stderr.write(`tpo: notice: ${notice}\n`);
      } finally {
        progress.stop();
      }
    }
    // Loaded here, not at the top: Fastify and its plugins cost every other command ~0.1 s of start-up.
    const { createServer } = await import('../../server/index.js');
    const app = await createServer({ workspace: ws, host, logLevel: 'warn', scanQueue: queue });
    try {
      await app.listen({ host, port: options.port ?? DEFAULT_PORT });
    } catch (error) {
      await app.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new TpoError(
          'Busy',
          `port ${options.port} is in use (another "tpo serve"?); choose another with --port.`,
        );
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
        throw new TpoError('Invalid', `cannot listen on ${host}: it is not an address of this machine.`);
      throw error;
    }
    const address = app.server.address();
    const port =
      typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_PORT);
    const url = formatAddress(host, port);
    process.stdout.write(
      `tpo: dashboard of ${ws.repo.name} at ${url}\n` +
        `tpo: API at ${url}api/v1 (documentation: ${url}api/docs)${isLoopbackHost(host) ? '' : '; every request needs a bearer token'}\n` +
        'tpo: press Ctrl+C to stop\n',
    );
    // The localization model is fitted now, in a worker thread, not on the dashboard's first Backlog load.
    const preparing = new AbortController();
    const prepared = team ? Promise.resolve() : prepareModelAhead(ws, preparing.signal);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stderr.write('tpo: stopping (a running scan finishes first; Ctrl+C again stops at once)\n');
    preparing.abort();
    await app.close();
    await prepared;
  } finally {
    await queue?.stop();
    await ws.close();
  }
}

export function registerServeCommand(program: Command): void {
  withServeOptions(
    program
      .command('serve')
      .description(
        'scan the repository (incrementally), then serve the dashboard and the HTTP API until Ctrl+C; with --database postgres://... scans are queued for "tpo worker" processes instead',
      ),
  ).action(async (options: ServeCliOptions) => {
    await runServe(options);
  });
}
