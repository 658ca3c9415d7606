/**
 * The cached localization models (migration 0003): one row per repository and commit.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, LocateModelsTable } from './schema.js';

export type LocateModelRow = Selectable<LocateModelsTable>;

/** The cached model of a repository at a commit, if any. */
export async function loadLocateModel(
  db: Kysely<Database>,
  repoId: number,
  commit: string,
): Promise<LocateModelRow | undefined> {
  return db
    .selectFrom('locate_models')
    .selectAll()
    .where('repo_id', '=', repoId)
    .where('commit_sha', '=', commit)
    .executeTakeFirst();
}

/** The fitted settings cached for a repository, newest first (without the index data). */
export async function loadLocateFits(
  db: Kysely<Database>,
  repoId: number,
): Promise<{ commit: string; changeSets: number; fit: string }[]> {
  const rows = await db
    .selectFrom('locate_models')
    .select(['commit_sha', 'change_sets', 'fit'])
    .where('repo_id', '=', repoId)
    .orderBy('change_sets', 'desc')
    .execute();
  return rows.map((r) => ({ commit: r.commit_sha, changeSets: Number(r.change_sets), fit: r.fit }));
}

/** Saves a model and keeps only the newest few of the repository (one transaction). */
export async function saveLocateModel(db: Kysely<Database>, row: LocateModelRow, keep = 3): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('locate_models')
      .where('repo_id', '=', row.repo_id)
      .where('commit_sha', '=', row.commit_sha)
      .execute();
    await tx.insertInto('locate_models').values(row).execute();
    const rows = await tx
      .selectFrom('locate_models')
      .select(['commit_sha'])
      .where('repo_id', '=', row.repo_id)
      .orderBy('created_at', 'desc')
      .orderBy('change_sets', 'desc')
      .execute();
    const stale = rows.slice(keep).map((r) => r.commit_sha);
    if (stale.length > 0)
      await tx
        .deleteFrom('locate_models')
        .where('repo_id', '=', row.repo_id)
        .where('commit_sha', 'in', stale)
        .execute();
  });
}
