/**
 * Review of a branch or a range over HTTP: the items it serves, files outside their area, hotspots touched,
 * complexity added, new debt markers, likely-missing co-changes, reviewers and a risk level, plus the Markdown of a
 * pull-request comment; what `tpo review` does. And the branches to pick from. No ETag: branches move without a scan.
 */
import { Type } from '@sinclair/typebox';
import { formatReview, getReviewBranches, reviewChange } from '../../app/index.js';
import { BranchListSchema, problemResponses, RepoQuerySchema, ReviewReportSchema } from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';

export const reviewRoutes: RouteModule = {
  feature: 'review',
  register(app, context) {
    const { store } = context.workspace;

    app.get(
      '/api/v1/review/branches',
      {
        schema: {
          tags: ['review'],
          summary: 'Branches to review, newest first, with the default base',
          querystring: RepoQuerySchema,
          response: { 200: BranchListSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => getReviewBranches(await context.resolveRepo(request.query.repo)),
    );

    app.get(
      '/api/v1/review',
      {
        schema: {
          tags: ['review'],
          summary:
            'Review a range: "base..head", "base...head" or "base" (head = HEAD); default: the default branch against HEAD (tpo review)',
          querystring: Type.Intersect([
            RepoQuerySchema,
            Type.Object({
              range: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 400,
                  pattern: '^[^\\s-][^\\s]*$',
                  description: 'Revisions, such as main..feature/export.',
                }),
              ),
              item: Type.Optional(
                Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
                  maxItems: 50,
                  description: 'Items the change serves (else found in its commit messages).',
                }),
              ),
            }),
          ]),
          response: { 200: ReviewReportSchema, ...problemResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request) => {
        const repo = await context.resolveRepo(request.query.repo);
        const report = await reviewChange(repo, store, {
          ...(request.query.range !== undefined ? { range: request.query.range } : {}),
          ...(request.query.item ? { itemIds: request.query.item } : {}),
        });
        return { ...report, markdown: formatReview(report, 'markdown', context.version) };
      },
    );
  },
};
