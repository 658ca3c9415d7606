/**
 * The HTTP face of tpo: the REST API under /api/v1 (OpenAPI 3.1 at /api/openapi.json, browsable at /api/docs)
 * and the web dashboard (web/dist) at /. Built on the app layer only.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  createScanJobs,
  listRepositories,
  openScannedRepository,
  type RepositoryHandle,
  type ScanJobs,
  type ScanQueue,
  type Workspace,
} from '../app/index.js';
import { DEFAULT_HOST, isLoopbackHost } from './address.js';
import { registerAuth } from './auth.js';
import { createNotFoundProblem, registerProblemHandlers, sendProblem } from './problem.js';
import { ROUTE_MODULES } from './routes/index.js';
import type { RouteModule, ServerContext, TpoTypeProvider } from './server-context.js';

export type { RouteModule, ServerContext, ApiInstance } from './server-context.js';

export { DEFAULT_HOST, DEFAULT_PORT } from './address.js';
/** Largest request body accepted (bytes): enough for a backlog import of thousands of items. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Where `npm run build` puts the dashboard, from src/server or dist/server alike. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface ServerOptions {
  readonly workspace: Workspace;
  /** The address the server listens on; anything but loopback makes API tokens required. Default 127.0.0.1. */
  readonly host?: string;
  /** Folder of the built dashboard (default web/dist); null serves the API only. */
  readonly webRoot?: string | null;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** Fastify's logger: false (default) or a pino level. */
  readonly logLevel?: false | 'error' | 'warn' | 'info' | 'debug';
  /** Scan jobs to share (default: a new registry). */
  readonly scanJobs?: ScanJobs;
  /** The scan queue (a PostgreSQL store with workers); default none: scans run in this process. */
  readonly scanQueue?: ScanQueue | null;
  /** Secret of the git webhook's signature (default TPO_WEBHOOK_SECRET; none turns the webhook off). */
  readonly webhookSecret?: string | null;
  /** More route modules, after the built-in ones (features in development, tests). */
  readonly routes?: readonly RouteModule[];
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Content-Security-Policy of the dashboard: everything from this server, nothing from anywhere else. */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  // ECharts and React set inline style attributes; no inline script runs.
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** tpo's mark and name, for the API documentation page's header. */
const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32"><rect width="32" height="32" rx="6" fill="#2563eb"/><path d="M8 10h16M16 10v14" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/><text x="42" y="24" font-family="system-ui, sans-serif" font-size="22" font-weight="700" fill="#fff">tpo</text></svg>';

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tpo</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>tpo</h1><p>The dashboard is not built yet: run <code>npm run build</code>, then reload.</p>
<p>The API is running: <a href="/api/docs">API documentation</a>.</p></body></html>`;

/**
 * Builds the server (not yet listening): call `listen({ host, port })` on it, or `inject` in tests.
 * @example
 * const ws = await openWorkspace({ repo: '.' });
 * const app = await createServer({ workspace: ws });
 * await app.listen({ host: DEFAULT_HOST, port: DEFAULT_PORT });
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { workspace } = options;
  const host = options.host ?? DEFAULT_HOST;
  const authRequired = !isLoopbackHost(host);
  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  const modules = [...ROUTE_MODULES, ...(options.routes ?? [])];

  const app = Fastify({
    logger: options.logLevel ? { level: options.logLevel } : false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: 500 },
    requestTimeout: 120_000,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
  }).withTypeProvider<TpoTypeProvider>();

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tpo API',
        version: readVersion(),
        description:
          "The technical product owner's judgment from your repository, over HTTP. Reads carry an ETag; writes to versioned resources need If-Match (428 without it, 409 when stale). Beyond loopback every request needs a bearer token (`tpo token create --role viewer|editor|admin`). Errors are application/problem+json.",
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        {
          name: 'codebase',
          description: 'The scanned code model: hotspots, coupling, dependencies, knowledge.',
        },
        {
          name: 'reviews',
          description: 'Architecture and third-party dependency reviews of the scanned commit.',
        },
        { name: 'scans', description: 'Scans in the background and their progress.' },
        {
          name: 'jobs',
          description:
            "The workspace's repositories, the scan queue that workers take jobs from, and the git webhook.",
        },
        {
          name: 'backlog',
          description: 'Items, their ranking with technical judgment, imports and exports.',
        },
        {
          name: 'debt',
          description: 'Technical debt ranked by interest, and build-now or build-right trade-offs.',
        },
        { name: 'review', description: 'What a branch or range really touches.' },
        { name: 'planning', description: 'Plan order and Monte Carlo forecasts.' },
        { name: 'tokens', description: 'API tokens (admin).' },
        { name: 'server', description: 'Health and what the server offers.' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, deepLinking: true, tryItOutEnabled: false },
    logo: { type: 'image/svg+xml', content: Buffer.from(LOGO_SVG), href: '/', target: '_self' },
    staticCSP: true,
  });

  // JSON only: a text/plain body is what a form on another web site can send without asking first.
  app.removeContentTypeParser('text/plain');
  registerProblemHandlers(app);
  registerAuth(app, { required: authRequired, store: workspace.store });

  app.addHook('onSend', (request, reply, payload, done) => {
    void reply
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      // Time spent in the server (ms), apart from the network and the client: what bench/load-api.js reports.
      .header('Server-Timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    if (!request.url.startsWith('/api/docs')) {
      void reply.header('X-Frame-Options', 'DENY');
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('text/html'))
        void reply.header('Content-Security-Policy', DASHBOARD_CSP);
    }
    done(null, payload);
  });

  const repoCache = new Map<number, RepositoryHandle>();
  const context: ServerContext = {
    workspace,
    scanJobs: options.scanJobs ?? createScanJobs(),
    scanQueue: options.scanQueue ?? null,
    webhookSecret:
      options.webhookSecret !== undefined ? options.webhookSecret : process.env.TPO_WEBHOOK_SECRET || null,
    version: readVersion(),
    authRequired,
    features: modules.map((m) => m.feature),
    async resolveRepo(requested) {
      let id = requested;
      if (id === undefined) {
        // A team server started with no repository of its own serves the store's first one by default.
        if (workspace.repo.root !== '') return workspace.repo;
        const first = (await listRepositories(workspace.store))[0];
        if (!first) return workspace.repo;
        id = first.id;
      }
      const cached = repoCache.get(id);
      if (cached) return cached;
      const served = (await listRepositories(workspace.store)).find((r) => r.root === workspace.repo.root);
      const repo = served?.id === id ? workspace.repo : await openScannedRepository(workspace.store, id);
      repoCache.set(id, repo);
      return repo;
    },
  };
  for (const module of modules) module.register(app, context);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, (_request, reply) =>
    reply.header('Cache-Control', 'no-cache').send(app.swagger()),
  );

  const hasDashboard = webRoot !== null && existsSync(path.join(webRoot, 'index.html'));
  if (hasDashboard) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      // Vite names built assets by content hash: they never change, so browsers may keep them.
      setHeaders(res, filePath) {
        res.setHeader(
          'Cache-Control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
  } else {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
    );
  }

  app.setNotFoundHandler((request, reply) => {
    // The dashboard routes in the browser (#/hotspots): any other page address gets the dashboard itself.
    if (
      hasDashboard &&
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)
    )
      return reply.sendFile('index.html');
    return sendProblem(reply, createNotFoundProblem(request));
  });

  app.addHook('onClose', async () => {
    await context.scanJobs.close();
  });
  return app;
}
