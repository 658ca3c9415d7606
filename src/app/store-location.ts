/** Where tpo keeps its data (no store opened): `--db`, else TPO_DATABASE_URL, else `.tpo/tpo.db` in the repository. */
import path from 'node:path';
import { isPostgresUrl } from '../store/store-location.js';

/** True for a postgres:// or postgresql:// store location. */
export function isPostgresLocation(location: string): boolean {
  return isPostgresUrl(location);
}

/** The store location for a repository root, following the precedence above. */
export function getStoreLocation(repoRoot: string, db?: string): string {
  if (db !== undefined && db !== '') return db;
  const fromEnv = process.env.TPO_DATABASE_URL;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return path.join(repoRoot, '.tpo', 'tpo.db');
}
