import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Item } from '../../src/domain/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { restIssue, startGithubServer } from '../helpers/github-server.js';
import { BIN, runCli, runCliJson, type CliResult } from '../helpers/run-cli.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const FIXTURES = path.resolve('test/fixtures/backlog');

/** Like runCli, without blocking the event loop (for a server in this process). */
function runCliAsync(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

describe.each(DIALECTS)('tpo backlog commands on %s', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  let tmp: string;
  let env: Record<string, string>;
  const tpo = (...args: string[]): CliResult => runCli(args, { cwd: repo.dir, env });
  const json = <T>(...args: string[]): T => runCliJson<T>(args, { cwd: repo.dir, env });
  /** An $EDITOR that runs this shell script on the file (its path is "$1"). */
  const editor = (name: string, script: string): string => {
    const file = path.join(tmp, `${name}.sh`);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  beforeAll(async () => {
    // A repository that was never scanned: backlog commands need none of the code model.
    repo = createTestRepo();
    repo.commit({ message: 'start', files: { 'README.md': '# shop\n' } });
    ts = await createTestStore(dialect);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tpo-backlog-cli-'));
    env = { ...ts.env, EDITOR: 'false', VISUAL: '' };
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('adds items with flags and numbers them', () => {
    const first = json<Item>(
      'add',
      'Export invoices as PDF',
      '--reach',
      '2000',
      '--impact',
      '2',
      '--confidence',
      '80',
      '--effort',
      '2',
      '--tag',
      'billing,pdf',
      '--requester',
      'Dana',
      '--target',
      '2025-06-30',
    );
    expect(first).toMatchObject({
      id: 'T-1',
      status: 'idea',
      rice: { reach: 2000, impact: 2, confidence: 80, effort: 2 },
    });
    const second = tpo(
      'add',
      '--title',
      'Upgrade the PDF library',
      '--kind',
      'debt',
      '--blocks',
      'T-1',
      '--reach',
      '10',
      '--impact',
      '1',
      '--confidence',
      '50',
      '--effort',
      '1',
    );
    expect(second).toMatchObject({ status: 0, stdout: 'Added T-2: Upgrade the PDF library\n' });
  });

  it('refuses bad input with exit status 2 and one line', () => {
    expect(tpo('add')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^tpo: give the item a title/) as string,
    });
    const bad = tpo('add', 'X', '--impact', '4');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('tpo: impact must be one of 0.25, 0.5, 1, 2, 3 (minimal to massive), got 4\n');
    // A confidence written as a fraction would rank the item 100 times too low: refused, with the fix.
    expect(tpo('add', 'X', '--confidence', '0.8')).toMatchObject({
      status: 2,
      stderr: 'tpo: confidence is a percent from 0 to 100: write 80 for 80 %, or "0.8%" if you mean 0.8 %\n',
    });
    expect(tpo('list', '--json').stdout).not.toContain('"X"');
    expect(tpo('move', 'T-1', 'finished').stderr).toMatch(
      /status "finished" is not one of idea, ready, in-progress, done, dropped/,
    );
    expect(tpo('show', 'T-99')).toMatchObject({
      status: 2,
      stderr: 'tpo: there is no item T-99 in the backlog; "tpo list" shows them\n',
    });
  });

  it('shows an item with its scores, dependencies and history', () => {
    const out = tpo('show', 't-1');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('T-1  Export invoices as PDF');
    expect(out.stdout).toContain(
      'RICE 1,600  (reach 2000 x impact 2 x confidence 80 % / effort 2 person-weeks)',
    );
    expect(out.stdout).toContain('waits for T-2');
    const details = json<{ item: Item; blocks: string[]; rice: number }>('show', 'T-2');
    expect(details).toMatchObject({ blocks: ['T-1'], rice: 5, item: { kind: 'debt' } });
  });

  it('ranks with the reason for each position, as a table, JSON, CSV and Markdown', () => {
    const table = tpo('rank');
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(
      /1 +T-2 +idea +5 +- +1,600 +Upgrade the PDF library +ranked up: unblocks T-1, RICE 1,600/,
    );
    const ranked = json<{ items: { id: string; reasons: { kind: string; text: string }[] }[] }>('rank');
    expect(ranked.items.map((i) => i.id)).toEqual(['T-2', 'T-1']);
    expect(tpo('rank', '--csv').stdout.split('\r\n')[0]).toBe(
      'position,id,title,kind,status,score,adjusted-score,priority,waits-for,reasons',
    );
    expect(tpo('rank', '--markdown').stdout).toContain(
      '| 1 | T-2 | Upgrade the PDF library | idea | 5 | 1600 |',
    );
    expect(tpo('rank', '--scheme', 'wsjf').stdout).toContain('no WSJF score');
  });

  it('refuses a dependency cycle, naming it', () => {
    const out = tpo('block', 'T-1', 'T-2');
    expect(out.status).toBe(2);
    expect(out.stderr).toBe(
      'tpo: dependency cycle: T-1 blocks T-2 blocks T-1; an item cannot wait for itself\n',
    );
    expect(tpo('block', 'T-2', 'T-1').stdout).toBe('T-2 already blocks T-1\n');
  });

  it('moves items and records the history', () => {
    expect(tpo('move', 'T-2', 'in-progress').stdout).toBe('T-2: idea -> in-progress\n');
    expect(tpo('move', 'T-2', 'done').stdout).toBe('T-2: in-progress -> done\n');
    const { item } = json<{ item: Item }>('show', 'T-2');
    expect(item.history.map((h) => h.to)).toEqual(['idea', 'in-progress', 'done']);
    expect(item.startedAt).not.toBeNull();
    expect(item.finishedAt).not.toBeNull();
  });

  it('lists with filters', () => {
    tpo('add', 'Crash on empty cart', '--kind', 'bug', '--tag', 'cart');
    const ids = (...args: string[]): string[] =>
      json<{ items: Item[] }>('list', ...args).items.map((i) => i.id);
    expect(ids()).toEqual(['T-1', 'T-2', 'T-3']);
    expect(ids('--status', 'done')).toEqual(['T-2']);
    expect(ids('--kind', 'bug')).toEqual(['T-3']);
    expect(ids('--tag', 'pdf')).toEqual(['T-1']);
    expect(ids('--text', 'cart')).toEqual(['T-3']);
    expect(ids('--open')).toEqual(['T-1', 'T-3']);
    expect(tpo('list').stdout).toMatch(/T-1 +idea +feature +Export invoices as PDF +2 pw +T-2 +billing, pdf/);
  });

  it('edits with flags, and a stale --expect-version is a conflict (exit 3)', () => {
    const edited = json<Item>('edit', 'T-1', '--effort', '4', '--requester', 'none');
    expect(edited).toMatchObject({ version: 3, rice: { effort: 4 }, requester: null });
    const stale = tpo('edit', 'T-1', '--title', 'Stale', '--expect-version', '2');
    expect(stale.status).toBe(3);
    expect(stale.stderr).toMatch(
      /T-1 was changed by someone else \(it is now at version 3, you had version 2\)/,
    );
    expect(json<{ item: Item }>('show', 'T-1').item.title).toBe('Export invoices as PDF');
  });

  it('edits an item in $EDITOR (YAML front matter and Markdown)', () => {
    const script = editor(
      'set-effort',
      `sed -i -e 's/^effort: [0-9.]*/effort: 6/' -e '$ a Customers ask for it.' "$1"`,
    );
    const out = runCli(['edit', 'T-1', '--editor'], { cwd: repo.dir, env: { ...env, EDITOR: script } });
    expect(out).toMatchObject({ status: 0, stdout: 'Updated T-1 (version 4)\n' });
    const { item } = json<{ item: Item }>('show', 'T-1');
    expect(item).toMatchObject({
      rice: { effort: 6 },
      description: 'Customers ask for it.\n',
      tags: ['billing', 'pdf'],
      blockedBy: ['T-2'],
    });
  });

  it('adds an item through $EDITOR, and refuses a wrong field with its line', () => {
    const write = editor(
      'write-new',
      `sed -i -e 's/^title: ""/title: Dark mode/' -e 's/^impact:/impact: 0.5/' "$1"`,
    );
    const added = runCli(['add', '--editor'], { cwd: repo.dir, env: { ...env, EDITOR: write } });
    expect(added).toMatchObject({ status: 0, stdout: 'Added T-4: Dark mode\n' });
    expect(json<{ item: Item }>('show', 'T-4').item.rice.impact).toBe(0.5);
    const wrong = editor('write-wrong', `sed -i 's/^impact:[^#]*/impact: 7 /' "$1"`);
    const refused = runCli(['edit', 'T-4', '--editor'], { cwd: repo.dir, env: { ...env, EDITOR: wrong } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      /^tpo: .*T-4\.md:7:9: impact must be one of 0\.25, 0\.5, 1, 2, 3 .*\(your text is kept in .*T-4\.md\)\n$/,
    );
  });

  // `script` (util-linux) gives the command a pseudo-terminal, as a person's shell would.
  it.runIf(spawnSync('script', ['--version']).status === 0)(
    'opens $EDITOR on a terminal when add has no flags, and reopens it with the mistake shown',
    () => {
      const count = path.join(tmp, 'count');
      const twice = editor(
        'twice',
        `n=$(cat ${count} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${count}\n` +
          `if [ $n = 1 ]; then sed -i -e 's/^title: ""/title: Offline mode/' -e 's/^impact:[^#]*/impact: 7 /' "$1"; ` +
          `else grep -q '^# tpo: .*impact must be one of' "$1" && sed -i 's/^impact: 7 /impact: 2 /' "$1"; fi`,
      );
      const out = spawnSync(
        'script',
        ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} add`, '/dev/null'],
        {
          cwd: repo.dir,
          env: { ...process.env, ...env, EDITOR: twice },
          encoding: 'utf8',
        },
      );
      expect(out.status).toBe(0);
      expect(out.stdout).toMatch(/Added T-\d+: Offline mode/);
      expect(readFileSync(count, 'utf8').trim()).toBe('2');
    },
  );

  it('gives the editor a conflict (exit 3) when someone else saved meanwhile, keeping both texts', () => {
    const meanwhile = editor(
      'meanwhile',
      `node ${JSON.stringify(BIN)} edit T-4 --title "Changed meanwhile" >/dev/null\nsed -i 's/^effort:[^#]*/effort: 9 /' "$1"`,
    );
    const out = runCli(['edit', 'T-4', '--editor'], { cwd: repo.dir, env: { ...env, EDITOR: meanwhile } });
    expect(out.status).toBe(3);
    const kept = /your text is kept in (\S+\.md)/.exec(out.stderr)?.[1];
    expect(kept).toBeDefined();
    expect(readFileSync(kept!, 'utf8')).toMatch(/^effort: 9/m);
    expect(json<{ item: Item }>('show', 'T-4').item).toMatchObject({
      title: 'Changed meanwhile',
      rice: { effort: null },
    });
    rmSync(path.dirname(kept!), { recursive: true, force: true });
  });

  it('imports files (again without duplicates) and refuses a malformed one with exit 2', () => {
    const first = json<{ created: number }>(
      'import',
      path.join(FIXTURES, 'jira.csv'),
      '--base-url',
      'https://acme.atlassian.net',
    );
    expect(first.created).toBe(4);
    expect(
      tpo('import', path.join(FIXTURES, 'jira.csv'), '--base-url', 'https://acme.atlassian.net').stdout,
    ).toMatch(/Imported .*jira\.csv \(jira\): 0 created, 0 updated, 4 unchanged/);
    const bad = tpo('import', path.join(FIXTURES, 'truncated.csv'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/truncated\.csv:3:1: the quoted field that starts here never ends/);
    const mapped = json<{ created: number }>(
      'import',
      path.join(FIXTURES, 'wrong-columns.csv'),
      '--map',
      'title=name of thing',
      '--map',
      'effort=estimate',
    );
    expect(mapped.created).toBe(1);
  });

  it('imports GitHub issues through the REST API with $GITHUB_TOKEN', async () => {
    const server = await startGithubServer({
      repository: 'acme/shop',
      token: 'sekrit',
      issues: Array.from({ length: 120 }, (_, k) => restIssue(k + 1)),
    });
    try {
      const out = await runCliAsync(['import', '--github', 'acme/shop', '--api-url', server.url, '--json'], {
        cwd: repo.dir,
        env: { ...env, GITHUB_TOKEN: 'sekrit' },
      });
      expect(out.status).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ format: 'github', created: 120 });
      const refused = await runCliAsync(['import', '--github', 'acme/shop', '--api-url', server.url], {
        cwd: repo.dir,
        env: { ...env, GITHUB_TOKEN: 'wrong' },
      });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(/^tpo: GitHub refused the token \(401/);
    } finally {
      await server.close();
    }
  });

  it('exports JSON that imports into an empty store exactly, and CSV and Markdown', async () => {
    const file = path.join(tmp, 'backlog.json');
    expect(tpo('export', '--output', file).status).toBe(0);
    const other = await createTestStore(dialect);
    try {
      const otherEnv = { ...env, ...other.env };
      const imported = runCliJson<{ created: number }>(['import', file], { cwd: repo.dir, env: otherEnv });
      expect(imported.created).toBeGreaterThan(120);
      expect(runCli(['export'], { cwd: repo.dir, env: otherEnv }).stdout).toBe(readFileSync(file, 'utf8'));
    } finally {
      await other.dispose();
    }
    expect(
      tpo('export', '--format', 'csv').stdout.startsWith('id,title,description,kind,status,reach,'),
    ).toBe(true);
    expect(tpo('export', '--format', 'markdown').stdout).toContain('## T-1: Export invoices as PDF');
  });

  it('removes an item', () => {
    expect(tpo('rm', 'T-3').stdout).toBe('Removed T-3\n');
    expect(tpo('show', 'T-3').status).toBe(2);
    expect(tpo('rm', 'T-1', '--expect-version', '1').status).toBe(3);
    expect(
      existsSync(path.join(repo.dir, '.tpo')) || dialect === 'postgres' || env.TPO_DATABASE_URL !== undefined,
    ).toBe(true);
  });
});
