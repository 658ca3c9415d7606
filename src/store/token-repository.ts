/**
 * Persistence of API tokens: rows keyed by the token's SHA-256. Hashing and roles are the app's business.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database } from './schema.js';

export type TokenRow = Selectable<ApiTokensTable>;

export async function saveNewToken(
  db: Kysely<Database>,
  token: { name: string; role: string; hash: string; prefix: string; now: number },
): Promise<TokenRow> {
  return db
    .insertInto('api_tokens')
    .values({
      name: token.name,
      role: token.role,
      hash: token.hash,
      prefix: token.prefix,
      created_at: token.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function loadTokens(db: Kysely<Database>): Promise<TokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('id').execute();
}

/** The live (not revoked) token with this hash. */
export async function loadActiveTokenByHash(
  db: Kysely<Database>,
  hash: string,
): Promise<TokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function countActiveTokens(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks a token revoked; returns false when no live token has this id. */
export async function saveTokenRevoked(db: Kysely<Database>, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records when a token was last used (at most once a minute per token, to spare the store). */
export async function saveTokenUsed(db: Kysely<Database>, id: number, now: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now - 60)]))
    .execute();
}
