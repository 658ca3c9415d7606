/**
 * Optimistic concurrency over HTTP. Reads carry an `ETag`; a read whose `If-None-Match` still matches gets
 * 304. Writes to a versioned resource must send `If-Match` with the ETag they read: missing, the server answers
 * 428 (PreconditionRequired); stale, 409 (Conflict) and nothing is written. Items use their `version`.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TpoError } from '../domain/index.js';

/** The ETag of a resource version: a number (an item's `version`) or any string (hashed, so it stays opaque). */
export function formatEtag(version: number | string): string {
  if (typeof version === 'number') return `"${version}"`;
  return `"${createHash('sha1').update(version).digest('base64url').slice(0, 22)}"`;
}

/** The entity tags of an If-Match or If-None-Match header (`*` alone for any); weak tags compare as strong. */
export function parseEtagList(header: string | undefined): readonly string[] | '*' | null {
  if (header === undefined || header.trim() === '') return null;
  if (header.trim() === '*') return '*';
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
}

/**
 * The version a write was made from, from its If-Match header: PreconditionRequired when it is missing,
 * Invalid when it is not one numeric ETag. The app then refuses the write with Conflict if it is stale.
 * @example
 * const expectedVersion = getExpectedVersion(request);
 * await editItem(ws.store, id, patch, { expectedVersion });
 */
export function getExpectedVersion(request: FastifyRequest): number {
  const tags = parseEtagList(request.headers['if-match']);
  if (tags === null) {
    throw new TpoError(
      'PreconditionRequired',
      'send If-Match with the ETag you read (GET the resource first), so a change made meanwhile is not lost.',
    );
  }
  const m = tags !== '*' && tags.length === 1 ? /^"(\d+)"$/.exec(tags[0]!) : null;
  if (!m) throw new TpoError('Invalid', 'If-Match must be the one ETag you read, such as "3".');
  return Number(m[1]);
}

/**
 * Checks If-Match against the current ETag of a resource the app does not version itself: PreconditionRequired
 * when missing, Conflict when stale.
 */
export function assertIfMatch(request: FastifyRequest, currentEtag: string): void {
  const tags = parseEtagList(request.headers['if-match']);
  if (tags === null) {
    throw new TpoError(
      'PreconditionRequired',
      'send If-Match with the ETag you read (GET the resource first), so a change made meanwhile is not lost.',
    );
  }
  if (tags !== '*' && !tags.includes(currentEtag)) {
    throw new TpoError(
      'Conflict',
      'this was changed by someone else since you read it; nothing was saved: read it again and redo your change.',
      { etag: currentEtag },
    );
  }
}

/**
 * Sets the ETag of a read and tells whether the client's copy is current (If-None-Match): then answer 304.
 * @example
 * if (isNotModified(request, reply, formatEtag(version))) return reply.code(304).send();
 */
export function isNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  void reply.header('ETag', etag).header('Cache-Control', 'no-cache');
  const tags = parseEtagList(request.headers['if-none-match']);
  return tags === '*' || (tags !== null && tags.includes(etag));
}
