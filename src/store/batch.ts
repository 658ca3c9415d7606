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

/** A value Kysely binds as one parameter, whatever the statement around it. */
function isPlainValue(value: unknown): boolean {
  return (
    value === null ||
    (typeof value !== 'object' && typeof value !== 'function' && value !== undefined) ||
    value instanceof Uint8Array ||
    value instanceof Date
  );
}

/**
 * Whether every row has exactly `columns`, in that order, each a plain value (one statement text then fits them
 * all).
 */
function sameShape(rows: readonly Row[], columns: readonly string[]): boolean {
  for (const r of rows) {
    let k = 0;
    for (const key in r) {
      if (key !== columns[k] || !isPlainValue(r[key])) return false;
      k += 1;
    }
    if (k !== columns.length) return false;
  }
  return true;
}

/**
 * Statement texts Kysely built, by dialect (its adapter, which a transaction shares with its database) and by
 * table, columns, row count and returning columns: each is built once per process.
 */
const builtTexts = new WeakMap<object, Map<string, string | null>>();

/**
 * Row counts of the statements for `count` rows: full chunks of `size`, then the rest as powers of two (837 rows:
 * 512, 256, 64, 4, 1), so a few statement texts serve every count instead of one text per remainder.
 */
function pieceSizes(count: number, size: number): number[] {
  const out: number[] = [];
  let left = count;
  while (left >= size) {
    out.push(size);
    left -= size;
  }
  for (let piece = 1 << Math.floor(Math.log2(Math.max(left, 1))); left > 0; piece >>= 1) {
    if (left >= piece) {
      out.push(piece);
      left -= piece;
    }
  }
  return out;
}

/**
 * Inserts rows chunk by chunk and returns the `returning` columns of every inserted row (empty without them).
 * Kysely builds the statement for the first chunk of each size; later chunks of that size, in this call or a later
 * one, reuse its text with their own parameters, because building a query tree for every one of 100,000 rows'
 * values costs more than the database's work. The reuse is checked against Kysely's own parameters, and skipped for
 * rows of uneven shape.
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
  const adapter = db.getExecutor().adapter;
  // A clause is a closure whose statement text may differ from call to call: its texts are kept for this call only.
  let compiled = clause ? new Map<string, string | null>() : builtTexts.get(adapter);
  if (compiled === undefined) builtTexts.set(adapter, (compiled = new Map<string, string | null>()));
  const shape = `${table}\n${columns.join(',')}\n${returning.join(',')}\n`;
  const out: Record<string, unknown>[] = [];
  let i = 0;
  const sizes = uniform
    ? pieceSizes(rows.length, size)
    : Array.from({ length: Math.ceil(rows.length / size) }, () => size);
  for (const n of sizes) {
    const part = rows.slice(i, i + n);
    i += n;
    let params: unknown[] | null = null;
    if (uniform) {
      params = new Array<unknown>(part.length * columns.length);
      let k = 0;
      for (const r of part as readonly Row[]) for (const c of columns) params[k++] = r[c];
    }
    const key = shape + String(part.length);
    const known = compiled.get(key);
    let result: { rows: unknown[] };
    if (params && typeof known === 'string') {
      result = await db.executeQuery(CompiledQuery.raw(known, params));
    } else {
      // Kysely's generic insert types cannot follow a table name given as a type parameter.
      const inserted = db.insertInto(table).values(part);
      const query = clause ? clause(inserted) : inserted;
      const built = (returning.length > 0 ? query.returning(returning as never) : query).compile();
      if (known === undefined && params) {
        const same =
          params.length === built.parameters.length && params.every((p, k) => p === built.parameters[k]);
        compiled.set(key, same ? built.sql : null);
      }
      result = await db.executeQuery(built);
    }
    for (const row of result.rows as Record<string, unknown>[]) out.push(row);
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
