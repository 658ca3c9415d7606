/**
 * The store's migrations, in order. Each runs in a transaction (Kysely's Migrator) and is written once for both
 * databases; the few differences go through MigrationContext.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectKind, MigrationContext } from './migration-context.js';
import * as codebase from './0001-codebase.js';
import * as backlog from './0002-backlog.js';
import * as locate from './0003-locate.js';
import * as tokens from './0004-tokens.js';
import * as debt from './0005-debt.js';
import * as externalImports from './0006-external-imports.js';
import * as workspaceRepos from './0007-workspace-repos.js';
import * as cadence from './0010-cadence.js';
import * as locateIndexBinary from './0011-locate-index-binary.js';
import * as pathAuthors from './0012-path-authors.js';

import { MIGRATION_NAMES, type MigrationName } from './migration-names.js';

export type { DialectKind, MigrationContext } from './migration-context.js';
export { MIGRATION_NAMES } from './migration-names.js';

interface MigrationModule {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

// Keyed by MIGRATION_NAMES (the compiler checks that each name has its module and no module lacks a name).
const MIGRATIONS: Readonly<Record<MigrationName, MigrationModule>> = {
  '0001-codebase': codebase,
  '0002-backlog': backlog,
  '0003-locate': locate,
  '0004-tokens': tokens,
  '0005-debt': debt,
  '0006-external-imports': externalImports,
  '0007-workspace-repos': workspaceRepos,
  '0010-cadence': cadence,
  '0011-locate-index-binary': locateIndexBinary,
  '0012-path-authors': pathAuthors,
};

export function createMigrationContext(dialect: DialectKind): MigrationContext {
  return dialect === 'sqlite'
    ? { dialect, idType: 'integer', blobType: 'blob', idColumn: (c) => c.primaryKey().autoIncrement() }
    : { dialect, idType: 'serial', blobType: 'bytea', idColumn: (c) => c.primaryKey() };
}

export function createMigrationProvider(dialect: DialectKind): MigrationProvider {
  const ctx = createMigrationContext(dialect);
  return {
    getMigrations(): Promise<Record<string, Migration>> {
      const out: Record<string, Migration> = {};
      for (const name of MIGRATION_NAMES) out[name] = { up: (db) => MIGRATIONS[name].up(db, ctx) };
      return Promise.resolve(out);
    },
  };
}
