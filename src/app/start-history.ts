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
import { CommitOrder, startCommitList, startMergeDiffs, startNewestFirst } from '../codebase/mine-history.js';
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
  /** The commits to read, newest first, as `git rev-list` lists them. */
  readonly order: CommitOrder;
  /** Commits to read. */
  readonly total: number;
  /** The commits with their own diffs newest first, started at once (readFromBothEnds reads both ends). */
  readonly newest: GitStream;
  /** The same oldest first, for a long history on more than one core; null when `newest` reads them all. */
  readonly oldest: GitStream | null;
  /** The first-parent merges' diffs against their first parent (parseMergeStream). */
  readonly merges: GitStream;
  /** Kills the git processes that have not finished. */
  stop(): void;
}

/**
 * Starts git on the commits reachable from `target` and not from `last`: one process reading them newest first and
 * one for the first-parent merges' diffs at once, then, once `git rev-list` has listed the commits, for a long
 * history a third reading them oldest first. The two meet where their costs balance (readFromBothEnds); the first
 * does not wait for the list (about 75 ms on fastify).
 */
export async function startHistory(
  gitDir: string,
  target: string,
  last: string | null,
): Promise<StartedHistory> {
  const exclude = last === null ? [] : [last];
  const merges = startMergeDiffs(gitDir, target, exclude);
  const newest = startNewestFirst(gitDir, target, exclude);
  let listed: string;
  try {
    listed = await runGit(['rev-list', target, ...exclude.map((sha) => `^${sha}`)], { gitDir });
  } catch (error) {
    merges.stop();
    newest.stop();
    throw error;
  }
  const order = new CommitOrder(listed);
  const oldest =
    order.total >= BOTH_ENDS_MIN_COMMITS && availableParallelism() > 1
      ? startCommitList(gitDir, order.reversed())
      : null;
  return {
    gitDir,
    target,
    last,
    order,
    total: order.total,
    newest,
    oldest,
    merges,
    stop: () => {
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
    return target === null ? null : await startHistory(repo.gitDir, target, null);
  } catch {
    return null;
  }
}
