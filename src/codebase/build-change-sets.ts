/**
 * Change sets from the commit graph (DESIGN.md): each commit on the first-parent line is one change set; a merge
 * brings in every commit reachable from it that no earlier change set brought in (its merged branch).
 */

export interface GraphCommit {
  readonly parents: readonly string[];
  readonly authorTime: number;
  readonly commitTime: number;
}

export interface ChangeSetShape {
  readonly sha: string;
  readonly isMerge: boolean;
  /** Commits brought in, the change set's own commit included. */
  readonly commits: readonly string[];
  /** Earliest author time among them, Unix seconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

/**
 * `firstParentLine` lists the first-parent commits newest first (as `git rev-list --first-parent` prints them);
 * `graph` holds the commits being added. Commits outside `graph` are already owned by earlier change sets.
 * Returns the change sets oldest first.
 */
export function buildChangeSets(
  firstParentLine: readonly string[],
  graph: ReadonlyMap<string, GraphCommit>,
): ChangeSetShape[] {
  const claimed = new Set<string>();
  const out: ChangeSetShape[] = [];
  for (let i = firstParentLine.length - 1; i >= 0; i -= 1) {
    const sha = firstParentLine[i]!;
    const node = graph.get(sha);
    if (!node) continue;
    claimed.add(sha);
    const commits = [sha];
    let startedAt = node.authorTime;
    const stack = node.parents.slice(1);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (claimed.has(next)) continue;
      const parent = graph.get(next);
      if (!parent) continue;
      claimed.add(next);
      commits.push(next);
      if (parent.authorTime < startedAt) startedAt = parent.authorTime;
      for (const p of parent.parents) if (!claimed.has(p)) stack.push(p);
    }
    out.push({ sha, isMerge: node.parents.length > 1, commits, startedAt, finishedAt: node.commitTime });
  }
  return out;
}
