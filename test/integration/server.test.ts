import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, type TokenRole } from '../../src/app/index.js';
import { createServer } from '../../src/server/index.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/stores.js';

function expectProblem(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): Record<string, unknown> {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({
    status,
    code,
    type: expect.stringMatching(/^https:\/\/tpo\.dev\/problems\//),
  });
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(body).not.toHaveProperty('stack');
  return body;
}

const READ_ROUTES = [
  '/api/v1/summary',
  '/api/v1/hotspots',
  '/api/v1/codemap',
  '/api/v1/knowledge',
  '/api/v1/coupling',
  '/api/v1/deps?file=src/billing/tax.ts',
  '/api/v1/owners?path=src',
];

describe.each(DIALECTS)('HTTP API on %s', (dialect) => {
  let server: TestServer;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = await createTestServer(dialect);
    app = server.app;
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers health and meta, with the features the dashboard needs', async () => {
    const health = await app.inject({ url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok' });
    const meta = await app.inject({ url: '/api/v1/meta' });
    expect(meta.statusCode).toBe(200);
    expect(meta.json()).toMatchObject({
      name: 'tpo',
      authRequired: false,
      role: 'admin',
      features: expect.arrayContaining(['codebase', 'arch', 'scans', 'tokens']),
      repo: { id: 1, name: path.basename(server.repo.dir) },
    });
  });

  it('lists the scanned repositories, marking the served one', async () => {
    const response = await app.inject({ url: '/api/v1/repos' });
    expect(response.json()).toEqual({
      repos: [
        expect.objectContaining({
          id: 1,
          root: server.workspace.repo.root,
          headCommit: server.repo.head(),
          currentHead: server.repo.head(),
          served: true,
          shallow: false,
        }),
      ],
    });
  });

  it('reads the code model like the CLI does', async () => {
    const summary = (await app.inject({ url: '/api/v1/summary?top=3' })).json<Record<string, unknown>>();
    expect(summary).toMatchObject({ commits: 7, changeSets: 7, authors: 2, files: 5, imports: 2 });
    // Only tax.ts has indentation complexity and changes: the one hotspot.
    expect(summary.hotspots).toHaveLength(1);

    const hotspots = (await app.inject({ url: '/api/v1/hotspots?limit=1' })).json<{ hotspots: unknown[] }>();
    expect(hotspots.hotspots).toEqual([
      expect.objectContaining({ path: 'src/billing/tax.ts', rank: 1, revisions: 7 }),
    ]);

    const map = (await app.inject({ url: '/api/v1/codemap' })).json<{
      files: { path: string; hotspot: number }[];
    }>();
    expect(map.files.map((f) => f.path).sort()).toEqual([
      'src/billing/tax.ts',
      'src/orders/order.ts',
      'src/util/round.ts',
    ]);
    expect(map.files.find((f) => f.path === 'src/billing/tax.ts')!.hotspot).toBe(1);

    const knowledge = (await app.inject({ url: '/api/v1/knowledge' })).json<{
      modules: { module: string }[];
    }>();
    expect(knowledge.modules.length).toBeGreaterThan(0);

    const coupling = (await app.inject({ url: '/api/v1/coupling?file=src/billing/tax.ts&limit=1' })).json();
    expect(coupling).toMatchObject({
      file: 'src/billing/tax.ts',
      results: [expect.objectContaining({ path: 'src/orders/order.ts', shared: 7, score: 1 })],
    });

    const deps = (await app.inject({ url: '/api/v1/deps?file=src/util/round.ts&dependents=true' })).json();
    expect(deps).toMatchObject({
      fanIn: 1,
      importedBy: [{ from: 'src/billing/tax.ts', to: 'src/util/round.ts' }],
      dependents: [
        { path: 'src/billing/tax.ts', depth: 1 },
        { path: 'src/orders/order.ts', depth: 2 },
      ],
    });

    const owners = (await app.inject({ url: '/api/v1/owners?path=src/util' })).json();
    expect(owners).toMatchObject({
      path: 'src/util',
      files: 1,
      truckFactor: 1,
      authors: [{ name: 'Ann Author' }],
    });
  });

  it('reviews the architecture and the third-party packages like tpo arch and tpo deps-review', async () => {
    const arch = await app.inject({ url: '/api/v1/arch' });
    expect(arch.statusCode).toBe(200);
    expect(arch.json()).toMatchObject({
      commit: server.repo.head(),
      modulesFrom: 'detected',
      violations: [],
      diagram: expect.stringContaining('m1 -->|1| m0'),
    });
    const deps = await app.inject({ url: '/api/v1/deps-review' });
    expect(deps.statusCode).toBe(200);
    expect(deps.json()).toMatchObject({
      commit: server.repo.head(),
      sources: expect.any(Array),
      totals: expect.any(Object),
    });
    expectProblem(await app.inject({ url: '/api/v1/arch?ignoreBaseline=maybe' }), 400, 'Invalid');
  });

  it('gives every read an ETag and answers 304 while the figures have not changed', async () => {
    for (const url of READ_ROUTES) {
      const first = await app.inject({ url });
      expect(first.statusCode, url).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^"[\w-]+"$/);
      const again = await app.inject({ url, headers: { 'if-none-match': etag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
    }
    const a = await app.inject({ url: '/api/v1/hotspots?limit=1' });
    const b = await app.inject({ url: '/api/v1/hotspots?limit=2' });
    expect(a.headers.etag).not.toBe(b.headers.etag);
  });

  it('refuses invalid requests with problem+json listing what is wrong', async () => {
    const limit = expectProblem(await app.inject({ url: '/api/v1/hotspots?limit=0' }), 400, 'Invalid');
    expect(limit.errors).toEqual([{ path: 'querystring/limit', message: 'must be >= 1' }]);
    const missing = expectProblem(await app.inject({ url: '/api/v1/deps' }), 400, 'Invalid');
    expect(missing.errors).toEqual([expect.objectContaining({ path: 'querystring/file' })]);
    expectProblem(await app.inject({ url: '/api/v1/summary?repo=abc' }), 400, 'Invalid');
    expectProblem(await app.inject({ url: '/api/v1/summary?top=100000' }), 400, 'Invalid');
    expectProblem(
      await app.inject({ method: 'POST', url: '/api/v1/scans', payload: { until: 'main', extra: 1 } }),
      400,
      'Invalid',
    );
    expectProblem(
      await app.inject({ method: 'POST', url: '/api/v1/scans', payload: { until: '--output=/tmp/x' } }),
      400,
      'Invalid',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/scans',
        headers: { 'content-type': 'application/json' },
        payload: '{ not json',
      }),
      400,
      'Invalid',
    );
    expectProblem(await app.inject({ method: 'DELETE', url: '/api/v1/tokens/abc' }), 400, 'Invalid');
  });

  it('answers 404 for unknown routes, files and repositories', async () => {
    expectProblem(await app.inject({ url: '/api/v1/nothing-here' }), 404, 'NotFound');
    expectProblem(await app.inject({ url: '/api/v1/deps?file=src/missing.ts' }), 404, 'NotFound');
    expectProblem(await app.inject({ url: '/api/v1/owners?path=nowhere' }), 404, 'NotFound');
    expectProblem(await app.inject({ url: '/api/v1/summary?repo=99' }), 404, 'NotFound');
    expectProblem(await app.inject({ method: 'DELETE', url: '/api/v1/tokens/99' }), 404, 'NotFound');
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/scans', payload: { until: 'nope' } });
    expect(expectProblem(unknown, 422, 'UnknownRevision').detail).toMatch(/unknown revision "nope"/);
    expect((await app.inject({ url: '/api/v1/scans/current' })).json()).toMatchObject({ job: null });
  });

  it('limits request bodies and media types', async () => {
    const big = JSON.stringify({ until: 'x'.repeat(2 * 1024 * 1024) });
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/scans',
        headers: { 'content-type': 'application/json' },
        payload: big,
      }),
      413,
      'TooLarge',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/scans',
        headers: { 'content-type': 'text/plain' },
        payload: 'x',
      }),
      415,
      'UnsupportedMediaType',
    );
  });

  it('refuses foreign Host names (DNS rebinding) and writes from other web sites, and sends no CORS headers', async () => {
    expectProblem(
      await app.inject({ url: '/api/v1/summary', headers: { host: 'evil.example:4317' } }),
      403,
      'Forbidden',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/scans',
        payload: {},
        headers: { origin: 'http://evil.example' },
      }),
      403,
      'Forbidden',
    );
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/v1/scans',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const read = await app.inject({ url: '/api/v1/summary', headers: { origin: 'http://evil.example' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(read.headers['x-content-type-options']).toBe('nosniff');
    expect(read.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
  });

  it('describes itself as OpenAPI 3.1 with a browsable page that needs nothing from the network', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const route of [
      '/api/v1/repos',
      '/api/v1/summary',
      '/api/v1/hotspots',
      '/api/v1/codemap',
      '/api/v1/knowledge',
      '/api/v1/coupling',
      '/api/v1/deps',
      '/api/v1/owners',
      '/api/v1/arch',
      '/api/v1/deps-review',
      '/api/v1/scans',
      '/api/v1/scans/current',
      '/api/v1/scans/events',
      '/api/v1/tokens',
      '/api/v1/tokens/{id}',
      '/api/v1/meta',
      '/api/health',
    ]) {
      expect(doc.paths, route).toHaveProperty([route]);
    }
    expect(doc.paths['/api/v1/scans']!.post!.responses).toHaveProperty('409');
    const page = await app.inject({ url: '/api/docs/' });
    const html =
      page.statusCode === 302 ? (await app.inject({ url: page.headers.location as string })).body : page.body;
    expect(html).toContain('swagger-ui');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"']*\.(js|css)/);
    const bundle = await app.inject({ url: '/api/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });

  it('runs one scan per repository at a time in the background and reports it', async () => {
    server.repo.commit({ message: 'more tax', files: { 'src/billing/vat.ts': 'export const vat = 0.2;\n' } });
    const started = await app.inject({ method: 'POST', url: '/api/v1/scans', payload: {} });
    expect(started.statusCode).toBe(202);
    expect(started.headers.location).toBe('/api/v1/scans/current');
    expect(started.json()).toMatchObject({ status: 'running', repo: path.basename(server.repo.dir) });
    const busy = await app.inject({ method: 'POST', url: '/api/v1/scans', payload: {} });
    expectProblem(busy, 409, 'Busy');
    const job = await waitForScan(app);
    expect(job).toMatchObject({ status: 'done', summary: { kind: 'incremental', newCommits: 1, files: 6 } });
    const current = (await app.inject({ url: '/api/v1/scans/current' })).json<{ last: unknown }>();
    expect(current.last).toMatchObject({ status: 'done', kind: 'incremental', toCommit: server.repo.head() });
    const summary = (await app.inject({ url: '/api/v1/summary' })).json();
    expect(summary).toMatchObject({ commits: 8, headCommit: server.repo.head() });
  });

  it('streams scan progress as server-sent events', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const events = collectEvents(`${address}/api/v1/scans/events`);
      await events.next(); // the current job, at once
      server.repo.commit({
        message: 'rounding',
        files: { 'src/util/round.ts': 'export const round = Math.round;\n' },
      });
      const started = await app.inject({ method: 'POST', url: '/api/v1/scans', payload: {} });
      expect(started.statusCode).toBe(202);
      type Job = { status: string; id: number } | null;
      let last = (await events.next()) as Job;
      while (last?.status === 'running') last = (await events.next()) as Job;
      expect(last).toMatchObject({ status: 'done', id: started.json<{ id: number }>().id });
      events.close();
    } finally {
      await waitForScan(app);
    }
  });

  it('answers 404 with how to scan for a repository never scanned', async () => {
    const fresh = await createTestServer(dialect, { scan: false });
    try {
      const body = expectProblem(await fresh.app.inject({ url: '/api/v1/summary' }), 404, 'NotFound');
      expect(body.detail).toMatch(/not been scanned yet/);
      expect((await fresh.app.inject({ url: '/api/v1/scans/current' })).json()).toEqual({
        job: null,
        last: null,
      });
    } finally {
      await fresh.close();
    }
  });
});

describe.each(DIALECTS)('API tokens beyond loopback on %s', (dialect) => {
  let server: TestServer;
  let app: FastifyInstance;
  const tokens = {} as Record<TokenRole, string>;
  beforeAll(async () => {
    server = await createTestServer(dialect, { host: '0.0.0.0' });
    app = server.app;
    for (const role of ['viewer', 'editor', 'admin'] as const)
      tokens[role] = (await createApiToken(server.workspace.store, { role, name: `${role} token` })).token;
  });
  afterAll(async () => {
    await server.close();
  });
  const as = (role: TokenRole) => ({ authorization: `Bearer ${tokens[role]}` });

  it('needs a token on every API request but health and the API description', async () => {
    const none = expectProblem(await app.inject({ url: '/api/v1/summary' }), 401, 'Unauthorized');
    expect(none.detail).toMatch(/tpo token create/);
    expect((await app.inject({ url: '/api/v1/summary' })).headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(
      await app.inject({ url: '/api/v1/summary', headers: { authorization: 'Bearer tpo_wrong' } }),
      401,
      'Unauthorized',
    );
    expectProblem(
      await app.inject({ url: '/api/v1/summary', headers: { authorization: 'Basic abc' } }),
      401,
      'Unauthorized',
    );
    expectProblem(await app.inject({ url: '/api/v1/nothing' }), 401, 'Unauthorized');
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/openapi.json' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/docs/json' })).statusCode).toBe(200);
    // Any Host is fine once tokens guard the door.
    expect(
      (
        await app.inject({ url: '/api/v1/meta', headers: { ...as('viewer'), host: 'tpo.example:4317' } })
      ).json(),
    ).toMatchObject({
      authRequired: true,
      role: 'viewer',
    });
  });

  it('lets a viewer read and nothing more', async () => {
    for (const url of READ_ROUTES)
      expect((await app.inject({ url, headers: as('viewer') })).statusCode, url).toBe(200);
    const scan = expectProblem(
      await app.inject({ method: 'POST', url: '/api/v1/scans', payload: {}, headers: as('viewer') }),
      403,
      'Forbidden',
    );
    expect(scan.detail).toMatch(/editor role/);
    expectProblem(await app.inject({ url: '/api/v1/tokens', headers: as('viewer') }), 403, 'Forbidden');
  });

  it('lets an editor start scans but not manage tokens', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/scans',
      payload: {},
      headers: as('editor'),
    });
    expect(started.statusCode).toBe(202);
    await waitForScan(app, as('editor'));
    expectProblem(await app.inject({ url: '/api/v1/tokens', headers: as('editor') }), 403, 'Forbidden');
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { role: 'admin' },
        headers: as('editor'),
      }),
      403,
      'Forbidden',
    );
  });

  it('lets an admin create, list and revoke tokens; a revoked token stops working at once', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { role: 'viewer', name: 'dashboard' },
      headers: as('admin'),
    });
    expect(created.statusCode).toBe(201);
    const { token, record } = created.json<{ token: string; record: { id: number; prefix: string } }>();
    expect(token).toMatch(/^tpo_[\w-]{43}$/);
    expect(token.startsWith(record.prefix)).toBe(true);
    expect(
      (await app.inject({ url: '/api/v1/summary', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(200);

    const list = (await app.inject({ url: '/api/v1/tokens', headers: as('admin') })).json<{
      tokens: { name: string }[];
    }>();
    expect(list.tokens.map((t) => t.name)).toEqual([
      'viewer token',
      'editor token',
      'admin token',
      'dashboard',
    ]);
    expect(JSON.stringify(list)).not.toContain(token);
    // Only a hash is stored: the token itself is nowhere in the store.
    const rows = await server.workspace.store.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token.slice(10));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);

    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${record.id}`, headers: as('admin') }))
        .statusCode,
    ).toBe(204);
    expectProblem(
      await app.inject({ url: '/api/v1/summary', headers: { authorization: `Bearer ${token}` } }),
      401,
      'Unauthorized',
    );
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { role: 'owner' },
        headers: as('admin'),
      }),
      400,
      'Invalid',
    );
  });
});

describe('the dashboard files', () => {
  let server: TestServer;
  let webRoot: string;
  beforeAll(async () => {
    webRoot = mkdtempSync(path.join(os.tmpdir(), 'tpo-web-'));
    writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>tpo test</title>');
    server = await createTestServer('sqlite', { webRoot });
  });
  afterAll(async () => {
    await server.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves the built dashboard at / with a strict content security policy, and for page addresses', async () => {
    for (const url of ['/', '/hotspots']) {
      const page = await server.app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('tpo test');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
    expectProblem(await server.app.inject({ url: '/missing.js' }), 404, 'NotFound');
  });

  it('says how to build the dashboard when it is not built', async () => {
    const app = await createServer({ workspace: server.workspace, webRoot: null });
    const page = await app.inject({ url: '/' });
    expect(page.body).toContain('npm run build');
    await app.close();
  });
});

async function waitForScan(
  app: FastifyInstance,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown> | null> {
  for (;;) {
    const { job } = (await app.inject({ url: '/api/v1/scans/current', headers })).json<{
      job: Record<string, unknown> | null;
    }>();
    if (job?.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads `scan` events from a live server-sent event stream, one at a time. */
function collectEvents(url: string): { next(): Promise<unknown>; close(): void } {
  const queue: unknown[] = [];
  const waiting: ((value: unknown) => void)[] = [];
  let buffer = '';
  const req = httpRequest(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (data !== '') {
          const value: unknown = JSON.parse(data);
          const resolve = waiting.shift();
          if (resolve) resolve(value);
          else queue.push(value);
        }
        end = buffer.indexOf('\n\n');
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    next: () =>
      queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve)),
    close: () => req.destroy(),
  };
}
