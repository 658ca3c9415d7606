/**
 * Planning over HTTP: the plan (order, lanes, suggested dependencies) and the Monte Carlo forecast (P50/P85/P95 per
 * item, how many items by a date, one item); what `tpo plan` and `tpo forecast` do. Reads carry an ETag from the
 * backlog, the scan and the day (a forecast starts today).
 */
import { Type } from '@sinclair/typebox';
import { getForecast, getPlan } from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import {
  ForecastReportSchema,
  PlanReportSchema,
  problemResponses,
  RankingSchemeSchema,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';
import { getBacklogStamp } from './backlog-routes.js';
import { readDerived, type DerivedCache } from './read-derived.js';

const DaySchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD.' });
const PlanQuerySchema = Type.Object({
  wip: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'Items in progress at once (default 3).' }),
  ),
  scheme: Type.Optional(RankingSchemeSchema),
});

/** Unix seconds of a YYYY-MM-DD day (UTC midnight); Invalid for a day that does not exist. */
function parseDay(name: string, day: string): number {
  const seconds = Date.parse(`${day}T00:00:00Z`) / 1000;
  if (!Number.isFinite(seconds) || new Date(seconds * 1000).toISOString().slice(0, 10) !== day)
    throw new TpoError('Invalid', `${name} must be a calendar date YYYY-MM-DD, got "${day}".`);
  return seconds;
}

export const planRoutes: RouteModule = {
  feature: 'plan',
  register(app, context) {
    const ws = { repo: context.workspace.repo, store: context.workspace.store };
    const cache: DerivedCache = new Map();

    app.get(
      '/api/v1/plan',
      {
        schema: {
          tags: ['planning'],
          summary:
            'The open backlog in plan order within a WIP limit, with suggested dependencies (tpo plan)',
          querystring: PlanQuerySchema,
          response: { 200: PlanReportSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        readDerived(cache, request, reply, await getBacklogStamp(context), () =>
          getPlan(ws, {
            ...(request.query.wip !== undefined ? { wip: request.query.wip } : {}),
            ...(request.query.scheme ? { scheme: request.query.scheme } : {}),
          }),
        ),
    );

    app.get(
      '/api/v1/forecast',
      {
        schema: {
          tags: ['planning'],
          summary:
            'Monte Carlo forecast over the plan: P50/P85/P95 dates per item, how many items by a date, one item (tpo forecast)',
          querystring: Type.Intersect([
            PlanQuerySchema,
            Type.Object({
              by: Type.Optional(DaySchema),
              item: Type.Optional(
                Type.String({ minLength: 1, maxLength: 40, description: 'Only this item.' }),
              ),
              start: Type.Optional(DaySchema),
              trials: Type.Optional(Type.Integer({ minimum: 100, maximum: 100_000 })),
              seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 })),
            }),
          ]),
          response: { 200: ForecastReportSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const today = new Date().toISOString().slice(0, 10);
        return readDerived(cache, request, reply, `${await getBacklogStamp(context)}|${today}`, () =>
          getForecast(ws, {
            ...(q.wip !== undefined ? { wip: q.wip } : {}),
            ...(q.scheme ? { scheme: q.scheme } : {}),
            ...(q.by !== undefined ? { by: parseDay('by', q.by) } : {}),
            ...(q.start !== undefined ? { start: parseDay('start', q.start) } : {}),
            ...(q.item !== undefined ? { id: q.item } : {}),
            ...(q.trials !== undefined ? { trials: q.trials } : {}),
            ...(q.seed !== undefined ? { seed: q.seed } : {}),
          }),
        );
      },
    );
  },
};
