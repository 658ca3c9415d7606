/**
 * Multi-row inserts in chunks that fit both databases' limits on bound parameters
 * (SQLite 32,766; PostgreSQL 65,535).
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from './schema.js';

const MAX_PARAMETERS = 30_000;

export async function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length || 1;
  const size = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS / columns)));
  for (let i = 0; i < rows.length; i += size) {
    // Kysely's generic insert types cannot follow a table name given as a type parameter.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}

/** Splits a list into chunks for `where x in (...)` queries. */
export function chunk<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
