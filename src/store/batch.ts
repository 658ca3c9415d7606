/**
 * Multi-row inserts in chunks that fit both databases' limits on bound parameters
 * (SQLite 32,766; PostgreSQL 65,535).
 */
import {
  CompiledQuery,
  type Insertable,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
} from 'kysely';
import type { Database } from './schema.js';

const MAX_PARAMETERS = 30_000;

type Row = Readonly<Record<string, unknown>>;

/** Completes each chunk's insert statement (an `on conflict` clause); must add no parameters of its own. */
export type InsertClause<T extends keyof Database> = (
  query: InsertQueryBuilder<Database, T, InsertResult>,
) => InsertQueryBuilder<Database, T, InsertResult>;

function sameShape(rows: readonly Row[], columns: readonly string[]): boolean {
  return rows.every((r) => {
    const keys = Object.keys(r);
    return keys.length === columns.length && keys.every((k, i) => k === columns[i] && r[k] !== undefined);
  });
}

/**
 * Inserts rows chunk by chunk and returns the `returning` columns of every inserted row (empty without them).
 * Kysely builds the statement for the first chunk of each size; later chunks of that size reuse its text with
 * their own parameters, because building a query tree for every one of 100,000 rows' values costs more than
 * the database's work. The reuse is checked against Kysely's own parameters, and skipped for rows of uneven
 * shape.
 */
async function insertChunks<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  returning: readonly string[],
  clause?: InsertClause<T>,
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0] as object);
  const size = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS / (columns.length || 1))));
  const uniform = sameShape(rows, columns);
  const compiled = new Map<number, string | null>();
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    const params = uniform ? (part as readonly Row[]).flatMap((r) => columns.map((c) => r[c])) : null;
    const known = compiled.get(part.length);
    let result: { rows: unknown[] };
    if (params && typeof known === 'string') {
      result = await db.executeQuery(CompiledQuery.raw(known, params));
    } else {
      // Kysely's generic insert types cannot follow a table name given as a type parameter.
      const inserted = db.insertInto(table).values(part);
      const query = clause ? clause(inserted) : inserted;
      const built = (returning.length > 0 ? query.returning(returning as never) : query).compile();
      if (known === undefined)
        compiled.set(
          part.length,
          params &&
            params.length === built.parameters.length &&
            params.every((p, k) => p === built.parameters[k])
            ? built.sql
            : null,
        );
      result = await db.executeQuery(built);
    }
    out.push(...(result.rows as Record<string, unknown>[]));
  }
  return out;
}

export async function insertRows<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  await insertChunks(db, table, rows, []);
}

/**
 * Inserts rows chunk by chunk with a clause completing each statement, e.g. `(q) => q.onConflict(...)` for an
 * upsert. Statement text is reused as in insertRows when the clause adds no parameters of its own.
 */
export async function insertRowsWith<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  clause: InsertClause<T>,
): Promise<void> {
  await insertChunks(db, table, rows, [], clause);
}

/** Inserts rows and returns the given columns of each inserted row, in order. */
export async function insertRowsReturning<T extends keyof Database, C extends string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  returning: readonly C[],
): Promise<Record<C, unknown>[]> {
  return await insertChunks(db, table, rows, returning);
}

/** Splits a list into chunks for `where x in (...)` queries. */
export function chunk<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
