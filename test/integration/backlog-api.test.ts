/**
 * The backlog, debt, review and planning routes in-process (fastify.inject) on SQLite and PostgreSQL: every route's
 * answer, validation errors, 404, 428 without If-Match, 409 when stale (nothing written), problem+json bodies, and
 * roles on a server beyond loopback.
 */
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, createApiToken, type TokenRole } from '../../src/app/index.js';
import { STAMP_TTL_MS } from '../../src/server/routes/backlog-routes.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/stores.js';

function expectProblem(response: LightMyRequestResponse, status: number, code: string): string {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json<{ status: number; code: string; detail: string; stack?: unknown }>();
  expect(body).toMatchObject({ status, code });
  expect(body).not.toHaveProperty('stack');
  expect(body.detail).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return body.detail;
}

interface ItemBody {
  id: string;
  title: string;
  status: string;
  version: number;
  rice: { reach: number | null; effort: number | null };
  blockedBy: string[];
}

describe.each(DIALECTS)('backlog API on %s', (dialect) => {
  let server: TestServer;
  let app: FastifyInstance;
  const create = async (payload: Record<string, unknown>): Promise<ItemBody> => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/items', payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<ItemBody>();
  };

  beforeAll(async () => {
    server = await createTestServer(dialect);
    // A feature branch for reviews: it changes billing (a hotspot) and names T-1 in its message.
    server.repo.branch('feature/tax');
    server.repo.checkout('feature/tax');
    server.repo.commit({
      message: 'T-1: round the tax twice',
      author: 'Bob Builder <bob@example.com>',
      files: {
        'src/billing/tax.ts':
          "import { round } from '../util/round.js';\nexport function tax(x: number) {\n  if (x > 1) {\n    for (const y of [x]) {\n      if (y > 2) {\n        return round(round(y * 1.2));\n      }\n    }\n  }\n  return 0; // TODO: negative amounts\n}\n",
      },
    });
    server.repo.checkout('main');
    app = server.app;
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates an item with its ETag and Location, and refuses an invalid one as problem+json', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: {
        title: 'Tax on invoices',
        rice: { reach: 1000, impact: 2, confidence: 80, effort: 1 },
        areas: ['src/billing/**'],
        tags: ['billing'],
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe('/api/v1/items/T-1');
    expect(response.json()).toMatchObject({ id: 'T-1', status: 'idea', areas: ['src/billing/**'] });

    const noTitle = await app.inject({ method: 'POST', url: '/api/v1/items', payload: { kind: 'bug' } });
    expect(expectProblem(noTitle, 400, 'Invalid')).toMatch(/title/);
    const badImpact = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: { title: 'x', rice: { impact: 7 } },
    });
    expectProblem(badImpact, 400, 'Invalid');
    const unknownField = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: { title: 'x', colour: 'red' },
    });
    expectProblem(unknownField, 400, 'Invalid');
    // A fraction for a percent is refused with the figure to send, not saved as 0.8 %.
    const fraction = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: { title: 'x', rice: { confidence: 0.8 } },
    });
    expect(expectProblem(fraction, 400, 'Invalid')).toMatch(/send 80 for 80 %/);
    const list = await app.inject({ url: '/api/v1/items' });
    expect(list.json<{ total: number }>().total).toBe(1);
  });

  it('reads an item with its version as ETag, 304 when current, 404 for an unknown id', async () => {
    const response = await app.inject({ url: '/api/v1/items/T-1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json()).toMatchObject({ item: { id: 'T-1' }, blocks: [], rice: 1600 });
    const again = await app.inject({ url: '/api/v1/items/1', headers: { 'if-none-match': '"1"' } });
    expect(again.statusCode).toBe(304);
    expect(expectProblem(await app.inject({ url: '/api/v1/items/T-99' }), 404, 'NotFound')).toMatch(/T-99/);
    expectProblem(await app.inject({ url: '/api/v1/items/not-an-id' }), 400, 'Invalid');
  });

  it('changes an item only with a current If-Match: 428 without, 409 when stale, and nothing written', async () => {
    const url = '/api/v1/items/T-1';
    const missing = await app.inject({ method: 'PATCH', url, payload: { rice: { effort: 2 } } });
    expectProblem(missing, 428, 'PreconditionRequired');
    const stale = await app.inject({
      method: 'PATCH',
      url,
      payload: { rice: { effort: 2 } },
      headers: { 'if-match': '"7"' },
    });
    expect(expectProblem(stale, 409, 'Conflict')).toMatch(/version 1/);
    expect((await app.inject({ url })).json<{ item: ItemBody }>().item.rice.effort).toBe(1);

    const ok = await app.inject({
      method: 'PATCH',
      url,
      payload: { rice: { effort: 2 }, status: 'ready' },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ version: 2, status: 'ready', rice: { effort: 2, reach: 1000 } });
    const invalid = await app.inject({
      method: 'PATCH',
      url,
      payload: { rice: { confidence: 150 } },
      headers: { 'if-match': '"2"' },
    });
    expectProblem(invalid, 400, 'Invalid');
    const fraction = await app.inject({
      method: 'PATCH',
      url,
      payload: { rice: { confidence: 0.5 } },
      headers: { 'if-match': '"2"' },
    });
    expect(expectProblem(fraction, 400, 'Invalid')).toMatch(/send 50 for 50 %/);
    expect((await app.inject({ url })).json<{ item: ItemBody }>().item.version).toBe(2);
  });

  it('moves an item, records and removes dependencies, refuses a cycle, and deletes with If-Match', async () => {
    const b = await create({
      title: 'Order export',
      rice: { reach: 50, impact: 1, confidence: 50, effort: 4 },
    });
    const moved = await app.inject({
      method: 'POST',
      url: `/api/v1/items/${b.id}/move`,
      payload: { status: 'in-progress' },
      headers: { 'if-match': '"1"' },
    });
    expect(moved.json()).toMatchObject({ status: 'in-progress', version: 2 });
    expectProblem(
      await app.inject({ method: 'POST', url: `/api/v1/items/${b.id}/move`, payload: { status: 'nope' } }),
      400,
      'Invalid',
    );

    const block = await app.inject({
      method: 'PUT',
      url: `/api/v1/items/T-1/blocked-by/${b.id}`,
      headers: { 'if-match': '"2"' },
    });
    expect(block.statusCode, block.body).toBe(200);
    expect(block.json()).toMatchObject({ blocker: b.id, changed: true, blocked: { blockedBy: [b.id] } });
    const cycle = await app.inject({
      method: 'PUT',
      url: `/api/v1/items/${b.id}/blocked-by/T-1`,
      headers: { 'if-match': '"2"' },
    });
    expect(cycle.statusCode).toBeGreaterThanOrEqual(400);
    expect(cycle.headers['content-type']).toMatch(/problem\+json/);
    expect((await app.inject({ url: `/api/v1/items/${b.id}` })).json()).toMatchObject({
      item: { blockedBy: [], version: 2 },
      blocks: ['T-1'],
    });
    const unblock = await app.inject({
      method: 'DELETE',
      url: `/api/v1/items/T-1/blocked-by/${b.id}`,
      headers: { 'if-match': '"3"' },
    });
    expect(unblock.json()).toMatchObject({ changed: true, blocked: { blockedBy: [], version: 4 } });

    const c = await create({ title: 'Throwaway' });
    expectProblem(
      await app.inject({ method: 'DELETE', url: `/api/v1/items/${c.id}` }),
      428,
      'PreconditionRequired',
    );
    expectProblem(
      await app.inject({ method: 'DELETE', url: `/api/v1/items/${c.id}`, headers: { 'if-match': '"5"' } }),
      409,
      'Conflict',
    );
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/v1/items/${c.id}`,
      headers: { 'if-match': '"1"' },
    });
    expect(gone.statusCode).toBe(204);
    expectProblem(await app.inject({ url: `/api/v1/items/${c.id}` }), 404, 'NotFound');
  });

  it('filters items by status, kind, tag and text', async () => {
    const ids = async (query: string): Promise<string[]> =>
      (await app.inject({ url: `/api/v1/items?${query}` }))
        .json<{ items: ItemBody[] }>()
        .items.map((i) => i.id);
    expect(await ids('status=in-progress')).toEqual(['T-2']);
    expect(await ids('status=ready&status=in-progress')).toEqual(['T-1', 'T-2']);
    expect(await ids('tag=billing')).toEqual(['T-1']);
    expect(await ids('q=export')).toEqual(['T-2']);
    expect(await ids('kind=bug')).toEqual([]);
    expect(await ids('limit=1&offset=1')).toEqual(['T-2']);
    expectProblem(await app.inject({ url: '/api/v1/items?status=later' }), 400, 'Invalid');
  });

  it('ranks with both scores and technical judgment, revalidates with 304, and moves when an input changes', async () => {
    const first = await app.inject({ url: '/api/v1/rank' });
    expect(first.statusCode).toBe(200);
    const ranking = first.json<{
      items: { id: string; score: number | null; adjustedScore: number | null; technical: unknown }[];
      judged: number;
    }>();
    expect(ranking.items.map((i) => i.id)).toEqual(['T-1', 'T-2']);
    const t1 = ranking.items.find((i) => i.id === 'T-1')!;
    expect(t1.score).toBe(800);
    expect(t1.technical).not.toBeNull();
    // T-1 on its declared area, T-2 ("Order export") on the area its words predict.
    expect(ranking.judged).toBe(2);
    const etag = first.headers.etag as string;
    expect((await app.inject({ url: '/api/v1/rank', headers: { 'if-none-match': etag } })).statusCode).toBe(
      304,
    );

    const edit = await app.inject({
      method: 'PATCH',
      url: '/api/v1/items/T-2',
      payload: { rice: { reach: 100_000 } },
      headers: { 'if-match': '"2"' },
    });
    expect(edit.statusCode).toBe(200);
    const after = await app.inject({ url: '/api/v1/rank', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual(['T-2', 'T-1']);
    const page = await app.inject({ url: '/api/v1/rank?limit=1&offset=1' });
    expect(page.json()).toMatchObject({ total: 2, items: [{ id: 'T-1', position: 2 }] });
    expectProblem(await app.inject({ url: '/api/v1/rank?scheme=moscow' }), 400, 'Invalid');
  });

  it("gives an item's judgment with its blast radius, or says why there is none", async () => {
    const judged = await app.inject({ url: '/api/v1/items/T-1/judgment' });
    expect(judged.statusCode).toBe(200);
    const body = judged.json<{
      judgment: { area: { files: { path: string }[] }; blastRadius: { modules: string[] }; risks: unknown[] };
    }>();
    expect(body.judgment.area.files.map((f) => f.path)).toEqual(['src/billing/tax.ts']);
    expect(body.judgment.blastRadius.modules.length).toBeGreaterThan(0);
    const predicted = await app.inject({ url: '/api/v1/items/T-2/judgment' });
    expect(predicted.json()).toMatchObject({
      judgment: {
        area: {
          source: 'predicted',
          files: expect.arrayContaining([expect.objectContaining({ path: 'src/orders/order.ts' })]),
        },
      },
    });
    // Words that place it nowhere, and no area: no judgment, and why; once it names an area, it is judged.
    const docs = await create({ title: 'Docs' });
    const none = await app.inject({ url: `/api/v1/items/${docs.id}/judgment` });
    expect(none.json()).toMatchObject({ judgment: null, note: expect.stringMatching(/names no code area/) });
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/items/${docs.id}`,
      payload: { areas: ['README.md'] },
      headers: { 'if-match': '"1"' },
    });
    const judged2 = await app.inject({ url: `/api/v1/items/${docs.id}/judgment` });
    expect(judged2.json()).toMatchObject({
      judgment: { area: { source: 'declared', files: [{ path: 'README.md' }] } },
    });
    await app.inject({ method: 'DELETE', url: `/api/v1/items/${docs.id}`, headers: { 'if-match': '"2"' } });
    expectProblem(await app.inject({ url: '/api/v1/items/T-77/judgment' }), 404, 'NotFound');
  });

  it('imports a backlog all or nothing (dry run first) and exports it', async () => {
    const content = 'title,kind,status\nImported one,bug,ready\n';
    const dry = await app.inject({
      method: 'POST',
      url: '/api/v1/import',
      payload: { content, dryRun: true },
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1 });
    expect((await app.inject({ url: '/api/v1/items?kind=bug' })).json()).toMatchObject({ total: 0 });
    const real = await app.inject({
      method: 'POST',
      url: '/api/v1/import',
      payload: { content, file: 'b.json' },
    });
    expect(real.json()).toMatchObject({ dryRun: false, created: 1, format: 'csv' });
    expect((await app.inject({ url: '/api/v1/items?kind=bug' })).json()).toMatchObject({ total: 1 });
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/import',
      payload: {
        content: '{"format": "tpo-backlog", "version": 1, "items": [{"kind": "bug"}]}',
        format: 'json',
      },
    });
    expectProblem(broken, 400, 'Invalid');
    expectProblem(
      await app.inject({ method: 'POST', url: '/api/v1/import', payload: { content: 'x', format: 'xls' } }),
      400,
      'Invalid',
    );

    // A large answer goes gzipped to a client that accepts it (as browsers do), the same bytes once unpacked.
    const many = Array.from({ length: 300 }, (_, i) => `Bulk item ${i},chore,dropped`).join('\n');
    await app.inject({
      method: 'POST',
      url: '/api/v1/import',
      payload: { content: `title,kind,status\n${many}\n`, format: 'csv' },
    });
    const plain = await app.inject({ url: '/api/v1/items' });
    const packed = await app.inject({
      url: '/api/v1/items',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers.etag).toBe(plain.headers.etag);
    expect(gunzipSync(packed.rawPayload).toString('utf8')).toBe(plain.body);
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);

    const csv = await app.inject({ url: '/api/v1/export?format=csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toMatch(/Imported one/);
    const md = await app.inject({ url: '/api/v1/export?format=markdown' });
    expect(md.body).toMatch(/Tax on invoices/);
  });

  it('lists the debt register and computes trade-offs for an area or an item', async () => {
    const register = await app.inject({ url: '/api/v1/debt' });
    expect(register.statusCode, register.body).toBe(200);
    const body = register.json<{
      entries: unknown[];
      modules: { module: string }[];
      model: { currency: string };
    }>();
    expect(body.modules.length).toBeGreaterThan(0);
    expect(body.model.currency).toMatch(/\w+/);
    expect(register.headers.etag).toBeDefined();

    const map = await app.inject({ url: '/api/v1/debt/map' });
    const files = map.json<{ files: { path: string; health: number; interestHoursPerMonth: number }[] }>()
      .files;
    const tax = files.find((f) => f.path === 'src/billing/tax.ts');
    expect(tax?.health).toBeGreaterThan(0);
    expect(tax?.interestHoursPerMonth).toBeGreaterThanOrEqual(0);

    const byArea = await app.inject({ url: '/api/v1/debt/tradeoff?area=src/billing/&effort=16' });
    expect(byArea.statusCode, byArea.body).toBe(200);
    expect(byArea.json()).toMatchObject({
      files: ['src/billing/tax.ts'],
      item: null,
      tradeoff: { recommendation: expect.stringMatching(/^(build-now|pay-first)$/) },
    });
    const byItem = await app.inject({ url: '/api/v1/debt/tradeoff?item=T-1' });
    expect(byItem.json()).toMatchObject({
      item: { id: 'T-1', areaSource: 'declared' },
      files: ['src/billing/tax.ts'],
      effortHours: 80,
      effortSource: 'stated',
    });
    expectProblem(await app.inject({ url: '/api/v1/debt/tradeoff?item=T-999' }), 404, 'NotFound');
    expect(
      expectProblem(await app.inject({ url: '/api/v1/debt/tradeoff?area=src/billing/' }), 400, 'Invalid'),
    ).toMatch(/effort/);
    expectProblem(await app.inject({ url: '/api/v1/debt/tradeoff?area=src/&effort=-1' }), 400, 'Invalid');
    expectProblem(
      await app.inject({ method: 'POST', url: '/api/v1/debt/file', payload: { id: 'nothing:here' } }),
      404,
      'NotFound',
    );
  });

  it('lists branches and reviews a branch against main, with the Markdown comment', async () => {
    const branches = await app.inject({ url: '/api/v1/review/branches' });
    expect(branches.json()).toMatchObject({
      current: 'main',
      defaultBase: 'main',
      branches: expect.arrayContaining([expect.objectContaining({ name: 'feature/tax', remote: false })]),
    });
    const review = await app.inject({ url: '/api/v1/review?range=main..feature/tax' });
    expect(review.statusCode, review.body).toBe(200);
    const report = review.json<{
      files: { path: string }[];
      items: { id: string }[];
      newMarkers: { kind: string }[];
      risk: { level: string };
      markdown: string;
    }>();
    expect(report.files.map((f) => f.path)).toEqual(['src/billing/tax.ts']);
    expect(report.items.map((i) => i.id)).toEqual(['T-1']);
    expect(report.newMarkers.map((m) => m.kind)).toEqual(['TODO']);
    expect(report.markdown).toMatch(/src\/billing\/tax\.ts/);
    expectProblem(
      await app.inject({ url: '/api/v1/review?range=main..no-such-branch' }),
      422,
      'UnknownRevision',
    );
    expectProblem(await app.inject({ url: '/api/v1/review?range=--output=x' }), 400, 'Invalid');
  });

  it('plans the open items and forecasts their dates, one item, and how many by a date', async () => {
    const plan = await app.inject({ url: '/api/v1/plan?wip=2' });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toMatchObject({ wip: 2, scanned: true });
    const open = (await app.inject({ url: '/api/v1/items?open=true' })).json<{ items: { id: string }[] }>()
      .items;
    expect(open).toHaveLength(3);
    const planned = plan.json<{ items: { id: string }[] }>().items.map((i) => i.id);
    expect(planned.sort()).toEqual(open.map((i) => i.id).sort());

    const forecast = await app.inject({
      url: '/api/v1/forecast?start=2024-01-10&by=2099-01-01&seed=7&trials=1000&item=T-1',
    });
    expect(forecast.statusCode, forecast.body).toBe(200);
    const body = forecast.json<{
      items: { id: string; p50: { date: string | null }; p95: { date: string | null } }[];
      item: { id: string; words: string } | null;
      howMany: { planned: number } | null;
    }>();
    expect(body.items).toHaveLength(3);
    expect(body.item?.id).toBe('T-1');
    expect(body.item?.words).toMatch(/85 % likely/);
    expect(body.howMany?.planned).toBe(3);
    expectProblem(await app.inject({ url: '/api/v1/forecast?by=2025-02-30' }), 400, 'Invalid');
    expectProblem(
      await app.inject({ url: '/api/v1/forecast?start=2024-01-10&item=T-9999' }),
      404,
      'NotFound',
    );
    expectProblem(await app.inject({ url: '/api/v1/plan?wip=0' }), 400, 'Invalid');
  });

  it('describes every new route in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const route of [
      '/api/v1/items',
      '/api/v1/items/{id}',
      '/api/v1/items/{id}/move',
      '/api/v1/items/{id}/blocked-by/{blocker}',
      '/api/v1/items/{id}/judgment',
      '/api/v1/rank',
      '/api/v1/import',
      '/api/v1/export',
      '/api/v1/debt',
      '/api/v1/debt/tradeoff',
      '/api/v1/debt/map',
      '/api/v1/review',
      '/api/v1/review/branches',
      '/api/v1/plan',
      '/api/v1/forecast',
    ])
      expect(Object.keys(doc.paths)).toContain(route);
  });

  it('sees a change another process made to the store within STAMP_TTL_MS', async () => {
    const before = (await app.inject({ url: '/api/v1/items?limit=1' })).json<{ total: number }>().total;
    await addItem(server.workspace.store, { title: 'Added by the CLI' });
    await new Promise((resolve) => setTimeout(resolve, STAMP_TTL_MS + 50));
    expect((await app.inject({ url: '/api/v1/items?limit=1' })).json<{ total: number }>().total).toBe(
      before + 1,
    );
  });
});

describe.each(DIALECTS)('backlog API beyond loopback on %s', (dialect) => {
  let server: TestServer;
  const tokens: Partial<Record<TokenRole, string>> = {};
  beforeAll(async () => {
    server = await createTestServer(dialect, { host: '0.0.0.0' });
    for (const role of ['viewer', 'editor'] as const)
      tokens[role] = (await createApiToken(server.workspace.store, { role })).token;
  });
  afterAll(async () => {
    await server.close();
  });
  const as = (role: TokenRole) => ({ authorization: `Bearer ${tokens[role]}`, host: 'tpo.example:4317' });

  it('lets viewers read and editors write, and refuses anyone without a token', async () => {
    const { app } = server;
    expectProblem(
      await app.inject({ url: '/api/v1/items', headers: { host: 'tpo.example' } }),
      401,
      'Unauthorized',
    );
    const denied = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: { title: 'From a viewer' },
      headers: as('viewer'),
    });
    expect(expectProblem(denied, 403, 'Forbidden')).toMatch(/editor/);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: { title: 'From an editor', rice: { reach: 10, impact: 1, confidence: 50, effort: 1 } },
      headers: as('editor'),
    });
    expect(created.statusCode).toBe(201);
    for (const url of ['/api/v1/items', '/api/v1/items/T-1', '/api/v1/rank', '/api/v1/plan', '/api/v1/debt'])
      expect((await app.inject({ url, headers: as('viewer') })).statusCode, url).toBe(200);
    expectProblem(
      await app.inject({
        method: 'PATCH',
        url: '/api/v1/items/T-1',
        payload: { title: 'Renamed' },
        headers: { ...as('viewer'), 'if-match': '"1"' },
      }),
      403,
      'Forbidden',
    );
    const edited = await app.inject({
      method: 'PATCH',
      url: '/api/v1/items/T-1',
      payload: { title: 'Renamed' },
      headers: { ...as('editor'), 'if-match': '"1"' },
    });
    expect(edited.json()).toMatchObject({ title: 'Renamed', version: 2 });
    expectProblem(
      await app.inject({
        method: 'POST',
        url: '/api/v1/import',
        payload: { content: '{"items":[]}' },
        headers: as('viewer'),
      }),
      403,
      'Forbidden',
    );
  });
});
