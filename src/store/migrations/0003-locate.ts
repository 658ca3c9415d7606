import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The localization model of a repository at a scanned commit (migration 0003): the fitted weights and the index as
 * plain data, so `tpo locate` answers without replaying git history again. Rebuilt when the commit changes.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('locate_models')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('commit_sha', 'text', (c) => c.notNull())
    .addColumn('change_sets', 'integer', (c) => c.notNull())
    .addColumn('fit', 'text', (c) => c.notNull())
    .addColumn('index_data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('locate_models_pk', ['repo_id', 'commit_sha'])
    .execute();
}
