/**
 * Persistence of the code model: repositories, history, blob metrics and the snapshot at the scanned commit.
 * Functions take a Kysely instance so callers can pass a transaction.
 */
import { SqliteAdapter, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import {
  isBotAuthor,
  mergeAuthorActivity,
  mergeAuthorShares,
  resolveAuthorIdentities,
  type PersonActivity,
  type Coupling,
  type ExclusionReason,
  type ExternalImportRef,
  type FileStats,
  type ImportEdge,
  type PathAuthorHistory,
  type PathAuthorTotal,
  type UnresolvedImport,
} from '../domain/index.js';
import { chunk, insertRows, insertRowsWith } from './batch.js';
import type {
  BlobMetricsTable,
  ChangeSetsTable,
  ChangesTable,
  CommitsTable,
  Database,
  FilesTable,
  PathAuthorsTable,
  ReposTable,
  ScansTable,
} from './schema.js';

export type RepoRow = Selectable<ReposTable>;
export type BlobMetricsRow = Selectable<BlobMetricsTable>;
export type ChangeSetRow = Selectable<ChangeSetsTable>;
export type ScanRow = Selectable<ScansTable>;

export async function loadRepoByRoot(db: Kysely<Database>, root: string): Promise<RepoRow | undefined> {
  return db.selectFrom('repos').selectAll().where('root', '=', root).executeTakeFirst();
}

export async function loadRepos(db: Kysely<Database>): Promise<RepoRow[]> {
  return db.selectFrom('repos').selectAll().orderBy('id').execute();
}

export async function saveNewRepo(
  db: Kysely<Database>,
  repo: { root: string; name: string; gitDir: string; isShallow: boolean; now: number },
): Promise<RepoRow> {
  await db
    .insertInto('repos')
    .values({
      root: repo.root,
      name: repo.name,
      git_dir: repo.gitDir,
      is_shallow: repo.isShallow ? 1 : 0,
      created_at: repo.now,
    })
    .onConflict((oc) => oc.column('root').doNothing())
    .execute();
  const row = await loadRepoByRoot(db, repo.root);
  if (!row) throw new Error(`repository row for ${repo.root} vanished`);
  return row;
}

export async function updateRepo(
  db: Kysely<Database>,
  id: number,
  patch: Partial<
    Pick<
      RepoRow,
      | 'head_ref'
      | 'last_commit'
      | 'snapshot_commit'
      | 'snapshot_window_start'
      | 'last_scan_at'
      | 'is_shallow'
      | 'git_dir'
      | 'name'
    >
  >,
): Promise<void> {
  await db.updateTable('repos').set(patch).where('id', '=', id).execute();
}

export async function saveCommits(db: Kysely<Database>, rows: readonly CommitsTable[]): Promise<void> {
  await insertRows(db, 'commits', rows);
}

export async function saveChanges(db: Kysely<Database>, rows: readonly ChangesTable[]): Promise<void> {
  await insertRows(db, 'changes', rows);
}

/** A change set as the scan computes it; its author and message are its commit's. */
export type ChangeSetFigures = Omit<ChangeSetsTable, 'repo_id' | 'author_name' | 'author_email' | 'message'>;

/**
 * Saves change sets whose commits are already saved, taking each one's author and message from its commit row in
 * the same statement (`insert ... select` from a `values` list joined to commits): the scan does not read them
 * back. Throws if a change set's commit is missing.
 */
export async function saveChangeSetsFromCommits(
  db: Kysely<Database>,
  repoId: number,
  rows: readonly ChangeSetFigures[],
): Promise<void> {
  for (const part of chunk(rows, 1000)) {
    const values = sql.join(
      part.map(
        (r) =>
          sql`(${r.sha}, ${r.seq}, ${r.is_merge}, ${r.started_at}, ${r.finished_at}, ${r.commit_count}, ${r.file_count}, ${r.added}, ${r.deleted})`,
      ),
    );
    // A VALUES list names its columns column1, column2 ... in both databases; PostgreSQL reads its parameters as
    // text, hence the casts.
    const result = await sql`insert into change_sets (repo_id, sha, seq, is_merge, author_name, author_email,
        message, started_at, finished_at, commit_count, file_count, added, deleted)
      select c.repo_id, c.sha, cast(v.column2 as integer), cast(v.column3 as integer), c.author_name,
        c.author_email, c.message, cast(v.column4 as bigint), cast(v.column5 as bigint), cast(v.column6 as integer),
        cast(v.column7 as integer), cast(v.column8 as integer), cast(v.column9 as integer)
      from (values ${values}) as v
      join commits c on c.repo_id = ${repoId} and c.sha = v.column1
      order by cast(v.column2 as integer)`.execute(db);
    if (Number(result.numAffectedRows ?? 0) !== part.length)
      throw new Error(
        `${part.length - Number(result.numAffectedRows ?? 0)} change sets have no saved commit`,
      );
  }
}

/**
 * Marks which change set brought each commit in: one statement per few thousand commits (an `update ... from
 * (values ...)`, which SQLite and PostgreSQL both read), not one per change set.
 */
export async function saveCommitOwners(
  db: Kysely<Database>,
  repoId: number,
  owners: readonly { readonly sha: string; readonly changeSet: string }[],
): Promise<void> {
  for (const part of chunk(owners, 2000)) {
    const pairs = sql.join(part.map((o) => sql`(${o.sha}, ${o.changeSet})`));
    // A VALUES list names its columns column1, column2 ... in both databases.
    await sql`update commits set change_set = v.column2 from (values ${pairs}) as v
      where commits.repo_id = ${repoId} and commits.sha = v.column1`.execute(db);
  }
}

export async function loadMaxSeq(db: Kysely<Database>, repoId: number): Promise<number> {
  const row = await db
    .selectFrom('change_sets')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return row?.max ?? -1;
}

export async function loadChangeSet(
  db: Kysely<Database>,
  repoId: number,
  sha: string,
): Promise<ChangeSetRow | undefined> {
  return db
    .selectFrom('change_sets')
    .selectAll()
    .where('repo_id', '=', repoId)
    .where('sha', '=', sha)
    .executeTakeFirst();
}

/** Deletes the history after change set `seq` (a rewind to an earlier scanned commit). */
export async function deleteHistoryAfter(db: Kysely<Database>, repoId: number, seq: number): Promise<void> {
  const later = db
    .selectFrom('change_sets')
    .select('sha')
    .where('repo_id', '=', repoId)
    .where('seq', '>', seq);
  const laterCommits = db
    .selectFrom('commits')
    .select('sha')
    .where('repo_id', '=', repoId)
    .where('change_set', 'in', later);
  await db.deleteFrom('changes').where('repo_id', '=', repoId).where('sha', 'in', laterCommits).execute();
  await db.deleteFrom('commits').where('repo_id', '=', repoId).where('change_set', 'in', later).execute();
  await db.deleteFrom('change_sets').where('repo_id', '=', repoId).where('seq', '>', seq).execute();
  await rebuildPathAuthorTotals(db, repoId);
}

/** Deletes all history and snapshot rows of a repository (before a full rescan). */
export async function deleteAllHistory(db: Kysely<Database>, repoId: number): Promise<void> {
  for (const table of [
    'changes',
    'commits',
    'change_sets',
    'path_authors',
    'files',
    'imports',
    'external_imports',
    'unresolved_imports',
    'couplings',
    // Marker origins name commits of the old history.
    'marker_origins',
  ] as const) {
    await db.deleteFrom(table).where('repo_id', '=', repoId).execute();
  }
  await updateRepo(db, repoId, { last_commit: null, snapshot_commit: null });
}

/**
 * Prepares a bulk load into empty history tables on SQLite (a first full scan): drops the tables' secondary indexes
 * and returns what rebuilds them, from the definitions SQLite keeps (`sqlite_master`), to run in the same
 * transaction once the rows are in. Building an index once over all rows costs about half of keeping it up to date
 * row by row (29,000 change rows: 67-76 ms against 124-171 ms). Null, with nothing dropped, when a table already
 * holds rows (another repository's: their entries would be rebuilt too) and on PostgreSQL, where dropping an
 * index would lock the table against every other scan until the transaction ends.
 */
export async function suspendSecondaryIndexes(
  db: Kysely<Database>,
  tables: readonly ('changes' | 'commits')[],
): Promise<(() => Promise<void>) | null> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return null;
  for (const table of tables)
    if ((await db.selectFrom(table).select('repo_id').limit(1).executeTakeFirst()) !== undefined) return null;
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select name, sql as definition from sqlite_master
    where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(db);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  return async () => {
    for (const index of indexes) await sql.raw(index.definition).execute(db);
  };
}

/** Cached measures by `${blob}:${language}`. */
export async function loadBlobMetrics(
  db: Kysely<Database>,
  blobs: readonly string[],
): Promise<Map<string, BlobMetricsRow>> {
  const out = new Map<string, BlobMetricsRow>();
  for (const part of chunk([...new Set(blobs)], 900)) {
    const rows = await db.selectFrom('blob_metrics').selectAll().where('blob', 'in', part).execute();
    for (const row of rows) out.set(`${row.blob}:${row.language}`, row);
  }
  return out;
}

export async function saveBlobMetrics(db: Kysely<Database>, rows: readonly BlobMetricsRow[]): Promise<void> {
  for (const part of chunk(rows, 300)) {
    await db
      .insertInto('blob_metrics')
      .values(part)
      .onConflict((oc) => oc.columns(['blob', 'language']).doNothing())
      .execute();
  }
}

/**
 * Adds totals of newly read commits to the stored (path, author) totals: a key already stored gets the sums, the
 * earlier first time and the later last time. Call in the transaction that saves those commits' changes.
 */
export async function savePathAuthorTotals(
  db: Kysely<Database>,
  repoId: number,
  totals: readonly PathAuthorTotal[],
): Promise<void> {
  await insertRowsWith(
    db,
    'path_authors',
    totals.map((t) => ({
      repo_id: repoId,
      path: t.path,
      author_name: t.authorName,
      author_email: t.authorEmail,
      commits: t.commits,
      added: t.added,
      deleted: t.deleted,
      first_time: t.firstTime,
      last_time: t.lastTime,
    })),
    (q) =>
      q.onConflict((oc) =>
        oc.columns(['repo_id', 'path', 'author_name', 'author_email']).doUpdateSet({
          commits: sql`path_authors.commits + excluded.commits`,
          added: sql`path_authors.added + excluded.added`,
          deleted: sql`path_authors.deleted + excluded.deleted`,
          first_time: sql`case when excluded.first_time < path_authors.first_time then excluded.first_time else path_authors.first_time end`,
          last_time: sql`case when excluded.last_time > path_authors.last_time then excluded.last_time else path_authors.last_time end`,
        }),
      ),
  );
}

/** Recomputes a repository's (path, author) totals from its stored changes (after history was cut back). */
export async function rebuildPathAuthorTotals(db: Kysely<Database>, repoId: number): Promise<void> {
  await db.deleteFrom('path_authors').where('repo_id', '=', repoId).execute();
  await sql`insert into path_authors
      (repo_id, path, author_name, author_email, commits, added, deleted, first_time, last_time)
    select c.repo_id, c.path, m.author_name, m.author_email, count(*), coalesce(sum(c.added), 0),
      coalesce(sum(c.deleted), 0), min(m.commit_time), max(m.commit_time)
    from changes c join commits m on m.repo_id = c.repo_id and m.sha = c.sha
    where c.repo_id = ${repoId} and c.merge_diff = 0
    group by c.repo_id, c.path, m.author_name, m.author_email`.execute(db);
}

/**
 * Per (path, author): commits, lines added and deleted, first and last commit time (the stored totals), and the
 * commits and churn since `windowStart` (read from the commits of the window only, by the commit-time index).
 * Only commits' own diffs count (merge diffs would count the same lines twice). Ordered by path, author name and
 * email (code unit order). With `paths`, only those paths' rows (read by path: an incremental scan asks for the few that changed).
 */
export async function loadPathAuthorHistories(
  db: Kysely<Database>,
  repoId: number,
  windowStart: number,
  paths?: readonly string[],
): Promise<PathAuthorHistory[]> {
  const windowRows: {
    path: string;
    author_name: string;
    author_email: string;
    commits: number;
    churn: number;
  }[] = [];
  const totals: Selectable<PathAuthorsTable>[] = [];
  // The window's figures are read from the commits of the window first, then their changes by sha (all paths),
  // or from the given paths' changes first: a cross join fixes that order for SQLite, which would otherwise read
  // every change of the repository by path (PostgreSQL plans it as the inner join it is).
  const windowOf = (from: 'commits' | 'changes', part?: readonly string[]) => {
    let query =
      from === 'commits'
        ? db.selectFrom('commits as m').crossJoin('changes as c')
        : db.selectFrom('changes as c').crossJoin('commits as m');
    if (part) query = query.where('c.path', 'in', part);
    return query
      .whereRef('c.repo_id', '=', 'm.repo_id')
      .whereRef('c.sha', '=', 'm.sha')
      .where('m.repo_id', '=', repoId)
      .where('m.commit_time', '>=', windowStart)
      .where('c.merge_diff', '=', 0)
      .select([
        'c.path',
        'm.author_name',
        'm.author_email',
        sql<number>`count(*)`.as('commits'),
        sql<number>`sum(coalesce(c.added, 0) + coalesce(c.deleted, 0))`.as('churn'),
      ])
      .groupBy(['c.path', 'm.author_name', 'm.author_email'])
      .execute();
  };
  const totalsOf = (part?: readonly string[]) => {
    let query = db.selectFrom('path_authors').selectAll().where('repo_id', '=', repoId);
    if (part) query = query.where('path', 'in', part);
    return query.execute();
  };
  // Rows are appended one by one: a spread (`push(...rows)`) passes each row as an argument, and a large
  // repository's hundreds of thousands of rows overflow the call stack.
  if (paths === undefined) {
    for (const r of await windowOf('commits')) windowRows.push(r);
    for (const r of await totalsOf()) totals.push(r);
  } else {
    for (const part of chunk([...new Set(paths)], 500)) {
      for (const r of await windowOf('changes', part)) windowRows.push(r);
      for (const r of await totalsOf(part)) totals.push(r);
    }
  }
  // One order on both databases whatever their collation (the first email of an author name is the one shown).
  const before = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  totals.sort(
    (x, y) =>
      before(x.path, y.path) ||
      before(x.author_name, y.author_name) ||
      before(x.author_email, y.author_email),
  );
  const window = new Map<string, { commits: number; churn: number }>();
  for (const r of windowRows)
    window.set(`${r.path}\0${r.author_name}\0${r.author_email}`, {
      commits: Number(r.commits),
      churn: Number(r.churn),
    });
  return totals.map((r) => {
    const w = window.get(`${r.path}\0${r.author_name}\0${r.author_email}`);
    return {
      path: r.path,
      authorName: r.author_name,
      authorEmail: r.author_email,
      commits: Number(r.commits),
      added: Number(r.added),
      deleted: Number(r.deleted),
      firstTime: Number(r.first_time),
      lastTime: Number(r.last_time),
      windowCommits: w?.commits ?? 0,
      windowChurn: w?.churn ?? 0,
    };
  });
}

/**
 * What changed in the history since change set `seq`: the shas of the commits the later change sets brought in,
 * and the paths (old and new) of their own diffs. Null when more than `maxChangeSets` came after it (the caller
 * recomputes everything) or when `seq` is unknown.
 */
export async function loadChangesAfter(
  db: Kysely<Database>,
  repoId: number,
  seq: number,
  maxChangeSets: number,
): Promise<{ shas: Set<string>; paths: Set<string> } | null> {
  const later = await db
    .selectFrom('change_sets')
    .select(['sha', 'is_merge'])
    .where('repo_id', '=', repoId)
    .where('seq', '>', seq)
    .limit(maxChangeSets + 1)
    .execute();
  if (later.length > maxChangeSets) return null;
  const shas = new Set<string>();
  for (const s of later) if (s.is_merge === 0) shas.add(s.sha);
  const merges = later.filter((s) => s.is_merge !== 0).map((s) => s.sha);
  for (const part of chunk(merges, 500)) {
    const rows = await db
      .selectFrom('commits')
      .select('sha')
      .where('repo_id', '=', repoId)
      .where('change_set', 'in', part)
      .execute();
    for (const r of rows) shas.add(r.sha);
  }
  const paths = new Set<string>();
  for (const part of chunk([...shas], 500)) {
    const rows = await db
      .selectFrom('changes')
      .select(['path', 'old_path'])
      .where('repo_id', '=', repoId)
      .where('sha', 'in', part)
      .where('merge_diff', '=', 0)
      .execute();
    for (const r of rows) {
      paths.add(r.path);
      if (r.old_path !== null) paths.add(r.old_path);
    }
  }
  return { shas, paths };
}

/** Paths changed (commits' own diffs) by commits whose commit time is in [from, to). */
export async function loadPathsChangedBetween(
  db: Kysely<Database>,
  repoId: number,
  from: number,
  to: number,
): Promise<Set<string>> {
  if (from >= to) return new Set();
  const rows = await db
    .selectFrom('commits as m')
    .crossJoin('changes as c')
    .whereRef('c.repo_id', '=', 'm.repo_id')
    .whereRef('c.sha', '=', 'm.sha')
    .where('m.repo_id', '=', repoId)
    .where('m.commit_time', '>=', from)
    .where('m.commit_time', '<', to)
    .where('c.merge_diff', '=', 0)
    .select('c.path')
    .distinct()
    .execute();
  return new Set(rows.map((r) => r.path));
}

export async function loadRenames(
  db: Kysely<Database>,
  repoId: number,
): Promise<{ from: string; to: string; time: number; sha: string }[]> {
  const rows = await db
    .selectFrom('changes as c')
    .innerJoin('commits as m', (j) => j.onRef('m.repo_id', '=', 'c.repo_id').onRef('m.sha', '=', 'c.sha'))
    .where('c.repo_id', '=', repoId)
    // Written as literals, as the partial index changes_renames is: SQLite uses it only for the same terms.
    .where(sql<boolean>`c.status = 'R' and c.merge_diff = 0`)
    .select(['c.old_path', 'c.path', 'm.commit_time', 'c.sha'])
    .execute();
  return rows.map((r) => ({
    from: r.old_path ?? r.path,
    to: r.path,
    time: Number(r.commit_time),
    sha: r.sha,
  }));
}

/** The people behind the repository's author names, and what each did. */
export interface Authors {
  /** Every author name (after .mailmap) to the name of the person behind it (domain/identities.ts). */
  readonly people: ReadonlyMap<string, string>;
  /** By person: first and last commit, commits, main email (for inactivity). */
  readonly activity: ReadonlyMap<string, PersonActivity>;
}

/** Every (name, email) pair that authored commits, merged into people: one query over the commits. */
export async function loadAuthors(db: Kysely<Database>, repoId: number): Promise<Authors> {
  const rows = await db
    .selectFrom('commits')
    .where('repo_id', '=', repoId)
    .select([
      'author_name',
      'author_email',
      sql<number>`max(commit_time)`.as('last'),
      sql<number>`min(commit_time)`.as('first'),
      sql<number>`count(*)`.as('commits'),
    ])
    .groupBy(['author_name', 'author_email'])
    .execute();
  const pairs = rows.map((r) => ({
    name: r.author_name,
    email: r.author_email,
    first: Number(r.first),
    last: Number(r.last),
    commits: Number(r.commits),
  }));
  const people = resolveAuthorIdentities(pairs);
  return { people, activity: mergeAuthorActivity(pairs, people) };
}

export interface ChangeSetFiles {
  readonly sha: string;
  readonly seq: number;
  readonly finishedAt: number;
  readonly paths: string[];
}

/**
 * The files of each change set (a merge's diff against its first parent, or a commit's own diff), oldest first.
 * Renamed files appear under their new path; `withOldPaths` adds rename sources as well.
 */
export async function loadChangeSetFiles(
  db: Kysely<Database>,
  repoId: number,
  options: { maxFiles?: number; since?: number; withOldPaths?: boolean } = {},
): Promise<ChangeSetFiles[]> {
  // Change sets first (by seq, or by time for a window), then their changes by sha: a cross join keeps SQLite
  // from reading every change of the repository by path (PostgreSQL plans it as the inner join it is).
  let query = db
    .selectFrom('change_sets as s')
    .crossJoin('changes as c')
    .whereRef('c.repo_id', '=', 's.repo_id')
    .whereRef('c.sha', '=', 's.sha')
    .whereRef('c.merge_diff', '=', 's.is_merge')
    .where('s.repo_id', '=', repoId)
    .select(['s.sha', 's.seq', 's.finished_at', 'c.path', 'c.old_path']);
  if (options.maxFiles !== undefined) query = query.where('s.file_count', '<=', options.maxFiles);
  if (options.since !== undefined) query = query.where('s.finished_at', '>=', options.since);
  const rows = await query.orderBy('s.seq').execute();
  const out: ChangeSetFiles[] = [];
  let current: ChangeSetFiles | null = null;
  for (const row of rows) {
    if (current === null || current.sha !== row.sha) {
      current = { sha: row.sha, seq: row.seq, finishedAt: Number(row.finished_at), paths: [] };
      out.push(current);
    }
    current.paths.push(row.path);
    if (options.withOldPaths && row.old_path !== null && row.old_path !== row.path)
      current.paths.push(row.old_path);
  }
  return out;
}

export async function loadChangeSets(db: Kysely<Database>, repoId: number): Promise<ChangeSetRow[]> {
  return db.selectFrom('change_sets').selectAll().where('repo_id', '=', repoId).orderBy('seq').execute();
}

export interface SnapshotRows {
  readonly commit: string;
  /** Start of the revision and churn window the files' figures were computed with (Unix seconds). */
  readonly windowStart: number;
  readonly files: readonly FileStats[];
  /**
   * The files rows stored now (loadFiles), when the caller read them: only rows that differ are then written.
   * Absent: every row is replaced.
   */
  readonly storedFiles?: ReadonlyMap<string, FileStats>;
  readonly imports: readonly ImportEdge[];
  readonly unresolved: readonly UnresolvedImport[];
  /** Imports of packages from outside the repository; absent keeps none. */
  readonly external?: readonly ExternalImportRef[];
  readonly couplings: readonly Coupling[];
}

function fileRow(repoId: number, f: FileStats): Insertable<FilesTable> {
  return {
    repo_id: repoId,
    path: f.path,
    blob: f.blob,
    size: f.size,
    language: f.language,
    excluded: f.excluded,
    loc: f.loc,
    complexity: f.complexity,
    cyclomatic: f.cyclomatic,
    revisions: f.revisions,
    churn: f.churn,
    total_revisions: f.totalRevisions,
    authors: JSON.stringify(f.authors),
    main_author: f.mainAuthor,
    main_author_share: f.mainAuthorShare,
    first_commit_time: f.firstCommitTime,
    last_commit_time: f.lastCommitTime,
  };
}

function sameRow(a: Insertable<FilesTable>, b: Insertable<FilesTable>): boolean {
  for (const key of Object.keys(a) as (keyof Insertable<FilesTable>)[]) if (a[key] !== b[key]) return false;
  return true;
}

/** Replaces the snapshot (files, import graph, couplings) of a repository. Call inside a transaction. */
export async function saveSnapshot(
  db: Kysely<Database>,
  repoId: number,
  snapshot: SnapshotRows,
): Promise<void> {
  for (const table of ['imports', 'external_imports', 'unresolved_imports', 'couplings'] as const) {
    await db.deleteFrom(table).where('repo_id', '=', repoId).execute();
  }
  const stored = snapshot.storedFiles;
  if (stored === undefined) {
    await db.deleteFrom('files').where('repo_id', '=', repoId).execute();
    await insertRows(
      db,
      'files',
      snapshot.files.map((f) => fileRow(repoId, f)),
    );
  } else {
    // Only the rows that differ: a scan after one commit rewrites a few files, not all of them.
    const rows = snapshot.files.map((f) => fileRow(repoId, f));
    const changed = rows.filter((r) => {
      const before = stored.get(r.path);
      return before === undefined || !sameRow(r, fileRow(repoId, before));
    });
    const kept = new Set(rows.map((r) => r.path));
    const gone = [...stored.keys()].filter((p) => !kept.has(p));
    const replaced = changed.filter((r) => stored.has(r.path)).map((r) => r.path);
    for (const part of chunk([...gone, ...replaced], 500))
      await db.deleteFrom('files').where('repo_id', '=', repoId).where('path', 'in', part).execute();
    await insertRows(db, 'files', changed);
  }
  await insertRows(
    db,
    'imports',
    snapshot.imports.map((e) => ({
      repo_id: repoId,
      from_path: e.from,
      to_path: e.to,
      specifier: e.specifier,
      line: e.line ?? null,
    })),
  );
  await insertRows(
    db,
    'external_imports',
    (snapshot.external ?? []).map((e) => ({
      repo_id: repoId,
      from_path: e.from,
      package_name: e.packageName,
      specifier: e.specifier,
      line: e.line,
    })),
  );
  await insertRows(
    db,
    'unresolved_imports',
    snapshot.unresolved.map((u) => ({
      repo_id: repoId,
      from_path: u.from,
      specifier: u.specifier,
      reason: u.reason,
    })),
  );
  await insertRows(
    db,
    'couplings',
    snapshot.couplings.map((c) => ({
      repo_id: repoId,
      a: c.a,
      b: c.b,
      shared: c.shared,
      revs_a: c.revisionsA,
      revs_b: c.revisionsB,
      degree: c.degree,
    })),
  );
  await updateRepo(db, repoId, {
    snapshot_commit: snapshot.commit,
    snapshot_window_start: snapshot.windowStart,
  });
}

/**
 * A file row's author shares by person: as stored unless two of its authors are one person, one has another name,
 * or a bot is its stored main author (a row written before bots were passed over).
 */
function getPeopleShares(
  row: Selectable<FilesTable>,
  people: ReadonlyMap<string, string>,
): Pick<FileStats, 'authors' | 'mainAuthor' | 'mainAuthorShare'> {
  const authors = JSON.parse(row.authors) as FileStats['authors'];
  const asStored =
    authors.every((a) => (people.get(a.name) ?? a.name) === a.name) &&
    (row.main_author === null || !isBotAuthor(row.main_author));
  if (asStored) return { authors, mainAuthor: row.main_author, mainAuthorShare: row.main_author_share };
  return mergeAuthorShares(authors, people);
}

/**
 * The snapshot's files. Their authors are people: the spellings of one person (domain/identities.ts) are added up
 * here, when read, so a store scanned before a new spelling linked two names answers the same as a new scan.
 * `people` (from loadAuthors) saves reading the authors again.
 */
export async function loadFiles(
  db: Kysely<Database>,
  repoId: number,
  people?: ReadonlyMap<string, string>,
): Promise<FileStats[]> {
  const [rows, byName] = await Promise.all([
    db.selectFrom('files').selectAll().where('repo_id', '=', repoId).orderBy('path').execute(),
    people ?? loadAuthors(db, repoId).then((a) => a.people),
  ]);
  return rows.map((r) => ({
    path: r.path,
    blob: r.blob,
    size: Number(r.size),
    language: r.language,
    excluded: r.excluded as ExclusionReason | null,
    loc: r.loc,
    complexity: r.complexity,
    cyclomatic: r.cyclomatic,
    revisions: r.revisions,
    churn: r.churn,
    totalRevisions: r.total_revisions,
    ...getPeopleShares(r, byName),
    firstCommitTime: r.first_commit_time === null ? null : Number(r.first_commit_time),
    lastCommitTime: r.last_commit_time === null ? null : Number(r.last_commit_time),
  }));
}

/** The snapshot's files and the repository's authors, reading the authors once for both. */
export async function loadFilesAndAuthors(
  db: Kysely<Database>,
  repoId: number,
): Promise<Authors & { readonly files: FileStats[] }> {
  const authors = await loadAuthors(db, repoId);
  return { ...authors, files: await loadFiles(db, repoId, authors.people) };
}

export async function loadImports(db: Kysely<Database>, repoId: number): Promise<ImportEdge[]> {
  const rows = await db
    .selectFrom('imports')
    .select(['from_path', 'to_path', 'specifier', 'line'])
    .where('repo_id', '=', repoId)
    .execute();
  return rows.map((r) =>
    r.line === null
      ? { from: r.from_path, to: r.to_path, specifier: r.specifier }
      : { from: r.from_path, to: r.to_path, specifier: r.specifier, line: r.line },
  );
}

/** Imports of packages from outside the repository at the scanned commit, by importing file. */
export async function loadExternalImports(
  db: Kysely<Database>,
  repoId: number,
): Promise<ExternalImportRef[]> {
  const rows = await db
    .selectFrom('external_imports')
    .select(['from_path', 'package_name', 'specifier', 'line'])
    .where('repo_id', '=', repoId)
    .orderBy('from_path')
    .orderBy('line')
    .execute();
  return rows.map((r) => ({
    from: r.from_path,
    packageName: r.package_name,
    specifier: r.specifier,
    line: r.line,
  }));
}

export async function loadUnresolvedImports(
  db: Kysely<Database>,
  repoId: number,
): Promise<UnresolvedImport[]> {
  const rows = await db
    .selectFrom('unresolved_imports')
    .select(['from_path', 'specifier', 'reason'])
    .where('repo_id', '=', repoId)
    .execute();
  return rows.map((r) => ({ from: r.from_path, specifier: r.specifier, reason: r.reason }));
}

export async function loadCouplings(db: Kysely<Database>, repoId: number): Promise<Coupling[]> {
  const rows = await db
    .selectFrom('couplings')
    .selectAll()
    .where('repo_id', '=', repoId)
    .orderBy('degree', 'desc')
    .execute();
  return rows.map((r) => ({
    a: r.a,
    b: r.b,
    shared: r.shared,
    revisionsA: r.revs_a,
    revisionsB: r.revs_b,
    degree: r.degree,
    confidenceAB: r.shared / r.revs_a,
    confidenceBA: r.shared / r.revs_b,
  }));
}

export async function countRows(
  db: Kysely<Database>,
  repoId: number,
): Promise<{ commits: number; changeSets: number }> {
  const commits = await db
    .selectFrom('commits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  const changeSets = await db
    .selectFrom('change_sets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return { commits: Number(commits?.n ?? 0), changeSets: Number(changeSets?.n ?? 0) };
}

export async function saveScanStart(
  db: Kysely<Database>,
  scan: { repoId: number; kind: string; fromCommit: string | null; toCommit: string | null; now: number },
): Promise<number> {
  // Scans left "running" by a killed process are marked so, then the new one starts.
  await db
    .updateTable('scans')
    .set({ status: 'interrupted' })
    .where('repo_id', '=', scan.repoId)
    .where('status', '=', 'running')
    .execute();
  const row = await db
    .insertInto('scans')
    .values({
      repo_id: scan.repoId,
      kind: scan.kind,
      status: 'running',
      from_commit: scan.fromCommit,
      to_commit: scan.toCommit,
      started_at: scan.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function saveScanEnd(
  db: Kysely<Database>,
  id: number,
  end: {
    status: 'done' | 'failed';
    now: number;
    notice: string | null;
    summary: unknown;
    error: string | null;
    kind?: string;
  },
): Promise<void> {
  await db
    .updateTable('scans')
    .set({
      status: end.status,
      finished_at: end.now,
      notice: end.notice,
      summary: end.summary === null ? null : JSON.stringify(end.summary),
      error: end.error,
      ...(end.kind ? { kind: end.kind } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function loadLastScan(db: Kysely<Database>, repoId: number): Promise<ScanRow | undefined> {
  return db
    .selectFrom('scans')
    .selectAll()
    .where('repo_id', '=', repoId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
