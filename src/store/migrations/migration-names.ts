/**
 * The store's migrations by name, in order (index.ts maps each to its module). Kept apart from the modules, which
 * load the query builder, so a reader can check that a store is current without loading it.
 */
export const MIGRATION_NAMES = [
  '0001-codebase',
  '0002-backlog',
  '0003-locate',
  '0004-tokens',
  '0005-debt',
  '0006-external-imports',
  '0007-workspace-repos',
  '0010-cadence',
  '0011-locate-index-binary',
  '0012-path-authors',
] as const;

export type MigrationName = (typeof MIGRATION_NAMES)[number];
