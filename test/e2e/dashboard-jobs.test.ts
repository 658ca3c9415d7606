/**
 * The Jobs page in a real browser against a team server (`tpo serve --database` on the real PostgreSQL) and one
 * `tpo worker`: the workspace's repositories, "Scan all", and the jobs running to completion.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { createTestStore, DIALECTS, POSTGRES_URL, type TestStore } from '../helpers/stores.js';
import { startWorker, type WorkerProcess } from '../helpers/worker-process.js';

const CHROMIUM = process.env.TPO_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');

describe.skipIf(!existsSync(CHROMIUM) || !DIALECTS.includes('postgres'))('the Jobs page in a browser', () => {
  let ts: TestStore;
  let tmp: string;
  let env: Record<string, string>;
  let repos: TestRepo[];
  let serve: ServeProcess;
  let worker: WorkerProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ts = await createTestStore('postgres');
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tpo-jobs-page-'));
    env = { ...ts.env, TPO_QUEUE_SCHEMA: `${ts.schema!}_q`, TPO_CACHE_DIR: path.join(tmp, 'cache') };
    repos = ['api', 'web'].map((name) => {
      const repo = createTestRepo();
      repo.commit({ message: `start ${name}`, files: { [`src/${name}.ts`]: 'export const x = 1;\n' } });
      return repo;
    });
    expect(runCli(['repo', 'add', repos[0]!.dir, '--name', 'api'], { cwd: tmp, env }).status).toBe(0);
    expect(
      runCli(['repo', 'add', `file://${repos[1]!.dir}`, '--name', 'web'], { cwd: tmp, env }).status,
    ).toBe(0);
    serve = await startServe(['--database', ts.location], { cwd: tmp, env });
    worker = startWorker('browser-test-worker', [], env);
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
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await serve?.stop();
    await ts.dispose();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${ts.schema!}_q" cascade`);
    await client.end();
    for (const repo of repos) repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the repositories, queues a scan of all of them, and shows the jobs done by the worker', async () => {
    await page.goto(`${serve.url}#/jobs`);
    const reposTable = page.getByTestId('workspace-repos');
    await expect.poll(() => reposTable.locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    expect(await reposTable.locator('tbody tr').first().innerText()).toContain('never');
    await page.getByTestId('scan-all').click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'queued' }).first().innerText(), {
        timeout: 20_000,
      })
      .toBe('2 scans queued.');
    const jobs = page.getByTestId('scan-jobs');
    await expect
      .poll(
        async () => (await jobs.locator('tbody tr').allInnerTexts()).filter((t) => /\bdone\b/.test(t)).length,
        {
          timeout: 60_000,
        },
      )
      .toBe(2);
    const rows = await jobs.locator('tbody tr').allInnerTexts();
    for (const row of rows) {
      expect(row).toContain('browser-test-worker');
      expect(row).toMatch(/full, 1 new commits/);
      expect(row).toContain('1 of 4');
    }
    await expect
      .poll(
        async () =>
          (await reposTable.locator('tbody tr').allInnerTexts()).filter((t) => t.includes('never')).length,
        {
          timeout: 20_000,
        },
      )
      .toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-jobs.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
