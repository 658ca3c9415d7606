/**
 * Row types of the store, as Kysely sees them. One schema for SQLite and PostgreSQL: times are Unix epoch
 * seconds (bigint), booleans are integers 0/1, lists and records are JSON text.
 */
import type { Generated } from 'kysely';

export interface ReposTable {
  id: Generated<number>;
  root: string;
  name: string;
  git_dir: string;
  /** The revision the user asked for (e.g. HEAD or a branch), as given. */
  head_ref: string | null;
  /** The last commit whose history is fully in the store. */
  last_commit: string | null;
  /** The commit the `files`, `imports` and `couplings` rows describe. */
  snapshot_commit: string | null;
  /** Start (Unix seconds) of the revision and churn window of the snapshot's files; null: unknown. */
  snapshot_window_start: number | null;
  last_scan_at: number | null;
  is_shallow: number;
  created_at: number;
}

export interface CommitsTable {
  repo_id: number;
  sha: string;
  /** Parent shas separated by spaces. */
  parents: string;
  author_name: string;
  author_email: string;
  author_time: number;
  commit_time: number;
  message: string;
  /** The first-parent change set that brought this commit in. */
  change_set: string | null;
}

export interface ChangesTable {
  repo_id: number;
  sha: string;
  path: string;
  old_path: string | null;
  status: string;
  added: number | null;
  deleted: number | null;
  /** 1 for rows of a first-parent merge's diff against its first parent, 0 for a commit's own diff. */
  merge_diff: number;
}

/**
 * All-time totals per (path, author) of commits' own diffs (merge_diff = 0 rows of changes), kept with the history
 * they sum: written in the history's transaction, rebuilt from the changes on a rewind.
 */
export interface PathAuthorsTable {
  repo_id: number;
  /** Path as it was at the time of the commits (renames not followed). */
  path: string;
  author_name: string;
  author_email: string;
  commits: number;
  added: number;
  deleted: number;
  first_time: number;
  last_time: number;
}

export interface ChangeSetsTable {
  repo_id: number;
  sha: string;
  seq: number;
  is_merge: number;
  author_name: string;
  author_email: string;
  message: string;
  started_at: number;
  finished_at: number;
  commit_count: number;
  file_count: number;
  added: number;
  deleted: number;
}

/** Measures of one blob's content, read as `language` ('' when unknown): the cache that makes rescans incremental. */
export interface BlobMetricsTable {
  blob: string;
  language: string;
  /** Exclusion decided from the content (generated header, minified), or null. */
  excluded: string | null;
  binary: number;
  lines: number;
  loc: number;
  complexity: number;
  cyclomatic: number | null;
  /** JSON `{ imports, declaredPackage }` from the language's parser, or null when tpo has no parser for it. */
  imports: string | null;
  /** JSON: TODO/FIXME/HACK/XXX markers as [{ line, kind, text }]. */
  markers: string;
}

export interface FilesTable {
  repo_id: number;
  path: string;
  blob: string;
  size: number;
  language: string | null;
  excluded: string | null;
  loc: number;
  complexity: number;
  cyclomatic: number | null;
  revisions: number;
  churn: number;
  total_revisions: number;
  /** JSON: [{ name, email, added, share }], largest share first. */
  authors: string;
  main_author: string | null;
  main_author_share: number;
  first_commit_time: number | null;
  last_commit_time: number | null;
}

export interface ImportsTable {
  repo_id: number;
  from_path: string;
  to_path: string;
  specifier: string;
  /** 1-based line of the import; null in snapshots saved before migration 0006. */
  line: number | null;
}

/** An import of a package from outside the repository (migration 0006). */
export interface ExternalImportsTable {
  repo_id: number;
  from_path: string;
  package_name: string;
  specifier: string;
  line: number;
}

export interface UnresolvedImportsTable {
  repo_id: number;
  from_path: string;
  specifier: string;
  reason: string;
}

export interface CouplingsTable {
  repo_id: number;
  a: string;
  b: string;
  shared: number;
  revs_a: number;
  revs_b: number;
  degree: number;
}

export interface ScansTable {
  id: Generated<number>;
  repo_id: number;
  kind: string;
  status: string;
  from_commit: string | null;
  to_commit: string | null;
  started_at: number;
  finished_at: number | null;
  notice: string | null;
  /** JSON of the scan summary once done. */
  summary: string | null;
  error: string | null;
}

/** A backlog's home; items are numbered per workspace (T-1, T-2 …). */
export interface WorkspacesTable {
  id: Generated<number>;
  name: string;
  /** The n of the next T-n id. */
  next_item_number: number;
  created_at: number;
}

export interface ItemsTable {
  id: Generated<number>;
  workspace_id: number;
  /** The item id users see, e.g. T-42. */
  key: string;
  title: string;
  description: string;
  kind: string;
  status: string;
  reach: number | null;
  impact: number | null;
  confidence: number | null;
  effort: number | null;
  business_value: number | null;
  time_criticality: number | null;
  risk_reduction: number | null;
  requester: string | null;
  /** YYYY-MM-DD. */
  target_date: string | null;
  tracker: string | null;
  external_key: string | null;
  external_url: string | null;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
  updated_at: number;
  version: number;
}

export interface ItemTagsTable {
  item_id: number;
  position: number;
  tag: string;
}

export interface ItemAreasTable {
  item_id: number;
  position: number;
  pattern: string;
}

/** blocker must be done before blocked. */
export interface ItemDependenciesTable {
  blocker_id: number;
  blocked_id: number;
}

export interface ItemStatusChangesTable {
  id: Generated<number>;
  item_id: number;
  from_status: string | null;
  to_status: string;
  at: number;
}

/** The commit that introduced a debt marker's line (git blame), by path, blob and line. */
export interface MarkerOriginsTable {
  repo_id: number;
  path: string;
  blob: string;
  line: number;
  /** Null when git could not say (the line is then left undated, and not asked again for this blob). */
  commit_sha: string | null;
  author_name: string | null;
  author_time: number | null;
}

/** An API token of the HTTP server: its SHA-256 and role, never the token itself. */
export interface ApiTokensTable {
  id: Generated<number>;
  /** A label for people ("ci", "alice's laptop"). */
  name: string;
  role: string;
  /** Hex SHA-256 of the whole token. */
  hash: string;
  /** The token's first characters, to recognise it in a list. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** How a workspace works (migration 0010); a workspace without a row has the defaults. */
export interface WorkspaceSettingsTable {
  workspace_id: number;
  /** scrum, kanban or hybrid. */
  cadence: string;
  /** JSON { "<status>": <limit> }. */
  wip_limits: string;
  updated_at: number;
}

export interface SprintsTable {
  id: Generated<number>;
  workspace_id: number;
  name: string;
  /** YYYY-MM-DD, both days included; null for a sprint an import named without dates. */
  start_day: string | null;
  end_day: string | null;
  /** Person-days; null: the members' availability adds up to the capacity. */
  capacity_days: number | null;
  /** JSON [{ name, days }]. */
  members: string;
  goal: string | null;
  started_at: number | null;
  tracker: string | null;
  created_at: number;
}

/** An item committed to a sprint, with the size it was committed at (person-days). */
export interface SprintItemsTable {
  sprint_id: number;
  item_id: number;
  position: number;
  size_days: number;
  stated_days: number | null;
  /** 1 when the item counted at its technical size. */
  technical: number;
  added_at: number;
}

/** The localization model at a scanned commit (migration 0003): fitted settings and the index, both JSON. */
export interface LocateModelsTable {
  repo_id: number;
  commit_sha: string;
  /** First-parent change sets up to and including the commit. */
  change_sets: number;
  fit: string;
  /** The index as a binary document (encode-locate-index.ts); null for a model saved before migration 0011. */
  index_data: Uint8Array | null;
  created_at: number;
}

/** A repository of a workspace (migration 0007): a local path or a clone URL. */
export interface WorkspaceReposTable {
  id: Generated<number>;
  workspace_id: number;
  /** Unique in the workspace; the prefix of item areas that name this repository (`api:src/**`). */
  name: string;
  /** 'path' or 'url'. */
  kind: string;
  /** The absolute path of the repository's top folder, or the clone URL. */
  source: string;
  /** The scanned code model (`repos.id`), null until a scan wrote one. */
  repo_id: number | null;
  created_at: number;
}

export interface Database {
  repos: ReposTable;
  commits: CommitsTable;
  changes: ChangesTable;
  path_authors: PathAuthorsTable;
  change_sets: ChangeSetsTable;
  blob_metrics: BlobMetricsTable;
  files: FilesTable;
  imports: ImportsTable;
  external_imports: ExternalImportsTable;
  unresolved_imports: UnresolvedImportsTable;
  couplings: CouplingsTable;
  scans: ScansTable;
  workspaces: WorkspacesTable;
  items: ItemsTable;
  item_tags: ItemTagsTable;
  item_areas: ItemAreasTable;
  item_dependencies: ItemDependenciesTable;
  item_status_changes: ItemStatusChangesTable;
  marker_origins: MarkerOriginsTable;
  api_tokens: ApiTokensTable;
  workspace_settings: WorkspaceSettingsTable;
  sprints: SprintsTable;
  sprint_items: SprintItemsTable;
  locate_models: LocateModelsTable;
  workspace_repos: WorkspaceReposTable;
}
