/**
 * The product pages of the dashboard in a real browser (Debian's Chromium driven by playwright-core) against the
 * real `tpo serve` on a generated repository with a backlog: edit an item and see the ranking change, open an item
 * with its blast radius, the debt treemap, a branch review and the roadmap. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../helpers/git-repo.js';
import { createShopRepo } from '../helpers/server.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const CHROMIUM = process.env.TPO_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const DAY = 86_400;

describe.skipIf(!existsSync(CHROMIUM))('the backlog, debt, review and roadmap pages in a browser', () => {
  let repo: TestRepo;
  let dbDir: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  const api = async (method: string, url: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(new URL(url, serve.url), {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return response.json();
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    repo = createShopRepo();
    // Recent history on main, so the forecast has a throughput (one change set every five days).
    const now = Math.floor(Date.now() / 1000);
    for (let i = 10; i >= 1; i -= 1)
      repo.commit({
        message: `catalogue step ${i}`,
        author: i % 2 === 0 ? 'Cy Coder <cy@example.com>' : 'Ann Author <ann@example.com>',
        date: now - i * 5 * DAY,
        files: {
          // 1,600 lines nested four deep, changed every time: an unhealthy hotspot, so the Debt page has debt.
          'src/catalogue/product.ts': `import { round } from '../util/round.js';\nexport function price(p: { cents: number }) {\n${Array.from({ length: 1600 }, (_, n) => `\t\t\t\tround(p.cents + ${n * i});\n`).join('')}  return 0;\n}\n`,
          'src/catalogue/search.ts': `import { price } from './product.js';\nexport const search = () => [price({ cents: ${i} })];\n`,
        },
      });
    repo.branch('feature/tax');
    repo.checkout('feature/tax');
    repo.commit({
      message: 'T-1: tax on invoices',
      author: 'Bob Builder <bob@example.com>',
      date: now - DAY,
      files: {
        'src/billing/tax.ts':
          "import { round } from '../util/round.js';\nexport function tax(x: number) {\n  if (x > 1) {\n    for (const y of [x]) {\n      if (y > 2) {\n        return round(round(y * 1.2));\n      }\n    }\n  }\n  return 0; // TODO: negative amounts\n}\n",
      },
    });
    repo.checkout('main');
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-dashboard-backlog-'));
    serve = await startServe(['--repo', repo.dir], { env: { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') } });
    await api('POST', '/api/v1/items', {
      title: 'Tax on invoices',
      rice: { reach: 1000, impact: 2, confidence: 80, effort: 1 },
      areas: ['src/billing/**'],
    });
    await api('POST', '/api/v1/items', {
      title: 'Order export',
      rice: { reach: 50, impact: 1, confidence: 50, effort: 4 },
    });
    await api('POST', '/api/v1/items', {
      title: 'Faster catalogue search',
      rice: { reach: 500, impact: 1, confidence: 100, effort: 2 },
      areas: ['src/catalogue/**'],
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('request', (request) => {
      if (!request.url().startsWith(serve.url) && !request.url().startsWith('data:'))
        foreignRequests.push(request.url());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    repo?.remove();
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });
  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
  const rowOrder = () =>
    page
      .getByTestId('backlog-table')
      .locator('tbody tr')
      .evaluateAll((rows: readonly { getAttribute(name: string): string | null }[]) =>
        rows.map((r) => r.getAttribute('data-testid')?.replace('row-', '') ?? ''),
      );

  it('ranks the backlog with both scores, and re-ranks when an input is edited in place', async () => {
    await page.goto(serve.url);
    await nav('Backlog').click();
    await page.getByTestId('backlog-table').waitFor();
    await expect.poll(rowOrder).toEqual(['T-1', 'T-3', 'T-2']);
    expect(await page.getByTestId('score-T-1').textContent()).toBe('1,600');
    expect(await page.getByTestId('score-T-2').textContent()).toBe('6.3');
    expect(await page.getByTestId('tech-score-T-1').textContent()).toMatch(/^[\d,.]+/);
    await shot('backlog');

    const reach = page.getByLabel('Reach of T-2');
    await reach.fill('1000000');
    await reach.press('Enter');
    await expect.poll(rowOrder).toEqual(['T-2', 'T-1', 'T-3']);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Saved T-2 \(was #3\)/);
    expect(await page.getByTestId('score-T-2').textContent()).toBe('125,000');

    await page.getByTestId('status-T-3').selectOption('in-progress');
    await expect
      .poll(() => page.getByTestId('row-T-3').locator('td').nth(2).locator('select').inputValue())
      .toBe('in-progress');
    // The server kept both changes, each one version on.
    const t2 = (await api('GET', '/api/v1/items/T-2')) as {
      item: { version: number; rice: { reach: number } };
    };
    expect(t2.item).toMatchObject({ version: 2, rice: { reach: 1_000_000 } });
    await shot('backlog-edited');
  });

  it('refuses an edit made from a stale copy and shows the change made meanwhile', async () => {
    await api('PATCH', '/api/v1/items/T-1', { title: 'Tax on invoices' }).catch(() => undefined);
    // Someone else changes T-1 (If-Match of the current version) while the table still shows version 1.
    const response = await fetch(new URL('/api/v1/items/T-1', serve.url), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ rice: { confidence: 50 } }),
    });
    expect(response.status).toBe(200);
    const confidence = page.getByLabel('Confidence of T-1');
    await confidence.fill('90');
    await confidence.press('Enter');
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/T-1 was changed by someone else meanwhile; nothing was saved/);
    await expect.poll(() => page.getByLabel('Confidence of T-1').inputValue()).toBe('50');
  });

  it('opens an item from the keyboard with its area, blast radius and risks', async () => {
    const rows = page.getByTestId('backlog-table').locator('tbody tr');
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('item-page').waitFor();
    expect(await page.locator('#item-summary-title').textContent()).toBe('T-1 Tax on invoices');
    await expect.poll(() => page.getByTestId('item-area').textContent()).toContain('src/billing/tax.ts');
    const graph = page.getByTestId('blast-radius');
    await graph.locator('svg').waitFor();
    await expect.poll(() => graph.locator('svg path').count()).toBeGreaterThan(2);
    expect(await graph.getAttribute('aria-label')).toMatch(/modules? T-1 reaches/);
    expect(await page.getByTestId('explanation-slot').count()).toBe(1);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/85 % likely by/);
    await shot('item');
  });

  it('draws the debt treemap by health and by interest, with the register', async () => {
    await nav('Debt').click();
    const treemap = page.getByTestId('debt-treemap');
    await treemap.locator('svg').waitFor();
    await expect.poll(() => treemap.locator('svg path').count()).toBeGreaterThan(5);
    expect(await treemap.getAttribute('aria-label')).toMatch(/coloured by code health/);
    await page.getByRole('radio', { name: 'Interest' }).check();
    await expect.poll(() => treemap.getAttribute('aria-label')).toMatch(/coloured by interest/);
    await page.getByTestId('debt-table').waitFor();
    await expect
      .poll(() => page.getByTestId('debt-table').textContent())
      .toContain('src/catalogue/product.ts');
    await page.getByTestId('debt-table').locator('tbody tr').first().click();
    await expect.poll(() => page.getByTestId('debt-entry').textContent()).toMatch(/hours a month/);
    await shot('debt');
  });

  it('reviews a branch picked from the list', async () => {
    await nav('Review').click();
    await page.getByTestId('review-branch').selectOption('feature/tax');
    await page.getByRole('button', { name: 'Review branch' }).click();
    const report = page.getByTestId('review-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('review-files').textContent()).toContain('src/billing/tax.ts');
    expect(await report.textContent()).toContain('Tax on invoices');
    expect(await report.textContent()).toContain('TODO');
    await shot('review');
  });

  it('shows the roadmap with P50-P95 date ranges', async () => {
    await nav('Roadmap').click();
    const table = page.getByTestId('roadmap-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    await expect.poll(() => table.textContent()).toMatch(/\d{4}-\d{2}-\d{2}/);
    await page.getByTestId('roadmap-chart').locator('svg').waitFor();
    await shot('roadmap');
  });

  it('needed nothing from the network and raised no error', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
