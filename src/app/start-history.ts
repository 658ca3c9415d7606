/**
 * Starting a scan's history read: git processes that start at once on the commits to read. This module loads git's
 * side only (no store, no query builder), so the scan command can start git on a first scan before it loads and
 * opens the store: the time that takes then overlaps git's work instead of preceding it.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
// The modules themselves, not the codebase barrel: the barrel also loads the parsers and the import resolution,
// tens of milliseconds before git can start.
import { runGit, type GitStream } from '../codebase/git.js';
import {
  CommitOrder,
  startCommitList,
  startMergeDiffs,
  startNewestFirst,
  type HistoryListing,
} from '../codebase/mine-history.js';
import { openRepository, resolveCommit } from '../codebase/open-repository.js';
import { getStoreLocation, isPostgresLocation } from './store-location.js';

/** Histories at least this long are read from both ends by two git processes (each takes a core). */
const BOTH_ENDS_MIN_COMMITS = 2000;

/** A history read under way: git diffs the commits after `last` up to `target`, read by the scan. */
export interface StartedHistory {
  readonly gitDir: string;
  readonly target: string;
  /** The last scanned commit, whose history is not read again; null for all history. */
  readonly last: string | null;
  /** The commits with their own diffs newest first, started at once (readFromBothEnds reads both ends). */
  readonly newest: GitStream;
  /** The first-parent merges' diffs against their first parent (parseMergeStream). */
  readonly merges: GitStream;
  /** The list of commits, and the oldest-first process, once `git rev-list` has listed them (it rejects if git fails). */
  readonly listed: Promise<HistoryListing>;
  /** Kills the git processes that have not finished, and keeps the oldest-first one from starting. */
  stop(): void;
}

/**
 * Starts git on the commits reachable from `target` and not from `last`: one process reading them newest first, one
 * for the first-parent merges' diffs and `git rev-list` at once; for a long history, once rev-list has listed the
 * commits, a third process reads them oldest first. The two meet where their costs balance (readFromBothEnds). No
 * one waits for the list: the newest-first process and the caller's own start-up go on meanwhile (rev-list takes
 * about 0.1 s on fastify).
 */
export function startHistory(gitDir: string, target: string, last: string | null): StartedHistory {
  const exclude = last === null ? [] : [last];
  const merges = startMergeDiffs(gitDir, target, exclude);
  const newest = startNewestFirst(gitDir, target, exclude);
  let stopped = false;
  let oldest: GitStream | null = null;
  const listed = runGit(['rev-list', target, ...exclude.map((sha) => `^${sha}`)], { gitDir }).then(
    (text): HistoryListing => {
      const order = new CommitOrder(text);
      if (!stopped && order.total >= BOTH_ENDS_MIN_COMMITS && availableParallelism() > 1)
        oldest = startCommitList(gitDir, order.reversed());
      return { order, oldest };
    },
  );
  // A read stopped before anyone asks for the list must not report a failed rev-list as unhandled.
  listed.catch(() => undefined);
  return {
    gitDir,
    target,
    last,
    newest,
    merges,
    listed,
    stop: () => {
      stopped = true;
      for (const stream of [newest, oldest, merges]) stream?.stop();
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
    return target === null ? null : startHistory(repo.gitDir, target, null);
  } catch {
    return null;
  }
}
