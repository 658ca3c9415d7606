/**
 * What a branch or pull request changes: the merge base, the diff from it to the head with the blobs on both
 * sides, and the authors of the branch's commits. Reads git objects only, so bare repositories work.
 */
import { TpoError } from '../domain/index.js';
import { runGit } from './git.js';
import { parseDiffWithBlobs, type FileChangeWithBlobs } from './mine-history.js';
import type { RepositoryHandle } from './open-repository.js';

export interface BranchChange {
  readonly base: string;
  readonly head: string;
  /** The best common ancestor of base and head: what the head is compared against (as `git diff base...head`). */
  readonly mergeBase: string;
  readonly changes: readonly FileChangeWithBlobs[];
  /**
   * Authors (after .mailmap) of the commits reachable from head and not from base, most commits first, then the
   * co-authors named in their `Co-authored-by:` trailers.
   */
  readonly authors: readonly string[];
  /** Messages (subjects) of those commits, newest first. */
  readonly messages: readonly string[];
  /** Every commit reachable from head and not from base, merges included. */
  readonly commits: readonly string[];
}

/** The merge base of two commits; throws when they share no history. */
export async function getMergeBase(repo: RepositoryHandle, a: string, b: string): Promise<string> {
  try {
    return (await runGit(['merge-base', a, b], { gitDir: repo.gitDir })).trim();
  } catch (error) {
    throw new TpoError(
      'Invalid',
      `${a.slice(0, 12)} and ${b.slice(0, 12)} share no history: review a branch against the branch it started from.`,
      { a, b },
      { cause: error },
    );
  }
}

/**
 * Reads the change of `head` against `base` (commits, resolved by the caller), as a pull request shows it.
 *
 * @example
 * const change = await readBranchChange(repo, baseSha, headSha);
 * change.changes.map((c) => c.path);
 */
export async function readBranchChange(
  repo: RepositoryHandle,
  base: string,
  head: string,
): Promise<BranchChange> {
  const mergeBase = await getMergeBase(repo, base, head);
  const diff = await runGit(
    [
      'diff',
      '-z',
      '--raw',
      '--numstat',
      '-M',
      '--no-abbrev',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      mergeBase,
      head,
      '--',
    ],
    { gitDir: repo.gitDir },
  );
  const log = await runGit(['log', '--format=%H%x1f%P%x1f%aN%x1f%B%x1e', `${mergeBase}..${head}`, '--'], {
    gitDir: repo.gitDir,
  });
  const coAuthors = new Set<string>();
  const commits: string[] = [];
  const counts = new Map<string, number>();
  const messages: string[] = [];
  for (const record of log.split('\x1e')) {
    const trimmed = record.replace(/^\n/, '');
    if (trimmed === '') continue;
    const [sha = '', parents = '', author = '', body = ''] = trimmed.split('\x1f');
    commits.push(sha);
    // Merges (syncing the branch with its base) say nothing about who wrote the change.
    if (parents.includes(' ')) continue;
    counts.set(author, (counts.get(author) ?? 0) + 1);
    messages.push(body.split('\n')[0] ?? '');
    for (const m of body.matchAll(/^co-authored-by:\s*(.+?)\s*<[^>]*>\s*$/gim)) coAuthors.add(m[1]!);
  }
  return {
    base,
    head,
    mergeBase,
    changes: parseDiffWithBlobs(diff),
    authors: [
      ...[...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name),
      ...[...coAuthors].filter((name) => !counts.has(name)).sort(),
    ],
    messages,
    commits,
  };
}
