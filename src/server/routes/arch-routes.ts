/**
 * The architecture and dependency reviews over HTTP: what `tpo arch --json` and `tpo deps-review --json` print,
 * for the scanned commit. The configuration and baseline are the repository's own (a file path from a request is
 * never read). No ETag: both reviews may read the working tree (a draft configuration, installed package metadata),
 * which changes without a scan.
 */
import { Type } from '@sinclair/typebox';
import { getArchitectureReview, getDependencyReview } from '../../app/index.js';
import {
  ArchitectureReportSchema,
  DependencyReviewSchema,
  problemResponses,
  RepoQuerySchema,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';

export const archRoutes: RouteModule = {
  feature: 'arch',
  register(app, context) {
    const { store } = context.workspace;

    app.get(
      '/api/v1/arch',
      {
        schema: {
          tags: ['reviews'],
          summary:
            'Architecture review of the scanned commit: rule violations, module cycles, coupling, instability (tpo arch)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({
              ignoreBaseline: Type.Optional(
                Type.Boolean({
                  default: false,
                  description: 'Count every violation as new (ignore the baseline).',
                }),
              ),
            }),
          ]),
          response: { 200: ArchitectureReportSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) =>
        getArchitectureReview(await context.resolveRepo(request.query.repo), store, {
          ignoreBaseline: request.query.ignoreBaseline === true,
        }),
    );

    app.get(
      '/api/v1/deps-review',
      {
        schema: {
          tags: ['reviews'],
          summary:
            'Third-party packages from lockfiles and manifests, with who imports each (tpo deps-review)',
          querystring: RepoQuerySchema,
          response: { 200: DependencyReviewSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getDependencyReview(await context.resolveRepo(request.query.repo), store),
    );
  },
};
