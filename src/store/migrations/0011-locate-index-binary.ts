import type { Kysely } from 'kysely';
import type { MigrationContext } from './migration-context.js';

/**
 * The cached localization index becomes binary (migration 0011): typed sections a `tpo locate` process reads in
 * place instead of a JSON text it had to parse and rebuild (judgment/locate/encode-locate-index.ts). Models saved
 * before keep their fitted weights; their index is null and is rebuilt from git on first use.
 */
export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.alterTable('locate_models').dropColumn('index_data').execute();
  await db.schema.alterTable('locate_models').addColumn('index_data', ctx.blobType).execute();
}
