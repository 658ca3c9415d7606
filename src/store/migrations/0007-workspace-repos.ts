import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The repositories of a workspace: a local path (read in place by every worker, e.g. on a shared volume) or a
 * clone URL (each worker clones it into its cache). `repo_id` points at the scanned code model once a scan has
 * written one; a workspace repository that was never scanned has none.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('workspace_repos')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('repo_id', 'integer', (c) => c.references('repos.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('workspace_repos_name', ['workspace_id', 'name'])
    .addUniqueConstraint('workspace_repos_source', ['workspace_id', 'source'])
    .execute();
}
