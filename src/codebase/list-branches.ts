/**
 * The branches of a repository (local, then remote-tracking), newest commit first: what a review can compare.
 */
import { runGit } from './git.js';
import type { RepositoryHandle } from './open-repository.js';

export interface BranchRef {
  /** Short name: `main`, `feature/x`, `origin/main`. */
  readonly name: string;
  readonly commit: string;
  /** Committer time of the tip, Unix seconds. */
  readonly committedAt: number;
  readonly subject: string;
  readonly remote: boolean;
}

/** Branches (at most `limit`, default 200), newest tip first; symbolic refs such as origin/HEAD are left out. */
export async function listBranches(repo: RepositoryHandle, limit = 200): Promise<BranchRef[]> {
  const out = await runGit(
    [
      'for-each-ref',
      '--sort=-committerdate',
      `--count=${limit}`,
      '--format=%(refname)%00%(objectname)%00%(committerdate:unix)%00%(symref)%00%(subject)',
      'refs/heads',
      'refs/remotes',
    ],
    { gitDir: repo.gitDir },
  );
  const branches: BranchRef[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [ref = '', commit = '', at = '0', symref = '', subject = ''] = line.split('\0');
    if (symref !== '') continue;
    const remote = ref.startsWith('refs/remotes/');
    const name = ref.replace(/^refs\/(heads|remotes)\//, '');
    branches.push({ name, commit, committedAt: Number(at) || 0, subject, remote });
  }
  return branches;
}

/** The branch checked out, or null (detached HEAD). */
export async function loadCurrentBranch(repo: RepositoryHandle): Promise<string | null> {
  const out = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { gitDir: repo.gitDir }).catch(
    () => '',
  );
  return out.trim() === '' ? null : out.trim();
}
