/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real `tpo serve` on a
 * generated repository. Screenshots of every page go to test-artifacts/ for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../helpers/git-repo.js';
import { createShopRepo } from '../helpers/server.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { runCliJson } from '../helpers/run-cli.js';

const CHROMIUM = process.env.TPO_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');

if (!existsSync(CHROMIUM))
  console.warn(
    `${CHROMIUM} is missing: the browser tests are skipped (apt-get install -y chromium; .ci/run does).`,
  );

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in a browser', () => {
  let repo: TestRepo;
  let dbDir: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    repo = createShopRepo();
    repo.commit({
      message: 'catalogue and docs',
      author: 'Cy Coder <cy@example.com>',
      files: {
        'src/catalogue/product.ts':
          "import { round } from '../util/round.js';\nexport function price(p: { cents: number }) {\n  if (p.cents > 0) {\n    return round(p.cents / 100);\n  }\n  return 0;\n}\n",
        'src/catalogue/search.ts':
          "import { price } from './product.js';\nexport const search = () => [price({ cents: 1 })];\n",
        'docs/guide.md': '# Guide\n\nHow to shop.\n',
      },
    });
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-dashboard-'));
    serve = await startServe(['--repo', repo.dir], { env: { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') } });
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

  it('opens on the overview with the figures of the scanned repository', async () => {
    await page.goto(serve.url);
    const figures = page.getByTestId('overview-figures');
    await figures.waitFor();
    expect(await figures.textContent()).toContain('Lines of code');
    expect(await page.getByText('8 commits').count()).toBeGreaterThan(0);
    await expect.poll(() => page.title()).toBe('Overview · tpo');
    // Every product page has landed: none is disabled any more.
    for (const name of ['Backlog', 'Debt', 'Review', 'Roadmap', 'Assess'])
      expect(await page.locator('[aria-disabled="true"]', { hasText: name }).count()).toBe(0);
    await shot('overview');
  });

  it('draws the treemap of the codebase and explains a file picked from the table by keyboard', async () => {
    await nav('Hotspots').click();
    const treemap = page.getByTestId('treemap');
    await treemap.locator('svg').waitFor();
    await expect.poll(() => treemap.locator('svg path').count()).toBeGreaterThan(5);
    expect(await treemap.getAttribute('aria-label')).toMatch(/Treemap of 5 code files/);

    const rows = page.getByTestId('hotspots-table').locator('tbody tr');
    // Paths wrap after their slashes (a <wbr> each), and read as the whole path.
    const firstPath = rows.first().locator('code.path');
    expect(await firstPath.textContent()).toMatch(/^src\/\S+\.ts$/);
    expect(await firstPath.locator('wbr').count()).toBe(
      ((await firstPath.textContent()) ?? '').split('/').length - 1,
    );
    await rows.first().focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('file-detail');
    await detail.waitFor();
    await expect.poll(() => detail.textContent()).toMatch(/imports? it; it imports/);
    expect(await page.locator('#file-detail-title').isVisible()).toBe(true);
    await shot('hotspots');
  });

  it('shows knowledge and coupling', async () => {
    await nav('Knowledge').click();
    await page.getByTestId('knowledge-table').waitFor();
    expect(await page.getByTestId('knowledge-table').textContent()).toContain('Ann Author');
    await shot('knowledge');

    await nav('Coupling').click();
    await page.getByLabel('File path').fill('src/billing/tax.ts');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('src/orders/order.ts');
    await shot('coupling');
  });

  it('runs a scan from the browser and follows it to the end', async () => {
    const head = repo.commit({
      message: 'faster search',
      files: { 'src/catalogue/search.ts': 'export const search = () => [];\n' },
    });
    // The header says the figures are older than the repository, and where to scan.
    await page.reload();
    await expect
      .poll(() => page.locator('.repo-stale').textContent())
      .toMatch(new RegExp(`HEAD is now ${head.slice(0, 7)}.*scan it`));
    await nav('Scan').click();
    await page.getByTestId('scan-status').waitFor();
    await page.getByTestId('start-scan').click();
    await expect
      .poll(() => page.getByTestId('scan-status').textContent(), { timeout: 30_000 })
      .toMatch(/Scan finished .*incremental scan .*1 new commit read/);
    await shot('scan');
    // The rest of the dashboard reads the new figures.
    await nav('Overview').click();
    await expect.poll(() => page.getByTestId('overview-figures').textContent()).toContain('9 commits');
    await expect.poll(() => page.locator('.repo-stale').count()).toBe(0);
  });

  it('asks for a token when the server listens beyond loopback, then shows the dashboard', async () => {
    const env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
    const { token } = runCliJson<{ token: string }>(['token', 'create', '--role', 'viewer'], {
      cwd: repo.dir,
      env,
    });
    const open = await startServe(['--host', '0.0.0.0', '--no-scan', '--repo', repo.dir], { env });
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const guarded = await context.newPage();
      await guarded.goto(`http://127.0.0.1:${new URL(open.url).port}/`);
      await guarded.getByLabel('API token').fill('tpo_not-a-token');
      await guarded.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => guarded.locator('form').textContent()).toContain('not accepted');
      await guarded.getByLabel('API token').fill(token);
      await guarded.getByRole('button', { name: 'Continue' }).click();
      await guarded.getByTestId('overview-figures').waitFor();
      // A viewer may read but not scan.
      await guarded
        .getByRole('navigation', { name: 'Pages' })
        .getByRole('link', { name: 'Scan', exact: true })
        .click();
      expect(await guarded.getByTestId('start-scan').isDisabled()).toBe(true);
      await expect
        .poll(() => guarded.getByTestId('scan-status').textContent())
        .toMatch(/^Last scan .*: .*scan up to commit/);
      await guarded.screenshot({ path: path.join(ARTIFACTS, 'dashboard-viewer-scan.png') });
    } finally {
      await context.close();
      await open.stop();
    }
  });

  it('needed nothing from the network and raised no error', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
