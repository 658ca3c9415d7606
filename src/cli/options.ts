/**
 * Options every command shares, and the one way commands open the workspace.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Workspace } from '../app/index.js';
import { assertCalendarDate, TpoError } from '../domain/index.js';
import { staleScanNotice } from './stale-scan-notice.js';

export interface CommonOptions {
  readonly repo?: string;
  readonly db?: string;
  readonly json?: boolean;
}

/** Adds --repo, --db and --json to a command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--repo <path>', 'the git repository (default: the current directory)')
    .option(
      '--db <file|url>',
      'the store: a SQLite file or a postgres:// URL (default: $TPO_DATABASE_URL, else .tpo/tpo.db in the repository)',
    )
    .option('--json', 'print JSON instead of text');
}

/** Opens the workspace for a command, runs `fn`, and always closes the store. */
export async function withWorkspace<T>(
  options: CommonOptions,
  fn: (ws: Workspace) => Promise<T>,
): Promise<T> {
  // Loaded here rather than at start-up: a command that answers without the store (tpo locate from its cache)
  // does not pay for the query builder.
  const [{ openWorkspace }, { setReadingListener }, { createReadingProgress }] = await Promise.all([
    import('../app/open-workspace.js'),
    import('../app/code-model.js'),
    import('./progress.js'),
  ]);
  // An answer from a scan older than HEAD is right for that commit, not for the work tree: say so once, on stderr.
  // Work done before answering (a scan --until needs, the model's first fit) shows progress when it takes long.
  const told = new Set<string>();
  const progress = createReadingProgress({ isTerminal: process.stderr.isTTY === true });
  setReadingListener({
    staleScan: ({ scanned, head }) => {
      if (told.has(scanned)) return;
      told.add(scanned);
      process.stderr.write(staleScanNotice(scanned, head));
    },
    progress: (p) => progress.update(p),
  });
  const ws = await openWorkspace({
    ...(options.repo ? { repo: options.repo } : {}),
    ...(options.db ? { db: options.db } : {}),
  });
  try {
    return await fn(ws);
  } finally {
    progress.stop();
    setReadingListener({});
    await ws.close();
  }
}

/** Parses a positive integer option, or throws a one-line usage error. */
export function parsePositiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidArgumentError(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

/** A ranking scheme option (`--scheme`), or a one-line usage error. */
export function parseScheme(value: string): 'rice' | 'wsjf' {
  if (value !== 'rice' && value !== 'wsjf')
    throw new TpoError('Invalid', `--scheme must be rice or wsjf, got "${value}"`);
  return value;
}

/** A YYYY-MM-DD day as Unix seconds: its first second, or its last with `end`; a one-line usage error otherwise. */
export function parseDay(flag: string, value: string, end = false): number {
  assertCalendarDate(flag, value);
  return Date.parse(`${value}T00:00:00Z`) / 1000 + (end ? 86_399 : 0);
}
