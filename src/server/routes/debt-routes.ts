/**
 * Technical debt over HTTP: the register ranked by the interest the team pays, filing a candidate as a backlog item,
 * and the build-now or build-right trade-off for an area or an item; what `tpo debt`, `tpo debt file` and
 * `tpo tradeoff` do. Reads carry an ETag from the scanned version and the backlog (filed debt counts).
 */
import { Type } from '@sinclair/typebox';
import { fileDebt, getDebtMap, getDebtRegister, getItemTradeoff, getTradeoff } from '../../app/index.js';
import { normalizeItemId, TpoError } from '../../domain/index.js';
import { formatEtag } from '../concurrency.js';
import {
  DebtMapSchema,
  DebtRegisterSchema,
  ItemSchema,
  problemResponses,
  RepoQuerySchema,
  TradeoffReportSchema,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';
import { getBacklogStamp } from './backlog-routes.js';
import { readDerived, type DerivedCache } from './read-derived.js';

const RateSchema = Type.Number({
  minimum: 0,
  description: 'Money per person-hour (default $TPO_HOURLY_RATE, else 100).',
});

export const debtRoutes: RouteModule = {
  feature: 'debt',
  register(app, context) {
    const { store } = context.workspace;
    const cache: DerivedCache = new Map();

    app.get(
      '/api/v1/debt',
      {
        schema: {
          tags: ['debt'],
          summary:
            'The debt register: candidates and filed debt ranked by interest, module health (tpo debt)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
              rate: Type.Optional(RateSchema),
            }),
          ]),
          response: { 200: DebtRegisterSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const repo = await context.resolveRepo(request.query.repo);
        return readDerived(cache, request, reply, await getBacklogStamp(context, repo), () =>
          getDebtRegister(repo, store, {
            ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
            ...(request.query.rate !== undefined ? { hourlyRate: request.query.rate } : {}),
          }),
        );
      },
    );

    app.get(
      '/api/v1/debt/map',
      {
        schema: {
          tags: ['debt'],
          summary: 'Every code file with its lines, health and the interest it costs (the debt treemap)',
          querystring: RepoQuerySchema,
          response: { 200: DebtMapSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const repo = await context.resolveRepo(request.query.repo);
        return readDerived(cache, request, reply, await getBacklogStamp(context, repo), () =>
          getDebtMap(repo, store),
        );
      },
    );

    app.post(
      '/api/v1/debt/file',
      {
        schema: {
          tags: ['debt'],
          summary: 'File a debt candidate as a backlog item of kind debt (tpo debt file)',
          querystring: RepoQuerySchema,
          body: Type.Object(
            {
              id: Type.String({
                minLength: 1,
                maxLength: 4200,
                description: 'The entry id from the register.',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 201: ItemSchema, ...problemResponses(400, 401, 403, 404, 409, 415) },
        },
      },
      async (request, reply) => {
        const item = await fileDebt(await context.resolveRepo(request.query.repo), store, request.body.id);
        return reply
          .code(201)
          .header('Location', `/api/v1/items/${item.id}`)
          .header('ETag', formatEtag(item.version))
          .send(item);
      },
    );

    app.get(
      '/api/v1/debt/tradeoff',
      {
        schema: {
          tags: ['debt'],
          summary:
            'Build now or pay the debt first, for an area (area + effort) or an item (its area, stated effort, and the later items of the plan in the same files): break-even and a recommendation (tpo tradeoff)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({
              item: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'An item id.' })),
              area: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
                  maxItems: 100,
                  description: 'Files, folders ending in "/", or globs (default: the item\'s areas).',
                }),
              ),
              effort: Type.Optional(
                Type.Number({
                  minimum: 0,
                  description: "Person-hours in healthy code (default: the item's stated effort).",
                }),
              ),
              horizon: Type.Optional(
                Type.Integer({ minimum: 1, maximum: 120, description: 'Months (default 6).' }),
              ),
              rate: Type.Optional(RateSchema),
            }),
          ]),
          response: { 200: TradeoffReportSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const repo = await context.resolveRepo(q.repo);
        return readDerived(cache, request, reply, await getBacklogStamp(context, repo), async () => {
          const common = {
            ...(q.horizon !== undefined ? { horizonMonths: q.horizon } : {}),
            ...(q.rate !== undefined ? { hourlyRate: q.rate } : {}),
          };
          if (q.item !== undefined && q.area === undefined)
            return getItemTradeoff({ repo, store }, normalizeItemId(q.item), {
              ...common,
              ...(q.effort !== undefined ? { effortHours: q.effort } : {}),
            });
          if (q.area === undefined || q.area.length === 0)
            throw new TpoError(
              'Invalid',
              'give the code the work touches (area=src/billing/) and its effort, or an item (item=T-3).',
            );
          if (q.effort === undefined)
            throw new TpoError('Invalid', 'give the effort of the work in person-hours (effort=16).');
          const report = await getTradeoff(repo, store, { areas: q.area, effortHours: q.effort, ...common });
          return {
            ...report,
            item: null,
            effortHours: q.effort,
            effortSource: 'option' as const,
            upcoming: [],
          };
        });
      },
    );
  },
};
