/**
 * What a review can compare: the repository's branches, the one checked out, and the default base.
 */
import { listBranches, loadCurrentBranch, resolveCommit, type BranchRef } from '../codebase/index.js';
import type { RepositoryHandle } from './open-workspace.js';
import { DEFAULT_BASES } from './review.js';

export interface ReviewBranches {
  /** The branch checked out, or null (detached HEAD, bare repository). */
  readonly current: string | null;
  /** What `tpo review` compares against without a range (origin/HEAD, main, master ...), or null. */
  readonly defaultBase: string | null;
  /** Local, then remote-tracking branches, newest tip first. */
  readonly branches: readonly BranchRef[];
}

/**
 * The branches to pick from for a review.
 * @example
 * const { defaultBase, branches } = await getReviewBranches(ws.repo);
 * await reviewChange(ws.repo, ws.store, { range: `${defaultBase}..${branches[0].name}` });
 */
export async function getReviewBranches(repo: RepositoryHandle): Promise<ReviewBranches> {
  const branches = await listBranches(repo);
  let defaultBase: string | null = null;
  for (const candidate of DEFAULT_BASES) {
    if ((await resolveCommit(repo, candidate).catch(() => null)) !== null) {
      defaultBase = candidate;
      break;
    }
  }
  return { current: await loadCurrentBranch(repo), defaultBase, branches };
}
