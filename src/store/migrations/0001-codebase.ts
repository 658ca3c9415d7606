import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/** The code model: repositories, history, change sets, per-blob metrics and the snapshot at the scanned commit. */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('repos')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('root', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('git_dir', 'text', (c) => c.notNull())
    .addColumn('head_ref', 'text')
    .addColumn('last_commit', 'text')
    .addColumn('snapshot_commit', 'text')
    .addColumn('last_scan_at', 'bigint')
    .addColumn('is_shallow', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('commits')
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('parents', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('author_time', 'bigint', (c) => c.notNull())
    .addColumn('commit_time', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('change_set', 'text')
    .addPrimaryKeyConstraint('commits_pk', ['repo_id', 'sha'])
    .execute();

  await db.schema
    .createTable('changes')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('old_path', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('added', 'integer')
    .addColumn('deleted', 'integer')
    .addColumn('merge_diff', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('changes_sha').on('changes').columns(['repo_id', 'sha']).execute();
  await db.schema.createIndex('changes_path').on('changes').columns(['repo_id', 'path']).execute();

  await db.schema
    .createTable('change_sets')
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('sha', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('is_merge', 'integer', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint', (c) => c.notNull())
    .addColumn('commit_count', 'integer', (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_sets_pk', ['repo_id', 'sha'])
    .execute();
  await db.schema
    .createIndex('change_sets_seq')
    .unique()
    .on('change_sets')
    .columns(['repo_id', 'seq'])
    .execute();

  await db.schema
    .createTable('blob_metrics')
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('excluded', 'text')
    .addColumn('binary', 'integer', (c) => c.notNull())
    .addColumn('lines', 'integer', (c) => c.notNull())
    .addColumn('loc', 'integer', (c) => c.notNull())
    .addColumn('complexity', 'integer', (c) => c.notNull())
    .addColumn('cyclomatic', 'integer')
    .addColumn('imports', 'text')
    .addColumn('markers', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_metrics_pk', ['blob', 'language'])
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('excluded', 'text')
    .addColumn('loc', 'integer', (c) => c.notNull())
    .addColumn('complexity', 'integer', (c) => c.notNull())
    .addColumn('cyclomatic', 'integer')
    .addColumn('revisions', 'integer', (c) => c.notNull())
    .addColumn('churn', 'integer', (c) => c.notNull())
    .addColumn('total_revisions', 'integer', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('main_author', 'text')
    .addColumn('main_author_share', 'real', (c) => c.notNull())
    .addColumn('first_commit_time', 'bigint')
    .addColumn('last_commit_time', 'bigint')
    .addPrimaryKeyConstraint('files_pk', ['repo_id', 'path'])
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('from_path', 'text', (c) => c.notNull())
    .addColumn('to_path', 'text', (c) => c.notNull())
    .addColumn('specifier', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imports_from').on('imports').columns(['repo_id', 'from_path']).execute();
  await db.schema.createIndex('imports_to').on('imports').columns(['repo_id', 'to_path']).execute();

  await db.schema
    .createTable('unresolved_imports')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('from_path', 'text', (c) => c.notNull())
    .addColumn('specifier', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('unresolved_imports_repo')
    .on('unresolved_imports')
    .columns(['repo_id'])
    .execute();

  await db.schema
    .createTable('couplings')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('a', 'text', (c) => c.notNull())
    .addColumn('b', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull())
    .addColumn('revs_a', 'integer', (c) => c.notNull())
    .addColumn('revs_b', 'integer', (c) => c.notNull())
    .addColumn('degree', 'real', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('couplings_a').on('couplings').columns(['repo_id', 'a']).execute();
  await db.schema.createIndex('couplings_b').on('couplings').columns(['repo_id', 'b']).execute();

  await db.schema
    .createTable('scans')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('from_commit', 'text')
    .addColumn('to_commit', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('notice', 'text')
    .addColumn('summary', 'text')
    .addColumn('error', 'text')
    .execute();
}
