import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { createShopRepo } from '../helpers/server.js';
import { startServe } from '../helpers/serve-process.js';

describe('tpo serve and tpo token', () => {
  let repo: TestRepo;
  let dbDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    repo = createShopRepo();
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-serve-'));
    env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
  });
  afterAll(() => {
    repo.remove();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('scans, serves the API and the dashboard on loopback, prints the address and stops on SIGTERM', async () => {
    const serve = await startServe([], { cwd: repo.dir, env });
    try {
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(serve.output()).toMatch(/scanned tpo-repo-\w+ at [0-9a-f]{12}: full, 7 commits/);
      expect(serve.output()).toContain(`documentation: ${serve.url}api/docs`);
      expect(await (await fetch(`${serve.url}api/health`)).json()).toEqual({ status: 'ok' });
      const summary = (await (await fetch(`${serve.url}api/v1/summary`)).json()) as { commits: number };
      expect(summary.commits).toBe(7);
      const page = await fetch(serve.url);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('fits the localization model in the background once it listens, before any request asks for it', async () => {
    // A store of its own: no earlier server has prepared anything in it.
    const file = path.join(dbDir, 'fresh.db');
    const serve = await startServe([], { cwd: repo.dir, env: { TPO_DATABASE_URL: file } });
    try {
      const head = repo.git('rev-parse', 'HEAD').trim();
      const db = new Database(file, { readonly: true });
      const waitForModel = async (commit: string): Promise<unknown> => {
        const end = Date.now() + 20_000;
        let saved: unknown;
        while (!saved && Date.now() < end) {
          saved = db.prepare('select commit_sha from locate_models where commit_sha = ?').get(commit);
          if (!saved) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return saved;
      };
      try {
        expect(await waitForModel(head)).toEqual({ commit_sha: head });
        expect((await fetch(`${serve.url}api/v1/rank`)).status).toBe(200);
        // A scan started from the dashboard prepares the new commit's model the same way.
        const next = repo.commit({
          message: 'add a coupon field',
          files: { 'src/coupon.ts': 'export const c = 1;\n' },
        });
        const started = await fetch(`${serve.url}api/v1/scans`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
        expect(started.status).toBe(202);
        expect(await waitForModel(next)).toEqual({ commit_sha: next });
      } finally {
        db.close();
      }
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('refuses to listen beyond loopback while no token exists, saying how to fix it', () => {
    const result = runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--no-scan'], { cwd: repo.dir, env });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/needs API tokens.*tpo token create --role admin/);
  });

  it('creates tokens shown once, lists them without the secret, and revokes them', async () => {
    const created = runCliJson<{ token: string; record: { id: number; role: string } }>(
      ['token', 'create', '--role', 'viewer', '--name', 'stakeholders'],
      { cwd: repo.dir, env },
    );
    expect(created.token).toMatch(/^tpo_/);
    expect(created.record.role).toBe('viewer');
    const plain = runCli(['token', 'create', '--role', 'admin'], { cwd: repo.dir, env });
    expect(plain.status).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^tpo_[\w-]+$/);
    expect(plain.stderr).toMatch(/not shown again/);

    const listed = runCli(['token', 'list'], { cwd: repo.dir, env });
    expect(listed.stdout).toMatch(/stakeholders\s+viewer/);
    expect(listed.stdout).not.toContain(created.token);

    const bad = runCli(['token', 'create', '--role', 'owner'], { cwd: repo.dir, env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown role "owner"/);

    // With a token, the server listens beyond loopback and asks every request for one.
    const serve = await startServe(['--host', '0.0.0.0', '--no-scan'], { cwd: repo.dir, env });
    try {
      const port = new URL(serve.url).port;
      const url = `http://127.0.0.1:${port}/api/v1/summary`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
      expect(runCli(['token', 'revoke', String(created.record.id)], { cwd: repo.dir, env }).status).toBe(0);
      expect((await fetch(url, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
    } finally {
      await serve.stop();
    }
    const again = runCli(['token', 'revoke', String(created.record.id)], { cwd: repo.dir, env });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/no live token with id/);
  });

  it('says which port is taken', async () => {
    const first = await startServe(['--no-scan'], { cwd: repo.dir, env });
    try {
      const port = new URL(first.url).port;
      const second = runCli(['serve', '--port', port, '--no-scan'], { cwd: repo.dir, env });
      expect(second.status).toBe(4);
      expect(second.stderr).toMatch(new RegExp(`port ${port} is in use`));
    } finally {
      await first.stop();
    }
  });
});
