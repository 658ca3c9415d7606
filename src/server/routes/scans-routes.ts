/**
 * Scans from the API: start one in the background (one per repository at a time), read its state, or follow
 * its progress as server-sent events.
 */
import { getLastScan, type ScanJob } from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import {
  CurrentScanSchema,
  problemResponses,
  RepoQuerySchema,
  ScanJobSchema,
  StartScanBodySchema,
} from '../schemas/index.js';
import type { ApiInstance, RouteModule, ServerContext } from '../server-context.js';

/** A comment line every so often keeps proxies and browsers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

function toBody(job: ScanJob): Omit<ScanJob, 'root'> {
  const { root: _root, ...body } = job;
  return body;
}

/** Open event streams, ended when the server closes (their connections would keep it open). */
function registerEventStream(app: ApiInstance, context: ServerContext): void {
  const streams = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of streams) end();
    done();
  });

  app.get(
    '/api/v1/scans/events',
    {
      schema: {
        tags: ['scans'],
        summary: 'Progress of the repository\'s scans as server-sent events ("scan" events with a ScanJob)',
        description:
          'A text/event-stream: one `scan` event with the current job (or null) at once, then one on every change of progress, until the client leaves.',
        querystring: RepoQuerySchema,
        produces: ['text/event-stream'],
        response: {
          200: { type: 'string', description: 'text/event-stream' },
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const repo = await context.resolveRepo(request.query.repo);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'X-Content-Type-Options': 'nosniff',
      });
      const send = (job: ScanJob | null): void => {
        res.write(
          `event: scan\n${job ? `id: ${job.id}\n` : ''}data: ${JSON.stringify(job ? toBody(job) : null)}\n\n`,
        );
      };
      send(context.scanJobs.current(repo.root));
      const unsubscribe = context.scanJobs.subscribe(repo.root, send);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const end = (): void => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(end);
        if (!res.writableEnded) res.end();
      };
      streams.add(end);
      request.raw.on('close', end);
    },
  );
}

export const scansRoutes: RouteModule = {
  feature: 'scans',
  register(app, context) {
    app.post(
      '/api/v1/scans',
      {
        config: { role: 'editor' },
        schema: {
          tags: ['scans'],
          summary: 'Start a scan in the background (409 Busy while one runs for the repository)',
          body: StartScanBodySchema,
          response: { 202: ScanJobSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        if (context.scanQueue !== null)
          throw new TpoError(
            'Invalid',
            'this server queues scans for its workers: POST /api/v1/jobs (or the Jobs page) instead.',
          );
        const repo = await context.resolveRepo(request.body.repo);
        const job = await context.scanJobs.start(repo, context.workspace.store, {
          ...(request.body.until !== undefined ? { until: request.body.until } : {}),
          openStore: context.workspace.openStoreConnection,
        });
        return reply
          .code(202)
          .header(
            'Location',
            `/api/v1/scans/current${request.body.repo !== undefined ? `?repo=${request.body.repo}` : ''}`,
          )
          .send(toBody(job));
      },
    );

    app.get(
      '/api/v1/scans/current',
      {
        schema: {
          tags: ['scans'],
          summary: 'The running or last scan of the repository since the server started (null if none)',
          querystring: RepoQuerySchema,
          response: { 200: CurrentScanSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const repo = await context.resolveRepo(request.query.repo);
        const job = context.scanJobs.current(repo.root);
        void reply.header('Cache-Control', 'no-store');
        return { job: job ? toBody(job) : null, last: await getLastScan(repo, context.workspace.store) };
      },
    );

    registerEventStream(app, context);
  },
};
