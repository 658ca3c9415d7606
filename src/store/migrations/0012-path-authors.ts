import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Keeps the history's per-file figures incremental (issue 2): all-time totals per (repository, path, author) of
 * commits' own diffs, written with the history rows they sum, so a scan reads them instead of grouping every
 * change of the history; and indexes for what a scan still reads by time (the revision and churn window, the
 * coupling window) and for renames; and the window start a snapshot was computed with, so the next scan can
 * recompute only the files whose history changed since. Stores made before are filled from their history here.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('path_authors')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('commits', 'integer', (c) => c.notNull())
    .addColumn('added', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'bigint', (c) => c.notNull())
    .addColumn('first_time', 'bigint', (c) => c.notNull())
    .addColumn('last_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('path_authors_pk', ['repo_id', 'path', 'author_name', 'author_email'])
    .execute();
  await sql`insert into path_authors
      (repo_id, path, author_name, author_email, commits, added, deleted, first_time, last_time)
    select c.repo_id, c.path, m.author_name, m.author_email, count(*), coalesce(sum(c.added), 0),
      coalesce(sum(c.deleted), 0), min(m.commit_time), max(m.commit_time)
    from changes c join commits m on m.repo_id = c.repo_id and m.sha = c.sha
    where c.merge_diff = 0
    group by c.repo_id, c.path, m.author_name, m.author_email`.execute(db);
  await db.schema.createIndex('commits_time').on('commits').columns(['repo_id', 'commit_time']).execute();
  await db.schema
    .createIndex('change_sets_finished')
    .on('change_sets')
    .columns(['repo_id', 'finished_at'])
    .execute();
  await db.schema.alterTable('repos').addColumn('snapshot_window_start', 'bigint').execute();
  // Renames are a small share of the changes: a partial index finds them without reading the rest.
  await sql`create index changes_renames on changes (repo_id) where status = 'R' and merge_diff = 0`.execute(
    db,
  );
}
