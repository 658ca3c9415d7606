/**
 * Starting a scan's history read: the commits to read, dealt to git processes that start at once. This module
 * loads git's side only (no store, no query builder), so the scan command can start git on a first scan before it
 * loads and opens the store: the ~0.4 s that takes then overlaps git's work instead of preceding it.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
// The modules themselves, not the codebase barrel: the barrel also loads the parsers and the import resolution,
// tens of milliseconds before git can start.
import { runGit, type GitStream } from '../codebase/git.js';
import { startCommitList, startMergeDiffs } from '../codebase/mine-history.js';
import { openRepository, resolveCommit } from '../codebase/open-repository.js';
import { getStoreLocation, isPostgresLocation } from './store-location.js';

/** Git processes that diff history at once (each takes a core), and the history size worth splitting. */
const HISTORY_PROCESSES = 2;
const PARALLEL_MIN_COMMITS = 2000;

/** Commits dealt to one history process at a time (see splitLines). */
const SHARE_BLOCK = 256;

/** A history read under way: git diffs the commits after `last` up to `target`, read by the scan. */
export interface StartedHistory {
  readonly gitDir: string;
  readonly target: string;
  /** The last scanned commit, whose history is not read again; null for all history. */
  readonly last: string | null;
  /** Commits to read. */
  readonly total: number;
  /** One stream of commits with their own diffs per git process (parseCommitStream reads each). */
  readonly shares: readonly GitStream[];
  /** The first-parent merges' diffs against their first parent (parseMergeStream). */
  readonly merges: GitStream;
  /** Kills the git processes that have not finished. */
  stop(): void;
}

/**
 * Deals `rev-list` output (one sha per line, newest first) into `n` shares, in blocks of SHARE_BLOCK consecutive
 * commits taken in turn. Halves of history are uneven work: on fastify git needed 0.74 s of CPU for the newer half
 * and 0.31 s for the older, so the parallel processes did not finish together. Dealing single commits in turn
 * balances them but costs more in all (1.12 s against 1.05 s), since each process then re-reads the blobs its
 * neighbour's commits already inflated; blocks keep consecutive commits together and balance the shares (0.56 s
 * and 0.45 s, 1.01 s in all).
 */
function splitLines(text: string, n: number): string[] {
  const shares: string[][] = Array.from({ length: n }, () => []);
  let line = 0;
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end + 1;
    if (stop - start > 1) {
      shares[Math.floor(line / SHARE_BLOCK) % n]!.push(text.slice(start, stop));
      line += 1;
    }
    start = stop;
  }
  return shares.map((lines) => lines.join('')).filter((lines) => lines !== '');
}

/**
 * Lists the commits reachable from `target` and not from `last`, and starts git on them: one process per core for
 * a long history, and one for the first-parent merges' diffs.
 */
export async function startHistory(
  gitDir: string,
  target: string,
  last: string | null,
): Promise<StartedHistory> {
  const exclude = last === null ? [] : [last];
  const merges = startMergeDiffs(gitDir, target, exclude);
  let listed: string;
  try {
    listed = await runGit(['rev-list', target, ...exclude.map((sha) => `^${sha}`)], { gitDir });
  } catch (error) {
    merges.stop();
    throw error;
  }
  const total = Math.floor(listed.length / 41);
  const processes =
    total >= PARALLEL_MIN_COMMITS ? Math.max(1, Math.min(HISTORY_PROCESSES, availableParallelism())) : 1;
  const shares = splitLines(listed, processes).map((share) => startCommitList(gitDir, share));
  return {
    gitDir,
    target,
    last,
    total,
    shares,
    merges,
    stop: () => {
      for (const stream of [...shares, merges]) stream.stop();
    },
  };
}

/**
 * The whole history's read for the first scan into a SQLite store that does not exist yet, started before the
 * store is opened (such a scan can only be a full one); null for any other store, or when the repository does not
 * open (the scan then reports why). Pass it to scanRepository as `startedHistory`, and stop it afterwards.
 */
export async function startFirstScanHistory(options: {
  readonly repo?: string;
  readonly db?: string;
  readonly until?: string;
}): Promise<StartedHistory | null> {
  try {
    const repo = await openRepository(options.repo ?? process.cwd());
    const location = getStoreLocation(repo.root, options.db);
    if (isPostgresLocation(location) || existsSync(location)) return null;
    const target = await resolveCommit(repo, options.until ?? 'HEAD');
    return target === null ? null : await startHistory(repo.gitDir, target, null);
  } catch {
    return null;
  }
}
