import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Debt: the commit that introduced each debt marker's line, cached by (path, blob, line) so `tpo debt` blames only
 * files whose content changed since the last time.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('marker_origins')
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('commit_sha', 'text')
    .addColumn('author_name', 'text')
    .addColumn('author_time', 'bigint')
    .addPrimaryKeyConstraint('marker_origins_pk', ['repo_id', 'path', 'blob', 'line'])
    .execute();
}
