/**
 * API tokens for the HTTP server. A token is 32 random bytes (base64url, prefixed `tpo_`); the store keeps only
 * its SHA-256, so a leaked database does not leak tokens. SHA-256 without a salt is enough here because the
 * secret is random and long, not a password a person chose. Roles are ordered: viewer < editor < admin.
 */
import { createHash, randomBytes } from 'node:crypto';
import { TpoError } from '../domain/index.js';
import {
  countActiveTokens,
  loadActiveTokenByHash,
  loadTokens,
  saveNewToken,
  saveTokenRevoked,
  saveTokenUsed,
  type Store,
  type TokenRow,
} from '../store/index.js';

export const TOKEN_ROLES = ['viewer', 'editor', 'admin'] as const;
/** viewer: reads; editor: reads and changes (items, scans); admin: also manages tokens. */
export type TokenRole = (typeof TOKEN_ROLES)[number];

export interface ApiToken {
  readonly id: number;
  readonly name: string;
  readonly role: TokenRole;
  /** The first characters of the token, to recognise it. */
  readonly prefix: string;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface CreatedToken {
  /** The token itself: shown once, never stored. */
  readonly token: string;
  readonly record: ApiToken;
}

const TOKEN_PREFIX = 'tpo_';
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function isTokenRole(value: string): value is TokenRole {
  return (TOKEN_ROLES as readonly string[]).includes(value);
}

/** True when `role` may do what `required` may (viewer < editor < admin). */
export function hasRole(role: TokenRole, required: TokenRole): boolean {
  return TOKEN_ROLES.indexOf(role) >= TOKEN_ROLES.indexOf(required);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toApiToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: isTokenRole(row.role) ? row.role : 'viewer',
    prefix: row.prefix,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

/**
 * Creates a token with a role; the returned `token` is the only time it is ever visible.
 * @example
 * const { token } = await createApiToken(ws.store, { role: 'editor', name: 'ci' });
 */
export async function createApiToken(
  store: Store,
  options: { role: string; name?: string; now?: number },
): Promise<CreatedToken> {
  if (!isTokenRole(options.role)) {
    throw new TpoError('Invalid', `unknown role "${options.role}"; use one of ${TOKEN_ROLES.join(', ')}.`, {
      role: options.role,
    });
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await saveNewToken(store.db, {
    name: options.name?.trim() || options.role,
    role: options.role,
    hash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 6),
    now: options.now ?? nowSeconds(),
  });
  return { token, record: toApiToken(row) };
}

/** Every token ever created, revoked ones included, oldest first. */
export async function listApiTokens(store: Store): Promise<ApiToken[]> {
  return (await loadTokens(store.db)).map(toApiToken);
}

/** Revokes a token at once; NotFound when no live token has this id. */
export async function revokeApiToken(
  store: Store,
  id: number,
  options: { now?: number } = {},
): Promise<void> {
  if (!(await saveTokenRevoked(store.db, id, options.now ?? nowSeconds()))) {
    throw new TpoError('NotFound', `no live token with id ${id}; "tpo token list" shows them.`, { id });
  }
}

/** How many tokens can be used now: the server refuses to listen beyond loopback with none. */
export async function countApiTokens(store: Store): Promise<number> {
  return countActiveTokens(store.db);
}

/**
 * The live token a request presented, or null when it is unknown or revoked. Records the time of use.
 * @example
 * const token = await verifyApiToken(store, bearer);
 * if (!token || !hasRole(token.role, 'editor')) reject();
 */
export async function verifyApiToken(
  store: Store,
  token: string,
  options: { now?: number } = {},
): Promise<ApiToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await loadActiveTokenByHash(store.db, hashToken(token));
  if (!row) return null;
  const now = options.now ?? nowSeconds();
  // One write a minute at most per token: a read-heavy dashboard must not turn every request into a write.
  if (row.last_used_at === null || Number(row.last_used_at) < now - 60)
    await saveTokenUsed(store.db, row.id, now);
  return toApiToken(row);
}
