/**
 * The code model over HTTP: repositories, summary, hotspots, code map, knowledge, coupling, dependencies and
 * owners; what `tpo summary|hotspots|coupling|deps|owners` print. Every read carries an ETag derived from the
 * scanned version, so a dashboard polling after a scan gets 304 until the figures change.
 */
import { Type } from '@sinclair/typebox';
import {
  getCodebaseSummary,
  getCodeMap,
  getCoupling,
  getDependencies,
  getHotspots,
  getKnowledge,
  getOwners,
  listRepositories,
} from '../../app/index.js';
import {
  CodebaseSummarySchema,
  CodeMapSchema,
  CouplingSchema,
  DependencyReportSchema,
  HotspotListSchema,
  KnowledgeSchema,
  LimitSchema,
  OwnersReportSchema,
  problemResponses,
  RepoQuerySchema,
  RepositoryListSchema,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';
import { readCodeModel } from './read-code-model.js';

const PathSchema = Type.String({
  minLength: 1,
  maxLength: 4096,
  description: 'A path relative to the repository root.',
});

const READ_ERRORS = problemResponses(400, 401, 403, 404);

export const codebaseRoutes: RouteModule = {
  feature: 'codebase',
  register(app, context) {
    const { store } = context.workspace;
    const cache: Parameters<typeof readCodeModel>[1] = new Map();

    app.get(
      '/api/v1/repos',
      {
        schema: {
          tags: ['codebase'],
          summary: 'Repositories in the store',
          response: { 200: RepositoryListSchema, ...problemResponses(401, 403) },
        },
      },
      async () => ({
        repos: (await listRepositories(store)).map((r, i) => ({
          ...r,
          // A team server without a repository of its own serves the first one by default.
          served: context.workspace.repo.root === '' ? i === 0 : r.root === context.workspace.repo.root,
        })),
      }),
    );

    app.get(
      '/api/v1/summary',
      {
        schema: {
          tags: ['codebase'],
          summary: 'A one-screen picture of the scanned codebase (tpo summary)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({ top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10 })) }),
          ]),
          response: { 200: CodebaseSummarySchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(context, cache, request, reply, CodebaseSummarySchema, request.query.repo, (repo) =>
          getCodebaseSummary(repo, store, { top: request.query.top ?? 10 }),
        ),
    );

    app.get(
      '/api/v1/hotspots',
      {
        schema: {
          tags: ['codebase'],
          summary: 'Files ranked by change frequency x complexity (tpo hotspots)',
          querystring: Type.Intersect([RepoQuerySchema, Type.Object({ limit: Type.Optional(LimitSchema) })]),
          response: { 200: HotspotListSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(
          context,
          cache,
          request,
          reply,
          HotspotListSchema,
          request.query.repo,
          async (repo) => ({
            hotspots: await getHotspots(
              repo,
              store,
              request.query.limit !== undefined ? { limit: request.query.limit } : {},
            ),
          }),
        ),
    );

    app.get(
      '/api/v1/codemap',
      {
        schema: {
          tags: ['codebase'],
          summary: 'Every code file with lines of code and hotspot score (the treemap)',
          querystring: RepoQuerySchema,
          response: { 200: CodeMapSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(context, cache, request, reply, CodeMapSchema, request.query.repo, (repo) =>
          getCodeMap(repo, store),
        ),
    );

    app.get(
      '/api/v1/knowledge',
      {
        schema: {
          tags: ['codebase'],
          summary: 'Truck factor of every module and the inactive owners of code',
          querystring: RepoQuerySchema,
          response: { 200: KnowledgeSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(context, cache, request, reply, KnowledgeSchema, request.query.repo, (repo) =>
          getKnowledge(repo, store),
        ),
    );

    app.get(
      '/api/v1/coupling',
      {
        schema: {
          tags: ['codebase'],
          summary: 'Coupled file pairs, or the files that change with one file (tpo coupling)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({ file: Type.Optional(PathSchema), limit: Type.Optional(LimitSchema) }),
          ]),
          response: { 200: CouplingSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(context, cache, request, reply, CouplingSchema, request.query.repo, (repo) =>
          getCoupling(repo, store, {
            ...(request.query.file !== undefined ? { file: request.query.file } : {}),
            ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
          }),
        ),
    );

    app.get(
      '/api/v1/deps',
      {
        schema: {
          tags: ['codebase'],
          summary: 'What a file imports, what imports it, and everything that reaches it (tpo deps)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({ file: PathSchema, dependents: Type.Optional(Type.Boolean({ default: false })) }),
          ]),
          response: { 200: DependencyReportSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(context, cache, request, reply, DependencyReportSchema, request.query.repo, (repo) =>
          getDependencies(repo, store, request.query.file, { dependents: request.query.dependents === true }),
        ),
    );

    app.get(
      '/api/v1/owners',
      {
        schema: {
          tags: ['codebase'],
          summary: 'Who knows a file or folder: main authors, truck factor, inactive owners (tpo owners)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({ path: Type.Optional(Type.String({ maxLength: 4096, default: '' })) }),
          ]),
          response: { 200: OwnersReportSchema, ...READ_ERRORS },
        },
      },
      async (request, reply) =>
        readCodeModel(context, cache, request, reply, OwnersReportSchema, request.query.repo, (repo) =>
          getOwners(repo, store, request.query.path ?? ''),
        ),
    );
  },
};
