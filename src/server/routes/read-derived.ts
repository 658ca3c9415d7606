/**
 * How routes answer reads computed from the backlog (and the code model): an ETag from a stamp of what the answer
 * depends on and the URL, 304 to a current copy, and the serialized body kept per ETag, so the same question about
 * the same state is computed once (a ranking of 5,000 items takes a few hundred milliseconds).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatEtag, isNotModified } from '../concurrency.js';

/** Serialized bodies by ETag. */
export type DerivedCache = Map<string, string>;

const CACHE_ENTRIES = 256;

/**
 * Answers a read whose body depends only on `stamp` and the URL.
 * @example
 * return readDerived(cache, request, reply, await getBacklogVersion(store), () => getJudgedRanking(ws));
 */
export async function readDerived(
  cache: DerivedCache,
  request: FastifyRequest,
  reply: FastifyReply,
  stamp: string,
  compute: () => Promise<unknown>,
  contentType = 'application/json; charset=utf-8',
): Promise<FastifyReply> {
  const etag = formatEtag(`${stamp}\n${request.url}`);
  if (isNotModified(request, reply, etag)) return reply.code(304).send();
  let body = cache.get(etag);
  if (body === undefined) {
    const value = await compute();
    // Through the route's response schema, like any reply; text bodies (exports) as they are.
    body = typeof value === 'string' ? value : (reply.serialize(value) as string);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(etag, body);
  }
  return reply.type(contentType).send(body);
}
