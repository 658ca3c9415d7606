/**
 * `tpo report` writes one self-contained HTML file: opened from disk in Debian's Chromium (playwright-core) with
 * the network cut off, it shows its sections and its charts, and prints. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../helpers/git-repo.js';
import { createLayeredRepo } from '../helpers/layered-repo.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

const CHROMIUM = process.env.TPO_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');

describe('tpo report', () => {
  let repo: TestRepo;
  let ts: TestStore;
  let out: string;
  const tpo = (...args: string[]): CliResult => runCli(args, { cwd: repo.dir, env: { ...ts.env } });

  beforeAll(async () => {
    repo = createLayeredRepo();
    ts = await createTestStore('sqlite');
    out = mkdtempSync(path.join(os.tmpdir(), 'tpo-report-'));
    expect(tpo('scan').status).toBe(0);
    tpo(
      'add',
      'Show a discount on the order total',
      '--reach',
      '800',
      '--impact',
      '2',
      '--confidence',
      '80',
      '--effort',
      '0.2',
      '--area',
      'src/pricing/**',
    );
    tpo(
      'add',
      'Store orders in the new table',
      '--reach',
      '300',
      '--impact',
      '1',
      '--confidence',
      '100',
      '--effort',
      '2',
      '--area',
      'src/persistence/**',
    );
    tpo(
      'add',
      'A <script> in a title & more',
      '--reach',
      '100',
      '--impact',
      '0.5',
      '--confidence',
      '50',
      '--effort',
      '1',
    );
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes the HTML report with both scores, the flagged items in plain words, a treemap and a roadmap', () => {
    const file = path.join(out, 'report.html');
    const result = tpo('report', '--start', '2024-06-20', '--html', file);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Wrote .*report\.html \(\d+ KB\): 3 ranked items, 1 bigger than they look, 7 files on the risk map, 3 items on the roadmap\./,
    );
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // Self-contained: no script, no external resource.
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('A &lt;script&gt; in a title &amp; more');
    expect(html).toContain('<h2>Items bigger than they look</h2>');
    expect(html).toMatch(
      /<h3>T-1: Show a discount on the order total <span class="flag">about [\d.]+ times as big<\/span><\/h3><p>It was put down as 0.2 weeks of work/,
    );
    expect(html.match(/<svg/g)?.length).toBe(2);
  });

  it('prints the same report as Markdown, and its figures as JSON', () => {
    const markdown = tpo('report', '--start', '2024-06-20', '--markdown');
    expect(markdown.stdout).toMatch(/^# Where the work stands: tpo-repo-/);
    expect(markdown.stdout).toContain(
      "| # | item | title | RICE as asked | RICE with the code's figures | why |",
    );
    expect(markdown.stdout).toMatch(
      /\| 1 \| T-1 \| Show a discount on the order total \*\*\(bigger than it looks\)\*\* \| 6,400 \| [\d,.]+ \|/,
    );
    const json = JSON.parse(tpo('report', '--start', '2024-06-20', '--json').stdout) as {
      roadmap: { items: { id: string }[] };
      assessment: { verdict: string };
    };
    expect(json.roadmap.items).toHaveLength(3);
    expect(json.assessment.verdict).toMatch(/^(dedicated-tpo|po-with-tech-lead|lead-covers-it)$/);
    expect(tpo('report', '--markdown', '--html', 'x.html').stderr).toBe(
      'tpo: --markdown prints to the terminal; it takes no --html file\n',
    );
  });

  describe.skipIf(!existsSync(CHROMIUM))('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
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
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('opens from disk without the network, shows every section and chart, and prints', async () => {
      const file = path.join(out, 'report.html');
      const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      const headings = await page.locator('h2').allTextContents();
      expect(headings).toEqual([
        'The backlog, in the order to do it',
        'Items bigger than they look',
        'The riskiest areas of the code',
        'Roadmap',
        'Who should own the backlog?',
        'Notes',
      ]);
      expect(await page.locator('#backlog tbody tr').count()).toBe(3);
      const treemap = page.locator('#treemap svg');
      expect((await treemap.boundingBox())!.width).toBeGreaterThan(600);
      expect(await treemap.locator('path, rect').count()).toBeGreaterThan(7);
      expect(await treemap.textContent()).toContain('order-total.ts');
      const roadmap = page.locator('#roadmap-chart svg');
      expect(await roadmap.textContent()).toContain('85 % likely by');
      expect(requests).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await context.close();
    });
  });
});
