/**
 * How routes answer reads computed from the backlog (and the code model): an ETag from a stamp of what the answer
 * depends on and the URL, 304 to a current copy, and the serialized body kept per ETag, so the same question about
 * the same state is computed once (a ranking of 5,000 items takes seconds). Large bodies are also kept gzipped, for
 * clients that accept it (browsers do): a ranking of 5,000 items is 2 MB of JSON and 10 times less compressed.
 */
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatEtag, isNotModified } from '../concurrency.js';

interface CachedBody {
  readonly text: string;
  /** The gzipped text, made on the first request that accepts gzip. */
  gzip?: Buffer;
}

/** Serialized bodies by ETag. */
export type DerivedCache = Map<string, CachedBody>;

const CACHE_ENTRIES = 256;
/** Bodies from this size (bytes) are sent gzipped to clients that accept it; smaller ones are not worth it. */
const GZIP_FROM = 16 * 1024;

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && /\bgzip\b(?!;\s*q=0(\.0*)?\b)/.test(header);
}

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
  void reply.header('Vary', 'Accept-Encoding');
  if (isNotModified(request, reply, etag)) return reply.code(304).send();
  let cached = cache.get(etag);
  if (cached === undefined) {
    const value = await compute();
    // Through the route's response schema, like any reply; text bodies (exports) as they are.
    cached = { text: typeof value === 'string' ? value : (reply.serialize(value) as string) };
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(etag, cached);
  }
  void reply.type(contentType);
  if (cached.text.length >= GZIP_FROM && acceptsGzip(request)) {
    cached.gzip ??= gzipSync(cached.text, { level: 6 });
    return reply.header('Content-Encoding', 'gzip').send(cached.gzip);
  }
  return reply.send(cached.text);
}
