/**
 * The workspace's repositories, the scan queue and the git webhook. With a PostgreSQL store the server queues
 * scans and `tpo worker` processes run them; the jobs' state, progress and failures are read here.
 */
import { Type } from '@sinclair/typebox';
import {
  addWorkspaceRepo,
  listWorkspaceRepos,
  queueWebhookScans,
  removeWorkspaceRepo,
  type ScanQueue,
} from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import {
  AddWorkspaceRepoBodySchema,
  EnqueueBodySchema,
  EnqueueResultSchema,
  JobListSchema,
  LimitSchema,
  problemResponses,
  QueuedScanSchema,
  WorkspaceRepoListSchema,
  WorkspaceRepoSchema,
} from '../schemas/index.js';
import type { ApiInstance, RouteModule, ServerContext, TpoTypeProvider } from '../server-context.js';

function requireQueue(context: ServerContext): ScanQueue {
  if (context.scanQueue === null)
    throw new TpoError(
      'Invalid',
      'this server has no scan queue: queued scans need a PostgreSQL store ("tpo serve --database postgres://...") and "tpo worker" processes. Start a scan here with POST /api/v1/scans instead.',
    );
  return context.scanQueue;
}

/** The webhook reads its body as bytes: the signature is over exactly what the git host sent. */
function registerWebhook(app: ApiInstance, context: ServerContext): void {
  void app.register((plain, _options, done) => {
    const child = plain.withTypeProvider<TpoTypeProvider>();
    child.removeContentTypeParser('application/json');
    child.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, next) =>
      next(null, body),
    );
    child.post(
      '/api/v1/webhooks/git',
      {
        config: { public: true },
        schema: {
          tags: ['jobs'],
          summary: 'A push from a git host: queue scans of the workspace repositories it names',
          description:
            'Signed like GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>` under the shared secret in TPO_WEBHOOK_SECRET (401 when it does not match). The payload names the repository by its clone or web URL (GitHub, Gitea `repository`, GitLab `project`), else by name; `?repo=<name>` names it directly. Content type application/json.',
          querystring: Type.Object({ repo: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }),
          response: { 202: EnqueueResultSchema, ...problemResponses(400, 401, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const header = request.headers['x-hub-signature-256'];
        const call = {
          secret: context.webhookSecret,
          body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          signature: typeof header === 'string' ? header : undefined,
          ...(request.query.repo ? { repoName: request.query.repo } : {}),
        };
        const results = await queueWebhookScans(context.workspace.store, () => requireQueue(context), call);
        return reply.code(202).send({ results });
      },
    );
    done();
  });
}

export const jobsRoutes: RouteModule = {
  feature: 'jobs',
  register(app, context) {
    const { store } = context.workspace;

    app.get(
      '/api/v1/workspace/repos',
      {
        schema: {
          tags: ['jobs'],
          summary: "The workspace's repositories (local paths and clone URLs) with their last scan",
          response: { 200: WorkspaceRepoListSchema, ...problemResponses(401, 403) },
        },
      },
      async (_request, reply) => {
        void reply.header('Cache-Control', 'no-store');
        return { repos: await listWorkspaceRepos(store) };
      },
    );

    app.post(
      '/api/v1/workspace/repos',
      {
        // Admin: a path makes the server and its workers read that folder.
        config: { role: 'admin' },
        schema: {
          tags: ['jobs'],
          summary: 'Add a repository to the workspace (409 when its name or source is there already)',
          body: AddWorkspaceRepoBodySchema,
          response: { 201: WorkspaceRepoSchema, ...problemResponses(400, 401, 403, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const added = await addWorkspaceRepo(store, {
          source: request.body.source,
          ...(request.body.name !== undefined ? { name: request.body.name } : {}),
        });
        return reply.code(201).send(added);
      },
    );

    app.delete(
      '/api/v1/workspace/repos/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags: ['jobs'],
          summary: 'Remove a repository from the workspace (its scanned code model stays)',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await removeWorkspaceRepo(store, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Scan jobs, newest first: waiting, running (with progress), retrying, done and failed',
          querystring: Type.Object({
            repo: Type.Optional(Type.Integer({ minimum: 1, description: 'Workspace repository id.' })),
            limit: Type.Optional({ ...LimitSchema, default: 100 }),
          }),
          response: { 200: JobListSchema, ...problemResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        void reply.header('Cache-Control', 'no-store');
        const queue = context.scanQueue;
        if (queue === null) return { enabled: false, leaseSeconds: null, jobs: [] };
        const jobs = await queue.list({
          ...(request.query.repo !== undefined ? { repoId: request.query.repo } : {}),
          limit: request.query.limit ?? 100,
        });
        return { enabled: true, leaseSeconds: queue.leaseSeconds, jobs };
      },
    );

    app.get(
      '/api/v1/jobs/:id',
      {
        schema: {
          tags: ['jobs'],
          summary: 'One scan job',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 200: QueuedScanSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        void reply.header('Cache-Control', 'no-store');
        return requireQueue(context).get(request.params.id);
      },
    );

    app.post(
      '/api/v1/jobs',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['jobs'],
          summary:
            'Queue a scan of one workspace repository, or of all of them (a waiting one is not doubled)',
          body: EnqueueBodySchema,
          response: { 202: EnqueueResultSchema, ...problemResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const queue = requireQueue(context);
        const results =
          request.body.repo === undefined
            ? await queue.enqueueAll(store, 'api')
            : [await queue.enqueue(store, request.body.repo, 'api')];
        return reply.code(202).send({ results });
      },
    );

    registerWebhook(app, context);
  },
};
