/**
 * API tokens over HTTP, for admins: list, create (the token is in the response, once) and revoke.
 */
import { Type } from '@sinclair/typebox';
import { createApiToken, listApiTokens, revokeApiToken } from '../../app/index.js';
import {
  CreatedTokenSchema,
  CreateTokenBodySchema,
  problemResponses,
  TokenListSchema,
} from '../schemas/index.js';
import type { RouteModule } from '../server-context.js';

export const tokensRoutes: RouteModule = {
  feature: 'tokens',
  register(app, context) {
    const { store } = context.workspace;

    app.get(
      '/api/v1/tokens',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['tokens'],
          summary: 'Every API token (never the tokens themselves)',
          response: { 200: TokenListSchema, ...problemResponses(401, 403) },
        },
      },
      async () => ({ tokens: await listApiTokens(store) }),
    );

    app.post(
      '/api/v1/tokens',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['tokens'],
          summary: 'Create a token; the response holds it, the only time it is shown',
          body: CreateTokenBodySchema,
          response: { 201: CreatedTokenSchema, ...problemResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request, reply) => {
        const created = await createApiToken(store, {
          role: request.body.role,
          ...(request.body.name !== undefined ? { name: request.body.name } : {}),
        });
        return reply.code(201).header('Cache-Control', 'no-store').send(created);
      },
    );

    app.delete(
      '/api/v1/tokens/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['tokens'],
          summary: 'Revoke a token at once',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await revokeApiToken(store, request.params.id);
        return reply.code(204).send(null);
      },
    );
  },
};
