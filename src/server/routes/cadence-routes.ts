/**
 * Scrum and Kanban over HTTP: the cadence and WIP limits (read and change), sprints (list, status with the
 * burndown, the proposed plan, the forecast in sprints) and flow with the Kanban board; what `tpo cadence`,
 * `tpo sprint …` and `tpo flow` print with --json. No ETag on the reads: they depend on the clock (today's
 * burndown point, work-item ages), not only on stored data.
 */
import { Type } from '@sinclair/typebox';
import {
  getCadence,
  getFlow,
  getSprintForecast,
  getSprintPlan,
  getSprintStatus,
  listSprints,
  updateCadence,
} from '../../app/index.js';
import {
  CadenceSettingsSchema,
  FlowSchema,
  problemResponses,
  RepoQuerySchema,
  SprintForecastSchema,
  SprintListSchema,
  SprintPlanSchema,
  SprintStatusSchema,
  UpdateCadenceBodySchema,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';

const SprintQuerySchema = Type.Intersect([
  RepoQuerySchema,
  Type.Object({
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'The sprint (default: see summary).' }),
    ),
  }),
]);

export const cadenceRoutes: RouteModule = {
  feature: 'cadence',
  register(app, context) {
    const { store } = context.workspace;

    app.get(
      '/api/v1/cadence',
      {
        schema: {
          tags: ['cadence'],
          summary: "The workspace's cadence (scrum, kanban, hybrid) and WIP limits (tpo cadence)",
          response: { 200: CadenceSettingsSchema, ...problemResponses(401, 403) },
        },
      },
      async () => getCadence(store),
    );

    app.post(
      '/api/v1/cadence',
      {
        schema: {
          tags: ['cadence'],
          summary: 'Change the cadence and WIP limits at once (tpo cadence, tpo wip set); all or nothing',
          body: UpdateCadenceBodySchema,
          response: { 200: CadenceSettingsSchema, ...problemResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request) =>
        updateCadence(store, {
          ...(request.body.cadence !== undefined ? { cadence: request.body.cadence } : {}),
          ...(request.body.wipLimits !== undefined ? { wipLimits: request.body.wipLimits } : {}),
        }),
    );

    app.get(
      '/api/v1/sprints',
      {
        schema: {
          tags: ['cadence'],
          summary: 'Every sprint with committed versus done (tpo sprint list)',
          response: { 200: SprintListSchema, ...problemResponses(401, 403) },
        },
      },
      async () => ({ sprints: await listSprints(store) }),
    );

    app.get(
      '/api/v1/sprints/status',
      {
        schema: {
          tags: ['cadence'],
          summary:
            'Committed versus done and the burndown of a sprint (default: the active one, else the last started, else the next) (tpo sprint status)',
          querystring: SprintQuerySchema,
          response: { 200: SprintStatusSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        getSprintStatus(store, request.query.name !== undefined ? { name: request.query.name } : {}),
    );

    app.get(
      '/api/v1/sprints/plan',
      {
        schema: {
          tags: ['cadence'],
          summary:
            'The proposed items of a sprint (default: the next one not started) within its capacity; read only (tpo sprint plan)',
          querystring: SprintQuerySchema,
          response: { 200: SprintPlanSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        getSprintPlan(
          { repo: await context.resolveRepo(request.query.repo), store },
          request.query.name !== undefined ? { name: request.query.name } : {},
        ),
    );

    app.get(
      '/api/v1/sprints/forecast',
      {
        schema: {
          tags: ['cadence'],
          summary:
            'In how many sprints each open item will be done, from past velocity (tpo sprint forecast)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({
              trials: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
              seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
            }),
          ]),
          response: { 200: SprintForecastSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) =>
        getSprintForecast(
          { repo: await context.resolveRepo(request.query.repo), store },
          {
            ...(request.query.trials !== undefined ? { trials: request.query.trials } : {}),
            ...(request.query.seed !== undefined ? { seed: request.query.seed } : {}),
          },
        ),
    );

    app.get(
      '/api/v1/flow',
      {
        schema: {
          tags: ['cadence'],
          summary:
            'Flow: throughput, cycle-time percentiles, aging work, WIP against limits, cumulative flow, the Kanban board (tpo flow)',
          querystring: Type.Object({
            window: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 520, description: 'Weeks (default 12).' }),
            ),
          }),
          response: { 200: FlowSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) =>
        getFlow(store, request.query.window !== undefined ? { windowWeeks: request.query.window } : {}),
    );
  },
};
