/**
 * The backlog over HTTP: items (list, filter, read, create, change, move, dependencies, delete), the ranking with
 * technical judgment, one item's judgment, imports and exports; what `tpo add|edit|move|block|rm|show|list|rank|
 * import|export` do. Item reads carry the item's version as ETag; every write to an item needs it in If-Match (428
 * without, 409 when stale, and nothing is written).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import {
  addItem,
  editItem,
  exportBacklog,
  getBacklogVersion,
  getCodeModelVersion,
  getItem,
  getJudgedRanking,
  importBacklog,
  listItems,
  loadItemJudgments,
  moveItem,
  removeItem,
  setDependency,
  type ExportFormat,
  type ItemFilter,
  type JudgedRanking,
  type RepositoryHandle,
} from '../../app/index.js';
import { normalizeItemId, OPEN_STATUSES, TpoError, type Item, type ItemDraft } from '../../domain/index.js';
import { formatEtag, getExpectedVersion, isNotModified } from '../concurrency.js';
import {
  CreateItemBodySchema,
  DependencyResultSchema,
  ImportBodySchema,
  ImportResultSchema,
  ItemDetailsSchema,
  ItemFilterQuerySchema,
  ItemJudgmentReportSchema,
  ItemListSchema,
  ItemSchema,
  MoveItemBodySchema,
  problemResponses,
  RankingSchema,
  RankingSchemeSchema,
  UpdateItemBodySchema,
} from '../schemas/index.js';
import type { RouteModule, ServerContext } from '../server-context.js';
import { readDerived, type DerivedCache } from './read-derived.js';

const IdParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40, description: 'Item id, such as T-42.' }),
});
const READ_ERRORS = problemResponses(400, 401, 403, 404);
const WRITE_ERRORS = problemResponses(400, 401, 403, 404, 409, 413, 415, 428);

const EXPORT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
};

function sendItem(reply: FastifyReply, item: Item, status = 200): FastifyReply {
  return reply.code(status).header('ETag', formatEtag(item.version)).send(item);
}

/**
 * How long a read may reuse the backlog stamp another read just took (ms). Writes through this server drop it at
 * once; a change made by another process (the CLI on the same store) shows within this time.
 */
export const STAMP_TTL_MS = 250;

const stamps = new WeakMap<ServerContext, Map<string, { stamp: string; at: number }>>();

/** Drops the stamps kept for a server: its next reads ask the store again. */
export function forgetBacklogStamps(context: ServerContext): void {
  stamps.get(context)?.clear();
}

/**
 * The stamp of what the backlog's derived views depend on: the backlog, and the scan its judgments read. Kept for
 * STAMP_TTL_MS, so 200 reads a second cost a few store queries instead of 200.
 */
export async function getBacklogStamp(
  context: ServerContext,
  repo: RepositoryHandle = context.workspace.repo,
): Promise<string> {
  let kept = stamps.get(context);
  if (!kept) {
    kept = new Map<string, { stamp: string; at: number }>();
    stamps.set(context, kept);
  }
  const now = performance.now();
  const hit = kept.get(repo.root);
  if (hit && now - hit.at < STAMP_TTL_MS) return hit.stamp;
  const { store } = context.workspace;
  const [backlog, model] = await Promise.all([getBacklogVersion(store), getCodeModelVersion(repo, store)]);
  const stamp = `${backlog}|${model ?? 'unscanned'}`;
  kept.set(repo.root, { stamp, at: now });
  return stamp;
}

/**
 * A confidence is a percent: 0.8 is almost always a fraction meant as 80 %, which would rank the item 100 times too
 * low, so it is refused with the figure to send (as `tpo add --confidence 0.8` is).
 */
function assertPercentConfidence(body: { readonly rice?: { readonly confidence?: number | null } }): void {
  const c = body.rice?.confidence;
  if (typeof c === 'number' && c > 0 && c < 1) {
    const percent = String(Math.round(c * 1000) / 10);
    throw new TpoError(
      'Invalid',
      `rice.confidence is a percent from 0 to 100: send ${percent} for ${percent} % (${c} would mean ${c} %)`,
      { field: 'rice.confidence', value: c },
    );
  }
}

export const backlogRoutes: RouteModule = {
  feature: 'items',
  register(app, context) {
    const { store } = context.workspace;
    const ws = { repo: context.workspace.repo, store };
    const cache: DerivedCache = new Map();
    // A write (an item changed here, an import, a debt filed, a scan started) makes the next reads ask the store.
    app.addHook('onSend', (request, _reply, payload, done) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') forgetBacklogStamps(context);
      done(null, payload);
    });

    app.get(
      '/api/v1/items',
      {
        schema: {
          tags: ['backlog'],
          summary: 'Items that pass the filter, by id (tpo list)',
          querystring: ItemFilterQuerySchema,
          response: { 200: ItemListSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const filter: ItemFilter = {
          ...(q.status ? { statuses: q.status } : q.open ? { statuses: OPEN_STATUSES } : {}),
          ...(q.kind ? { kinds: q.kind } : {}),
          ...(q.tag ? { tags: q.tag } : {}),
          ...(q.q ? { text: q.q } : {}),
        };
        return readDerived(cache, request, reply, await getBacklogStamp(context), async () => {
          const items = await listItems(store, filter);
          const offset = q.offset ?? 0;
          return {
            items: items.slice(offset, q.limit !== undefined ? offset + q.limit : undefined),
            total: items.length,
          };
        });
      },
    );

    app.post(
      '/api/v1/items',
      {
        schema: {
          tags: ['backlog'],
          summary: 'Add an item (tpo add); the response carries its ETag',
          body: CreateItemBodySchema,
          response: { 201: ItemSchema, ...WRITE_ERRORS },
        },
      },
      async (request, reply) => {
        assertPercentConfidence(request.body);
        const { blockedBy, blocks, ...draft } = request.body;
        const item = await addItem(store, {
          ...(draft as ItemDraft),
          ...(blockedBy ? { blockedBy: blockedBy.map((id) => normalizeItemId(id)) } : {}),
          ...(blocks ? { blocks: blocks.map((id) => normalizeItemId(id)) } : {}),
        });
        return sendItem(reply.header('Location', `/api/v1/items/${item.id}`), item, 201);
      },
    );

    app.get(
      '/api/v1/items/:id',
      {
        schema: {
          tags: ['backlog'],
          summary: 'One item, what it blocks, and its scores (tpo show); ETag = its version',
          params: IdParamsSchema,
          response: { 200: ItemDetailsSchema, 304: Type.Null(), ...READ_ERRORS },
        },
      },
      async (request, reply) => {
        const details = await getItem(store, normalizeItemId(request.params.id));
        if (isNotModified(request, reply, formatEtag(details.item.version)))
          return reply.code(304).send(null);
        return details;
      },
    );

    app.patch(
      '/api/v1/items/:id',
      {
        schema: {
          tags: ['backlog'],
          summary: 'Change an item (tpo edit): only the fields sent; needs If-Match',
          params: IdParamsSchema,
          body: UpdateItemBodySchema,
          response: { 200: ItemSchema, ...WRITE_ERRORS },
        },
      },
      async (request, reply) => {
        const expectedVersion = getExpectedVersion(request);
        assertPercentConfidence(request.body);
        const { blockedBy, blocks, ...patch } = request.body;
        const item = await editItem(
          store,
          normalizeItemId(request.params.id),
          {
            ...(patch as Parameters<typeof editItem>[2]),
            ...(blockedBy ? { blockedBy: blockedBy.map((id) => normalizeItemId(id)) } : {}),
            ...(blocks ? { blocks: blocks.map((id) => normalizeItemId(id)) } : {}),
          },
          { expectedVersion },
        );
        return sendItem(reply, item);
      },
    );

    app.post(
      '/api/v1/items/:id/move',
      {
        schema: {
          tags: ['backlog'],
          summary: 'Move an item to a status (tpo move); needs If-Match',
          params: IdParamsSchema,
          body: MoveItemBodySchema,
          response: { 200: ItemSchema, ...WRITE_ERRORS },
        },
      },
      async (request, reply) => {
        const expectedVersion = getExpectedVersion(request);
        const item = await moveItem(store, normalizeItemId(request.params.id), request.body.status, {
          expectedVersion,
        });
        return sendItem(reply, item);
      },
    );

    const DependencyParamsSchema = Type.Object({
      id: IdParamsSchema.properties.id,
      blocker: Type.String({ minLength: 1, maxLength: 40, description: 'The item it waits for.' }),
    });
    for (const method of ['PUT', 'DELETE'] as const) {
      app.route({
        method,
        url: '/api/v1/items/:id/blocked-by/:blocker',
        schema: {
          tags: ['backlog'],
          summary:
            method === 'PUT'
              ? 'Record that :blocker blocks :id (tpo block); needs If-Match of :id; refuses a cycle'
              : 'Remove that dependency (tpo unblock); needs If-Match of :id',
          params: DependencyParamsSchema,
          response: { 200: DependencyResultSchema, ...WRITE_ERRORS },
        },
        handler: async (request, reply) => {
          const expectedVersion = getExpectedVersion(request);
          const result = await setDependency(
            store,
            normalizeItemId(request.params.blocker),
            normalizeItemId(request.params.id),
            { expectedVersion, remove: method === 'DELETE' },
          );
          return reply.header('ETag', formatEtag(result.blocked.version)).send(result);
        },
      });
    }

    app.delete(
      '/api/v1/items/:id',
      {
        schema: {
          tags: ['backlog'],
          summary: 'Delete an item (tpo rm); the items it blocked stop waiting; needs If-Match',
          params: IdParamsSchema,
          response: { 204: Type.Null(), ...WRITE_ERRORS },
        },
      },
      async (request, reply) => {
        const expectedVersion = getExpectedVersion(request);
        await removeItem(store, normalizeItemId(request.params.id), { expectedVersion });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/items/:id/judgment',
      {
        schema: {
          tags: ['backlog'],
          summary:
            "An item's technical judgment: area, blast radius, risks, effort (null when it cannot be judged)",
          params: IdParamsSchema,
          response: { 200: ItemJudgmentReportSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) => {
        const id = normalizeItemId(request.params.id);
        return readDerived(cache, request, reply, await getBacklogStamp(context), async () => {
          const { item } = await getItem(store, id);
          const judgment = (await loadItemJudgments(ws, [item])).get(id) ?? null;
          const scanned = (await getCodeModelVersion(ws.repo, store)) !== null;
          const note =
            judgment !== null
              ? null
              : !scanned
                ? 'the repository has not been scanned yet: scan it to judge items.'
                : item.areas.length === 0
                  ? 'its words place it nowhere in the code with confidence, and it names no code area: add its areas (paths or globs) to judge it.'
                  : `no scanned file matches its areas (${item.areas.join(', ')}).`;
          return { id, judgment, note };
        });
      },
    );

    // The ranking of a backlog state, once per scheme: pages of it (limit, offset) are slices of the same ranking.
    const rankings = new Map<string, Promise<JudgedRanking>>();
    const loadRanking = (
      stamp: string,
      scheme: Static<typeof RankingSchemeSchema>,
    ): Promise<JudgedRanking> => {
      const key = `${stamp}|${scheme}`;
      let ranking = rankings.get(key);
      if (!ranking) {
        ranking = getJudgedRanking(ws, { scheme });
        ranking.catch(() => rankings.delete(key));
        if (rankings.size >= 4) rankings.delete(rankings.keys().next().value!);
        rankings.set(key, ranking);
      }
      return ranking;
    };

    app.get(
      '/api/v1/rank',
      {
        schema: {
          tags: ['backlog'],
          summary:
            'The open backlog in order, stated and tech-adjusted scores side by side, with reasons (tpo rank); limit and offset give a page of it',
          querystring: Type.Object({
            scheme: Type.Optional(RankingSchemeSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          }),
          response: { 200: RankingSchema, 304: Type.Null(), ...READ_ERRORS },
        },
      },
      async (request, reply) => {
        const { scheme = 'rice', limit, offset = 0 } = request.query;
        const stamp = await getBacklogStamp(context);
        return readDerived(cache, request, reply, stamp, async () => {
          const ranking = await loadRanking(stamp, scheme);
          return {
            ...ranking,
            items: ranking.items.slice(offset, limit !== undefined ? offset + limit : undefined),
            total: ranking.items.length,
          };
        });
      },
    );

    app.post(
      '/api/v1/import',
      {
        bodyLimit: 1024 * 1024,
        schema: {
          tags: ['backlog'],
          summary:
            'Import a backlog file (JSON, CSV, GitHub, Jira or Linear export), all or nothing (tpo import)',
          body: ImportBodySchema,
          response: { 200: ImportResultSchema, ...WRITE_ERRORS },
        },
      },
      async (request) => {
        const { content, file, format, dryRun } = request.body;
        return importBacklog(store, Buffer.from(content, 'utf8'), file ?? 'import', {
          ...(format ? { format } : {}),
          dryRun: dryRun === true,
        });
      },
    );

    app.get(
      '/api/v1/export',
      {
        schema: {
          tags: ['backlog'],
          summary: 'The whole backlog as JSON, CSV or Markdown (tpo export)',
          querystring: Type.Object({
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('markdown')], {
                default: 'json',
              }),
            ),
          }),
          response: { 200: Type.String(), ...READ_ERRORS },
        },
      },
      async (request, reply) => {
        const format = request.query.format ?? 'json';
        return readDerived(
          cache,
          request,
          reply,
          await getBacklogStamp(context),
          () => exportBacklog(store, format),
          EXPORT_TYPES[format],
        );
      },
    );
  },
};
