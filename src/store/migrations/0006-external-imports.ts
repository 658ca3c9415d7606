import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * Imports of packages from outside the repository, per file (for the dependency review's blast radius), and the
 * line of every resolved import (for architecture violations). Snapshots saved before this migration have
 * neither, so they are marked stale: the next command rebuilds the snapshot from the blob cache.
 */
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('external_imports')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('from_path', 'text', (c) => c.notNull())
    .addColumn('package_name', 'text', (c) => c.notNull())
    .addColumn('specifier', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('external_imports_repo')
    .on('external_imports')
    .columns(['repo_id', 'package_name'])
    .execute();
  await db.schema.alterTable('imports').addColumn('line', 'integer').execute();
  await sql`update repos set snapshot_commit = null`.execute(db);
}
