/**
 * GET /api/health and GET /api/v1/meta: is the server up, and what does it offer to whom.
 */
import { listRepositories } from '../../app/index.js';
import { HealthSchema, MetaSchema } from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';

export const metaRoutes: RouteModule = {
  feature: 'meta',
  register(app, context) {
    app.get(
      '/api/health',
      {
        config: { public: true },
        schema: {
          tags: ['server'],
          summary: 'Is the server up',
          security: [],
          response: { 200: HealthSchema },
        },
      },
      () => ({ status: 'ok' as const }),
    );

    app.get(
      '/api/v1/meta',
      {
        schema: {
          tags: ['server'],
          summary: 'What this server offers: version, features (route groups), whether tokens are needed',
          response: { 200: MetaSchema },
        },
      },
      async (request) => {
        const served = (await listRepositories(context.workspace.store)).find(
          (r) => r.root === context.workspace.repo.root,
        );
        return {
          name: 'tpo' as const,
          version: context.version,
          features: [...context.features],
          authRequired: context.authRequired,
          role: request.tpoRole,
          repo: { id: served?.id ?? null, name: context.workspace.repo.name },
        };
      },
    );
  },
};
