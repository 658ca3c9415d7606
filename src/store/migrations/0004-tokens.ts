import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * API tokens of the HTTP server: only a SHA-256 of each token is kept (the token itself is shown once, when it is
 * created), with its role and when it was revoked.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', ctx.idType, (c) => ctx.idColumn(c))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
}
