/**
 * The cached localization model of a repository read straight from a SQLite store with the driver alone: loading
 * the query builder and checking migrations takes longer than a `tpo locate` answer may, so the CLI tries this
 * first and opens the store the ordinary way only when it gets nothing back.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
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
 * const cached = loadCachedLocateModel('/work/app/.tpo/tpo.db', '/work/app');
 */
export function loadCachedLocateModel(location: string, root: string): CachedLocateModel | null {
  if (isPostgresUrl(location) || location === ':memory:' || !existsSync(location)) return null;
  // Required, not imported: importing a CommonJS package from ESM first scans its source for export names.
  const require = createRequire(import.meta.url);
  const BetterSqlite = require('better-sqlite3') as typeof BetterSqlite3;
  let sqlite: BetterSqlite3.Database | undefined;
  try {
    sqlite = new BetterSqlite(location, {
      readonly: true,
      fileMustExist: true,
      ...getNativeBinding(require),
    });
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

/**
 * better-sqlite3's native addon where its `bindings` helper would find it first (build/, build/Debug/,
 * build/Release/), given to the driver so it does not search by trying to load each candidate in turn; nothing
 * (the driver's own search) when none is there.
 */
function getNativeBinding(require: NodeJS.Require): { nativeBinding?: string } {
  let build: string;
  try {
    build = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build');
  } catch {
    return {};
  }
  for (const folder of ['', 'Debug', 'Release']) {
    const file = path.join(build, folder, 'better_sqlite3.node');
    if (existsSync(file)) return { nativeBinding: file };
  }
  return {};
}
