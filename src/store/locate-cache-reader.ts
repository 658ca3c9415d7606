/**
 * The cached localization model of a repository read straight from a SQLite store with the driver alone: loading
 * the query builder and checking migrations takes longer than a `tpo locate` answer may, so the CLI tries this
 * first and opens the store the ordinary way only when it gets nothing back.
 */
import { existsSync } from 'node:fs';
import { MIGRATION_NAMES } from './migrations/migration-names.js';
import type { LocateModelRow } from './locate-model-repository.js';
import type { RepoRow } from './code-model-repository.js';
import { isPostgresUrl } from './store-location.js';

export interface CachedLocateModel {
  readonly repo: RepoRow;
  /** The model of the repository's scanned commit, with its index. */
  readonly model: LocateModelRow & { readonly index_data: Uint8Array };
}

/**
 * The repository at `root` and the model cached for its scanned commit, from the SQLite file at `location`
 * (read only). Null when the store is PostgreSQL or missing, its migrations are not exactly this version's,
 * the repository was never scanned, no model is cached for that commit, or the file cannot be read.
 * @example
 * const cached = await loadCachedLocateModel('/work/app/.tpo/tpo.db', '/work/app');
 */
export async function loadCachedLocateModel(
  location: string,
  root: string,
): Promise<CachedLocateModel | null> {
  if (isPostgresUrl(location) || location === ':memory:' || !existsSync(location)) return null;
  const { default: BetterSqlite } = await import('better-sqlite3');
  let sqlite: InstanceType<typeof BetterSqlite> | undefined;
  try {
    sqlite = new BetterSqlite(location, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 10000');
    const applied = new Set(sqlite.prepare('select name from kysely_migration').pluck().all());
    // Exactly the migrations this version knows: a store to migrate, or one a newer tpo migrated, is the
    // ordinary path's business (it migrates, or says the store is newer).
    if (applied.size !== MIGRATION_NAMES.length || MIGRATION_NAMES.some((name) => !applied.has(name)))
      return null;
    // The same rows the store's repositories read through Kysely, which returns SQLite's values unchanged.
    const repo = sqlite.prepare('select * from repos where root = ?').get(root) as RepoRow | undefined;
    if (!repo || repo.snapshot_commit === null) return null;
    const model = sqlite
      .prepare('select * from locate_models where repo_id = ? and commit_sha = ?')
      .get(repo.id, repo.snapshot_commit) as LocateModelRow | undefined;
    if (!model?.index_data) return null;
    return { repo, model: { ...model, index_data: model.index_data } };
  } catch {
    // Not a store yet (no migrations table), locked for longer than the timeout, or not a SQLite file: the
    // ordinary path opens it and says what is wrong.
    return null;
  } finally {
    sqlite?.close();
  }
}
