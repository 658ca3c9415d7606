import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';

describe('tpo repo and tpo worker', () => {
  let repo: TestRepo;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    repo = createTestRepo();
    repo.commit({ message: 'first', files: { 'src/a.ts': 'export const a = 1;\n' } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-repo-cli-'));
    env = { TPO_DATABASE_URL: path.join(dir, 'tpo.db'), TPO_CACHE_DIR: path.join(dir, 'cache') };
  });
  afterAll(() => {
    repo.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists, scans and removes workspace repositories, from a folder that is no repository', () => {
    const added = runCli(['repo', 'add', repo.dir, '--name', 'api'], { cwd: dir, env });
    expect(added.status).toBe(0);
    expect(added.stdout).toBe(
      `Added repository 1 (api, at ${repo.dir}). Scan it with "tpo repo scan api" or from the server.\n`,
    );
    const clone = runCliJson<{ name: string; kind: string }>(
      ['repo', 'add', `file://${repo.dir}`, '--name', 'copy'],
      {
        cwd: dir,
        env,
      },
    );
    expect(clone).toMatchObject({ name: 'copy', kind: 'url' });
    const again = runCli(['repo', 'add', repo.dir], { cwd: dir, env });
    expect(again.status).toBe(3);
    expect(again.stderr).toBe(`tpo: ${repo.dir} is already in the workspace as "api".\n`);
    const scanned = runCliJson<{ results: { repo: string; status: string; commits: number }[] }>(
      ['repo', 'scan'],
      {
        cwd: dir,
        env,
      },
    );
    expect(scanned.results).toEqual([
      { repo: 'api', status: 'done', commits: 1, files: 1 },
      { repo: 'copy', status: 'done', commits: 1, files: 1 },
    ]);
    const listed = runCli(['repo', 'list'], { cwd: dir, env });
    expect(listed.stdout).toMatch(/^ 1 {2}api {3}path {2}/m);
    expect(listed.stdout).toContain(repo.head().slice(0, 12));
    expect(runCli(['repo', 'rm', 'copy'], { cwd: dir, env }).stdout).toBe(
      `Removed repository 2 (copy, cloned from file://${repo.dir}) from the workspace.\n`,
    );
    const missing = runCli(['repo', 'rm', 'copy'], { cwd: dir, env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('tpo: no repository "copy" in the workspace; it has 1 (api).\n');
  });

  it('refuses a worker without PostgreSQL and a schedule without a queue, saying what to do', () => {
    const worker = runCli(['worker'], { cwd: dir, env });
    expect(worker.status).toBe(2);
    expect(worker.stderr).toMatch(
      /^tpo: a worker takes jobs from a PostgreSQL store: pass --database postgres:\/\//,
    );
    const concurrency = runCli(['worker', '--concurrency', '0', '--database', 'postgres://x@127.0.0.1:1/x'], {
      cwd: dir,
      env,
    });
    expect(concurrency.status).toBe(2);
    expect(concurrency.stderr).toContain('--concurrency must be a whole number from 1 to 64, got "0"');
    const schedule = runCli(
      ['serve', '--repo', repo.dir, '--no-scan', '--port', '0', '--schedule', '0 * * * *'],
      {
        cwd: dir,
        env,
      },
    );
    expect(schedule.status).toBe(2);
    expect(schedule.stderr).toContain('--schedule queues scans for workers, which needs a PostgreSQL store');
    expect(runCli(['worker', '--help']).stdout).toContain('--concurrency <n>');
  });
});
