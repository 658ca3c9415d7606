/**
 * Change sets from the commit graph (DESIGN.md): each commit on the first-parent line is one change set; a merge
 * brings in every commit reachable from it that no earlier change set brought in (its merged branch).
 *
 * The graph is compact (typed arrays indexed by an interned commit number) because a scan keeps it for the whole
 * history: about 100 bytes a commit, so a million commits fit in about 100 MB.
 */

const NONE = -1;

/** The commits a scan reads, with what change sets need of them. */
export class CommitGraph {
  private readonly ids = new Map<string, number>();
  private readonly shas: string[] = [];
  private known = new Uint8Array(1024);
  private firstParent = new Int32Array(1024).fill(NONE);
  private authorTimes = new Float64Array(1024);
  private commitTimes = new Float64Array(1024);
  /** Parents after the first, for merges only. */
  private readonly otherParents = new Map<number, number[]>();
  /** Per commit: files, lines added, lines deleted of its own diff. */
  private sizes = new Int32Array(3 * 1024);
  private readCount = 0;

  /** Commits added with `add` (parents seen only as parents do not count). */
  get size(): number {
    return this.readCount;
  }

  private intern(sha: string): number {
    let id = this.ids.get(sha);
    if (id === undefined) {
      id = this.shas.length;
      // A fresh copy: a slice of git's output would keep the whole output record alive.
      const copy = Buffer.from(sha, 'latin1').toString('latin1');
      this.ids.set(copy, id);
      this.shas.push(copy);
      if (id >= this.known.length) this.grow();
    }
    return id;
  }

  private grow(): void {
    const n = this.known.length * 2;
    const known = new Uint8Array(n);
    known.set(this.known);
    this.known = known;
    const fp = new Int32Array(n).fill(NONE);
    fp.set(this.firstParent);
    this.firstParent = fp;
    const at = new Float64Array(n);
    at.set(this.authorTimes);
    this.authorTimes = at;
    const ct = new Float64Array(n);
    ct.set(this.commitTimes);
    this.commitTimes = ct;
    const sizes = new Int32Array(3 * n);
    sizes.set(this.sizes);
    this.sizes = sizes;
  }

  add(commit: {
    readonly sha: string;
    readonly parents: readonly string[];
    readonly authorTime: number;
    readonly commitTime: number;
    readonly files: number;
    readonly added: number;
    readonly deleted: number;
  }): void {
    const id = this.intern(commit.sha);
    const parents = commit.parents.map((p) => this.intern(p));
    if (this.known[id] === 0) this.readCount += 1;
    this.known[id] = 1;
    this.firstParent[id] = parents[0] ?? NONE;
    if (parents.length > 1) this.otherParents.set(id, parents.slice(1));
    this.authorTimes[id] = commit.authorTime;
    this.commitTimes[id] = commit.commitTime;
    this.sizes[3 * id] = commit.files;
    this.sizes[3 * id + 1] = commit.added;
    this.sizes[3 * id + 2] = commit.deleted;
  }

  has(sha: string): boolean {
    const id = this.ids.get(sha);
    return id !== undefined && this.known[id] === 1;
  }

  /** First parent of a commit read by the scan, or null (root, or a parent outside the graph). */
  firstParentOf(sha: string): string | null {
    const id = this.ids.get(sha);
    if (id === undefined || this.known[id] === 0) return null;
    const parent = this.firstParent[id]!;
    return parent === NONE ? null : this.shas[parent]!;
  }

  isMerge(sha: string): boolean {
    const id = this.ids.get(sha);
    return id !== undefined && this.otherParents.has(id);
  }

  sizeOf(sha: string): { files: number; added: number; deleted: number } {
    const id = this.ids.get(sha)!;
    return { files: this.sizes[3 * id]!, added: this.sizes[3 * id + 1]!, deleted: this.sizes[3 * id + 2]! };
  }

  /** The first-parent line from `head`, newest first, down to the first commit outside the graph. */
  firstParentLine(head: string): { line: string[]; stoppedAt: string | null } {
    const line: string[] = [];
    let id = this.ids.get(head);
    while (id !== undefined && id !== NONE && this.known[id] === 1) {
      line.push(this.shas[id]!);
      id = this.firstParent[id];
    }
    return { line, stoppedAt: id === undefined || id === NONE ? null : this.shas[id]! };
  }

  /** @internal for buildChangeSets */
  idOf(sha: string): number | undefined {
    return this.ids.get(sha);
  }

  /** @internal */
  node(id: number): {
    known: boolean;
    parents: number[];
    authorTime: number;
    commitTime: number;
    sha: string;
  } {
    const fp = this.firstParent[id]!;
    return {
      known: this.known[id] === 1,
      parents: fp === NONE ? [] : [fp, ...(this.otherParents.get(id) ?? [])],
      authorTime: this.authorTimes[id]!,
      commitTime: this.commitTimes[id]!,
      sha: this.shas[id]!,
    };
  }
}

export interface ChangeSetShape {
  readonly sha: string;
  readonly isMerge: boolean;
  /** Commits brought in: the change set's own commit first, then those its merge brought in. */
  readonly commits: readonly string[];
  /** Earliest author time among them, Unix seconds. */
  readonly startedAt: number;
  readonly finishedAt: number;
}

/**
 * `firstParentLine` lists the first-parent commits newest first; commits outside `graph` (already scanned, or
 * cut by a shallow clone) are owned by earlier change sets. Yields the change sets oldest first, one at a time,
 * so a million of them never sit in memory together.
 */
export function* buildChangeSets(
  firstParentLine: readonly string[],
  graph: CommitGraph,
): Generator<ChangeSetShape> {
  const claimed = new Set<number>();
  for (let i = firstParentLine.length - 1; i >= 0; i -= 1) {
    const id = graph.idOf(firstParentLine[i]!);
    if (id === undefined) continue;
    const node = graph.node(id);
    if (!node.known) continue;
    claimed.add(id);
    const commits = [node.sha];
    let startedAt = node.authorTime;
    const stack = node.parents.slice(1);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (claimed.has(next)) continue;
      const parent = graph.node(next);
      if (!parent.known) continue;
      claimed.add(next);
      commits.push(parent.sha);
      if (parent.authorTime < startedAt) startedAt = parent.authorTime;
      for (const p of parent.parents) if (!claimed.has(p)) stack.push(p);
    }
    yield {
      sha: node.sha,
      isMerge: node.parents.length > 1,
      commits,
      startedAt,
      finishedAt: node.commitTime,
    };
  }
}
