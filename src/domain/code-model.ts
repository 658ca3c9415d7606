/**
 * The nouns of the code model: what tpo knows about a repository at one scanned commit.
 * Times are Unix epoch seconds; line counts are lines; shares are in [0, 1].
 */

/** A person as git shows them after .mailmap. */
export interface Person {
  readonly name: string;
  readonly email: string;
}

export type ChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C' | 'T';

/** One path changed by one commit (or, for a first-parent merge, by the merge against its first parent). */
export interface FileChange {
  readonly path: string;
  /** The path before a rename or copy (status R or C). */
  readonly oldPath: string | null;
  readonly status: ChangeStatus;
  /** Lines added and deleted; null for binary files. */
  readonly added: number | null;
  readonly deleted: number | null;
}

export interface Commit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly authorTime: number;
  readonly commitTime: number;
  readonly message: string;
  /** The commit's own diff against its parent; empty for merges (their diff lives on the change set). */
  readonly changes: readonly FileChange[];
}

/**
 * The unit of work in history (DESIGN.md): on the first-parent line of the scanned branch, a merge commit's diff
 * against its first parent (a merged pull request) or a single non-merge commit.
 */
export interface ChangeSet {
  readonly sha: string;
  /** Position on the first-parent line, 0 for the oldest. */
  readonly seq: number;
  readonly isMerge: boolean;
  readonly author: Person;
  readonly message: string;
  /** Earliest author time of the commits it brought in (a merged branch's first commit). */
  readonly startedAt: number;
  /** Commit time of the change set's commit (the merge, for a merged branch). */
  readonly finishedAt: number;
  /** Number of commits it brought in (1 for a single commit). */
  readonly commitCount: number;
  readonly changes: readonly FileChange[];
}

export type ExclusionReason =
  'binary' | 'vendored' | 'generated' | 'lockfile' | 'minified' | 'build-output' | 'too-large' | 'symlink';

export interface AuthorShare {
  readonly name: string;
  readonly email: string;
  /** Lines this author added to the file (following renames), over the whole history read. */
  readonly added: number;
  readonly share: number;
}

/** Metrics of one tracked file at the scanned commit. */
export interface FileStats {
  readonly path: string;
  readonly blob: string;
  readonly size: number;
  readonly language: string | null;
  /** Null when the file is tracked but left out of metrics. */
  readonly excluded: ExclusionReason | null;
  /** Lines of code: non-blank lines that are not only a comment. */
  readonly loc: number;
  /** Sum of logical indentation levels over the lines of code (Tornhill's language-neutral complexity). */
  readonly complexity: number;
  /** Cyclomatic complexity from a real parser, where tpo has one for the language. */
  readonly cyclomatic: number | null;
  /** Commits that changed the file within the metrics window (merges excluded, renames followed). */
  readonly revisions: number;
  /** Lines added plus deleted within the window. */
  readonly churn: number;
  /** Revisions over the whole history read. */
  readonly totalRevisions: number;
  readonly authors: readonly AuthorShare[];
  readonly mainAuthor: string | null;
  readonly mainAuthorShare: number;
  readonly firstCommitTime: number | null;
  readonly lastCommitTime: number | null;
}

export interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly specifier: string;
  /** 1-based line of the import in `from`, when known (stores scanned before it was recorded have none). */
  readonly line?: number;
}

/** An import of a package from outside the repository (registry package, standard library). */
export interface ExternalImportRef {
  readonly from: string;
  /** npm package, Node builtin as `node:fs`, Python top-level module, Go import path, Java package. */
  readonly packageName: string;
  readonly specifier: string;
  readonly line: number;
}

export interface UnresolvedImport {
  readonly from: string;
  readonly specifier: string;
  readonly reason: string;
}

export interface Hotspot {
  readonly path: string;
  readonly revisions: number;
  readonly complexity: number;
  readonly loc: number;
  /** revisions / max revisions x complexity / max complexity, in [0, 1]. */
  readonly score: number;
  readonly rank: number;
}

export interface Coupling {
  readonly a: string;
  readonly b: string;
  /** Change sets that touched both files. */
  readonly shared: number;
  readonly revisionsA: number;
  readonly revisionsB: number;
  /** shared / mean(revisionsA, revisionsB), in [0, 1]. */
  readonly degree: number;
  /** shared / revisionsA: how often b changes when a does. */
  readonly confidenceAB: number;
  readonly confidenceBA: number;
}

export interface ModuleKnowledge {
  readonly module: string;
  readonly files: number;
  readonly loc: number;
  /** Fewest authors who together are main authors of at least half the module's lines of code. */
  readonly truckFactor: number;
  readonly truckAuthors: readonly string[];
  /** Lines of code whose main author made no commit in the inactivity window. */
  readonly orphanedLoc: number;
  readonly orphanedShare: number;
}

/** All-time totals of one author's own commits to one path (renames not followed), as the store keeps them. */
export interface PathAuthorTotal {
  /** Path as it was at the time of the commits. */
  readonly path: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly commits: number;
  readonly added: number;
  readonly deleted: number;
  readonly firstTime: number;
  readonly lastTime: number;
}

/** History of one path by one author: the totals and the window's figures, which file stats are built from. */
export interface PathAuthorHistory extends PathAuthorTotal {
  readonly windowCommits: number;
  readonly windowChurn: number;
}
