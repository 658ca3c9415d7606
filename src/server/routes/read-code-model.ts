/**
 * How routes read figures of the scanned code model: an ETag derived from the scanned version and the URL, 304 to a
 * current copy, and computed bodies kept per ETag (the same question of the same version gets the same answer).
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getCodeModelVersion, type RepositoryHandle } from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import { formatEtag, isNotModified } from '../concurrency.js';
import type { DeepReadonly, ServerContext } from '../server-context.js';

/** Serialized bodies by ETag: a version of the model answers the same URL the same way until the next scan. */
const CACHE_ENTRIES = 256;

/**
 * Answers a read of the code model: 304 when the client's ETag is current, else the computed body with its ETag
 * (the same bytes as before when another client asked the same of the same version). The repository must have been scanned
 * (404 otherwise, with how to scan).
 */
export async function readCodeModel<S extends TSchema>(
  context: ServerContext,
  cache: Map<string, ReturnType<FastifyReply['serialize']>>,
  request: FastifyRequest,
  reply: FastifyReply,
  /** The route's 200 response schema: the computed value must fit it. */
  _schema: S,
  repoId: number | undefined,
  compute: (repo: RepositoryHandle) => Promise<DeepReadonly<Static<S>>>,
): Promise<FastifyReply> {
  const repo = await context.resolveRepo(repoId);
  const version = await getCodeModelVersion(repo, context.workspace.store);
  if (version === null) {
    throw new TpoError(
      'NotFound',
      `${repo.name} has not been scanned yet; start a scan (POST /api/v1/scans) first.`,
      {
        root: repo.root,
      },
    );
  }
  // The URL is part of the resource: one version of the model answers many different queries.
  const etag = formatEtag(`${version}\n${request.url}`);
  if (isNotModified(request, reply, etag)) return reply.code(304).send();
  let json = cache.get(etag);
  if (json === undefined) {
    // Serialized once through the route's response schema; later readers get the same bytes.
    json = reply.serialize(await compute(repo));
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(etag, json);
  }
  return reply.type('application/json; charset=utf-8').send(json);
}
