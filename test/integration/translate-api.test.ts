import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem } from '../../src/app/index.js';
import type { AssessmentBody, BreakdownBody, ExplanationBody } from '../../src/server/schemas/index.js';
import { createLayeredRepo } from '../helpers/layered-repo.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { DIALECTS } from '../helpers/stores.js';

// The API is the same app/ over HTTP: the figures are tested in test/e2e/translate-cli.test.ts; here the routes,
// their schemas (nothing dropped by serialization), ETags and errors, on both databases.
describe.each(DIALECTS)('translation over HTTP on %s', (dialect) => {
  let server: TestServer;
  const repo = createLayeredRepo();
  beforeAll(async () => {
    server = await createTestServer(dialect, { repo });
    await addItem(server.workspace.store, {
      title: 'Show a discount on the order total',
      rice: { effort: 0.2 },
      areas: ['src/pricing/**'],
    });
  });
  afterAll(async () => {
    await server?.close();
    repo.remove();
  });

  it('lists the translate feature and explains an item with every traced figure', async () => {
    const { app } = server;
    expect((await app.inject({ url: '/api/v1/meta' })).json<{ features: string[] }>().features).toContain(
      'translate',
    );
    const res = await app.inject({ url: '/api/v1/items/t-1/explanation' });
    expect(res.statusCode).toBe(200);
    const e = res.json<ExplanationBody>();
    expect(e).toMatchObject({ id: 'T-1', audience: 'stakeholder', kind: 'item', areaSource: 'declared' });
    expect(e.sentences[0]!.text).toBe('It was put down as 0.2 weeks of work for one person.');
    expect(e.sentences[0]!.figures).toEqual([
      { field: 'item.statedEffort', raw: 0.2, conversion: 'number', shown: '0.2', unit: 'weeks' },
    ]);
    const again = await app.inject({
      url: '/api/v1/items/t-1/explanation',
      headers: { 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    const engineer = await app.inject({ url: '/api/v1/items/T-1/explanation?for=engineer' });
    expect(
      engineer
        .json<ExplanationBody>()
        .sentences.map((s) => s.text)
        .join(' '),
    ).toContain('src/pricing/order-total.ts');
    const text = await app.inject({
      url: `/api/v1/explain?text=${encodeURIComponent('discount on big totals')}`,
    });
    expect(text.json<ExplanationBody>()).toMatchObject({ kind: 'text', areaSource: 'predicted' });
  });

  it('breaks an item down and assesses the team', async () => {
    const { app } = server;
    const b = (await app.inject({ url: '/api/v1/items/T-1/breakdown' })).json<BreakdownBody>();
    expect(b.tasks.map((t) => t.layer)).toEqual(['domain', 'api', 'ui', 'tests', 'docs']);
    expect(b.tasks[1]).toMatchObject({
      blockedBy: ['domain'],
      files: [{ path: 'src/server/orders-handler.ts' }],
    });
    const a = (await app.inject({ url: '/api/v1/assess' })).json<AssessmentBody>();
    expect(a.signals.map((s) => s.key)).toEqual(['technology', 'teams', 'disguise', 'knowledge']);
    expect(a.verdictText.length).toBeGreaterThan(0);
  });

  it('serves the stakeholder report as HTML and as Markdown', async () => {
    const { app } = server;
    const html = await app.inject({ url: '/api/v1/report' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/^<!doctype html>/);
    expect(html.body).toContain('<div class="chart" id="treemap"><svg');
    const md = await app.inject({ url: '/api/v1/report?format=markdown' });
    expect(md.body).toMatch(/^# Where the work stands: /);
  });

  it('answers problems for an unknown item and a bad audience', async () => {
    const { app } = server;
    expect((await app.inject({ url: '/api/v1/items/T-99/explanation' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/v1/items/T-1/explanation?for=boss' })).statusCode).toBe(400);
  });
});
