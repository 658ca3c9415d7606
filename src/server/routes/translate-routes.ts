/**
 * Translation over HTTP: an item or a request explained for a stakeholder or an engineer, a goal broken into
 * technical tasks, the assessment "do we need a technical product owner?", and the stakeholder report (HTML or
 * Markdown); what `tpo explain`, `tpo breakdown`, `tpo assess` and `tpo report` do. Reads only: `--create` stays
 * on the command line. Reads carry an ETag from the backlog, the scan and the day (a forecast starts today).
 */
import { Type } from '@sinclair/typebox';
import {
  formatStakeholderReport,
  getAssessment,
  getBreakdown,
  getExplanation,
  getStakeholderReport,
} from '../../app/index.js';
import {
  AssessmentSchema,
  AudienceSchema,
  BreakdownSchema,
  ExplanationSchema,
  problemResponses,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';
import { getBacklogStamp } from './backlog-routes.js';
import { readDerived, type DerivedCache } from './read-derived.js';

const ItemParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40, description: 'T-4, t-4 or 4.' }),
});
const TextQuery = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 2000, description: 'A request or goal in free text.' }),
});
const AudienceQuery = Type.Object({ for: Type.Optional(AudienceSchema) });

export const translateRoutes: RouteModule = {
  feature: 'translate',
  register(app, context) {
    const ws = { repo: context.workspace.repo, store: context.workspace.store };
    const cache: DerivedCache = new Map();
    const stamp = async (): Promise<string> =>
      `${await getBacklogStamp(context)}|${new Date().toISOString().slice(0, 10)}`;

    app.get(
      '/api/v1/items/:id/explanation',
      {
        schema: {
          tags: ['translate'],
          summary:
            'An item in plain words for a stakeholder, or in technical terms for an engineer (tpo explain)',
          params: ItemParams,
          querystring: AudienceQuery,
          response: { 200: ExplanationSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        readDerived(cache, request, reply, await stamp(), () =>
          getExplanation(ws, request.params.id, request.query.for ? { audience: request.query.for } : {}),
        ),
    );

    app.get(
      '/api/v1/explain',
      {
        schema: {
          tags: ['translate'],
          summary: 'A request in free text, placed in the code first, then explained (tpo explain "text")',
          querystring: Type.Intersect([TextQuery, AudienceQuery]),
          response: { 200: ExplanationSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        readDerived(cache, request, reply, await stamp(), () =>
          getExplanation(ws, request.query.text, request.query.for ? { audience: request.query.for } : {}),
        ),
    );

    app.get(
      '/api/v1/items/:id/breakdown',
      {
        schema: {
          tags: ['translate'],
          summary: 'An item broken into technical tasks per layer it crosses (tpo breakdown)',
          params: ItemParams,
          response: { 200: BreakdownSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        readDerived(cache, request, reply, await stamp(), () => getBreakdown(ws, request.params.id)),
    );

    app.get(
      '/api/v1/breakdown',
      {
        schema: {
          tags: ['translate'],
          summary: 'A goal in free text broken into technical tasks per layer (tpo breakdown "goal")',
          querystring: TextQuery,
          response: { 200: BreakdownSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) =>
        readDerived(cache, request, reply, await stamp(), () => getBreakdown(ws, request.query.text)),
    );

    app.get(
      '/api/v1/assess',
      {
        schema: {
          tags: ['translate'],
          summary:
            'Do we need a technical product owner? The verdict with the evidence of each signal (tpo assess)',
          response: { 200: AssessmentSchema, ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => readDerived(cache, request, reply, await stamp(), () => getAssessment(ws)),
    );

    app.get(
      '/api/v1/report',
      {
        schema: {
          tags: ['translate'],
          summary:
            'The stakeholder report: one self-contained HTML page (charts as inline SVG), or Markdown (tpo report)',
          querystring: Type.Object({
            format: Type.Optional(Type.Union([Type.Literal('html'), Type.Literal('markdown')])),
          }),
          response: { 200: Type.String(), ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const format = request.query.format ?? 'html';
        return readDerived(
          cache,
          request,
          reply,
          await stamp(),
          async () => formatStakeholderReport(await getStakeholderReport(ws), format),
          format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8',
        );
      },
    );
  },
};
