/**
 * The boards in a real browser (Debian's Chromium driven by playwright-core) against the real `tpo serve`: a
 * hybrid team's sprint board with its burndown and its Kanban board with WIP limits and aging, then the cadence
 * changed from the dashboard. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const CHROMIUM = process.env.TPO_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const day = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!existsSync(CHROMIUM))('the boards in a browser', () => {
  let repo: TestRepo;
  let dbDir: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    repo = createTestRepo();
    repo.commit({ message: 'start', files: { 'README.md': '# shop\n' } });
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-board-'));
    const env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
    const tpo = (...args: string[]): void => {
      const result = runCli(args, { cwd: repo.dir, env });
      if (result.status !== 0) throw new Error(`tpo ${args.join(' ')}: ${result.stderr}`);
    };
    tpo('cadence', 'hybrid');
    tpo('wip', 'set', 'in-progress', '1');
    const add = (title: string, reach: string, effort: string): void =>
      tpo(
        'add',
        title,
        '--status',
        'ready',
        '--reach',
        reach,
        '--impact',
        '1',
        '--confidence',
        '100',
        '--effort',
        effort,
      );
    add('Bulk refunds', '3000', '1');
    add('Export CSV', '900', '0.6');
    add('Dark mode', '100', '0.4');
    add('Saved searches', '500', '1');
    tpo(
      'sprint',
      'add',
      'Sprint 1',
      '--start',
      day(-1),
      '--end',
      day(3),
      '--member',
      'alice=6',
      '--member',
      'bob=4',
    );
    tpo('sprint', 'start', 'Sprint 1');
    tpo('move', 'T-2', 'in-progress');
    tpo('move', 'T-2', 'done');
    tpo('move', 'T-1', 'in-progress');
    tpo('move', 'T-3', 'in-progress');
    serve = await startServe(['--repo', repo.dir], { env });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    repo?.remove();
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

  it('shows the sprint board with its burndown for a hybrid team', async () => {
    await page.goto(serve.url);
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Board', exact: true })
      .click();
    const board = page.getByTestId('sprint-board');
    await board.waitFor();
    await expect.poll(() => page.getByTestId('sprint-figures').textContent()).toContain('10 person-days');
    expect(await page.getByTestId('sprint-figures').textContent()).toMatch(/Done3 person-days1 item/);
    const burndown = page.getByTestId('burndown-chart');
    await burndown.locator('svg').waitFor();
    await expect.poll(() => burndown.locator('svg path').count()).toBeGreaterThan(2);
    expect(await burndown.getAttribute('aria-label')).toBe(
      `Burndown of Sprint 1: 7.0 of 10.0 person-days left on ${day(0)}`,
    );
    expect(await board.getByRole('region', { name: /In progress/ }).textContent()).toContain('Bulk refunds');
  });

  it('shows the Kanban board with the WIP limit broken, aging and cumulative flow', async () => {
    const kanban = page.getByTestId('kanban-board');
    await kanban.waitFor();
    const doing = page.getByTestId('column-in-progress');
    expect(await doing.textContent()).toContain('2 / 1 over the WIP limit');
    expect(await doing.getAttribute('class')).toContain('over');
    await expect.poll(() => page.getByTestId('cfd-chart').locator('svg path').count()).toBeGreaterThan(4);
    expect(await page.getByTestId('cfd-chart').getAttribute('aria-label')).toMatch(
      /^Cumulative flow over \d+ days; on .*: 1 done, 2 in-progress, 1 ready, 0 idea$/,
    );
    expect(await page.getByTestId('cycle-time-chart').getAttribute('aria-label')).toBe(
      'Cycle times of 1 finished item: 50 % within 1 day, 85 % within 1 day',
    );
    expect(await page.getByTestId('aging-table').textContent()).toContain('T-1 Bulk refunds');
    await shot('board-hybrid');
  });

  it('changes the cadence from the dashboard: Scrum shows only the sprint board', async () => {
    await page.getByLabel('Cadence', { exact: true }).selectOption('scrum');
    await page.getByLabel('WIP limit: in-progress').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('kanban-board').count()).toBe(0);
    await page.getByTestId('sprint-board').waitFor();
    const settings = runCli(['cadence', '--json'], {
      cwd: repo.dir,
      env: { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') },
    });
    expect(JSON.parse(settings.stdout)).toMatchObject({ cadence: 'scrum', wipLimits: { 'in-progress': 3 } });
    await shot('board-scrum');
    expect(pageErrors).toEqual([]);
  });
});
