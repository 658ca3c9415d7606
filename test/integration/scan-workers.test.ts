/**
 * Team scale on the real PostgreSQL: one `tpo serve --database` and two `tpo worker` processes on loopback scan
 * several generated repositories from the queue; one worker is killed with SIGKILL in the middle of a scan, and
 * its job is retried by the other once the lease runs out, leaving a store that equals a complete scan.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getWebhookSignature, type QueuedScan } from '../../src/app/index.js';
import { countRows, loadFiles, loadRepos } from '../../src/store/index.js';
import { createLargeRepo } from '../helpers/fast-import.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { createTestStore, DIALECTS, POSTGRES_URL, type TestStore } from '../helpers/stores.js';
import { startWorker, type WorkerProcess } from '../helpers/worker-process.js';

const SECRET = 'a shared secret';
const LEASE_SECONDS = 8;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

function makeSmallRepo(n: number): TestRepo {
  const repo = createTestRepo();
  for (let i = 0; i < 3 + n; i += 1)
    repo.commit({ message: `change ${i}`, files: { [`src/m${i % 3}.ts`]: `export const v = ${i};\n` } });
  return repo;
}

describe.skipIf(!DIALECTS.includes('postgres'))('a server and two workers on PostgreSQL', () => {
  let ts: TestStore;
  let queueSchema: string;
  let env: Record<string, string>;
  let tmp: string;
  let large: string;
  let small: TestRepo[];
  let serve: ServeProcess;
  let workers: WorkerProcess[] = [];

  const api = async <T>(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${serve.url}api/v1/${route}`, {
      method,
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  };
  const jobs = async (): Promise<QueuedScan[]> =>
    (await api<{ jobs: QueuedScan[] }>('GET', 'jobs?limit=1000')).body.jobs;
  const waitUntil = async (
    what: string,
    test: () => Promise<boolean>,
    timeoutMs = 120_000,
  ): Promise<void> => {
    const end = Date.now() + timeoutMs;
    while (!(await test())) {
      if (Date.now() > end)
        throw new Error(`timed out waiting until ${what}\n${workers.map((w) => w.log()).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    ts = await createTestStore('postgres');
    queueSchema = `${ts.schema!}_q`;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tpo-team-'));
    env = {
      ...ts.env,
      TPO_QUEUE_SCHEMA: queueSchema,
      TPO_SCAN_LEASE_SECONDS: String(LEASE_SECONDS),
      TPO_SCAN_RETRY_DELAY_SECONDS: '1',
      TPO_WEBHOOK_SECRET: SECRET,
      TPO_CACHE_DIR: path.join(tmp, 'cache'),
    };
    large = createLargeRepo({ commits: 12_000, files: 600, mergeEvery: 8 });
    small = [0, 1, 2].map(makeSmallRepo);
    // Started in a folder that is no repository: a team server needs none of them locally.
    serve = await startServe(['--database', ts.location], { cwd: tmp, env });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await serve?.stop();
    await ts.dispose();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${queueSchema}" cascade`);
    await client.end();
    rmSync(large, { recursive: true, force: true });
    for (const repo of small) repo.remove();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('adds repositories over the API: local paths and a clone URL', async () => {
    expect((await api('POST', 'workspace/repos', { source: large, name: 'large' })).status).toBe(201);
    for (const [i, repo] of small.entries()) {
      const source = i === 2 ? `file://${repo.dir}` : repo.dir;
      expect((await api('POST', 'workspace/repos', { source, name: `small-${i}` })).status).toBe(201);
    }
    const listed = await api<{ repos: { name: string; kind: string }[] }>('GET', 'workspace/repos');
    expect(listed.body.repos.map((r) => `${r.name}:${r.kind}`)).toEqual([
      'large:path',
      'small-0:path',
      'small-1:path',
      'small-2:url',
    ]);
    expect((await api('POST', 'workspace/repos', { source: large, name: 'again' })).status).toBe(409);
    // This server scans nothing itself: the in-process scan route says where scans go.
    const inProcess = await api<{ detail: string }>('POST', 'scans', {});
    expect(inProcess.status).toBe(400);
    expect(inProcess.body.detail).toContain('POST /api/v1/jobs');
  });

  it('retries the job of a worker killed mid-scan on the other worker, and the store ends complete', async () => {
    const queued = await api<{ results: { job: QueuedScan; queued: boolean }[] }>('POST', 'jobs', {});
    expect(queued.status).toBe(202);
    expect(queued.body.results.map((r) => r.queued)).toEqual([true, true, true, true]);
    // Asking again while they wait adds nothing.
    const again = await api<{ results: { queued: boolean }[] }>('POST', 'jobs', { repo: 'large' });
    expect(again.body.results[0]!.queued).toBe(false);
    const largeJob = queued.body.results[0]!.job;

    workers = [startWorker('w1', [], env), startWorker('w2', [], env)];
    // Whichever worker takes the large repository is killed once its progress shows it reading.
    const first = await Promise.race(
      workers.map((w) => w.waitFor((e) => e.kind === 'started' && e.job?.repo === 'large').then(() => w)),
    );
    await waitUntil('the large scan reports progress', async () => {
      const job = (await jobs()).find((j) => j.id === largeJob.id)!;
      return job.state === 'active' && job.phase !== null;
    });
    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    const killedJob = (await jobs()).find((j) => j.id === largeJob.id)!;
    expect(killedJob).toMatchObject({ state: 'active', worker: first.name, attempts: 1 });
    const other = workers.find((w) => w !== first)!;

    await waitUntil(
      'every job is completed',
      async () => (await jobs()).every((j) => j.state === 'completed'),
      180_000,
    );
    const done = (await jobs()).find((j) => j.id === largeJob.id)!;
    expect(done).toMatchObject({ state: 'completed', attempts: 2, worker: other.name });
    expect(done.summary?.commits).toBe(12_000);
    // Retried only after the lease of the dead worker ran out.
    const retried = await other.waitFor((e) => e.kind === 'started' && e.job?.repo === 'large');
    expect(retried.at - killedAt).toBeGreaterThanOrEqual((LEASE_SECONDS - 2) * 1000);
    // The other repositories were each scanned exactly once.
    const starts = workers.flatMap((w) =>
      w.events.filter((e) => e.kind === 'started').map((e) => e.job!.repo),
    );
    expect(starts.filter((r) => r !== 'large').sort()).toEqual(['small-0', 'small-1', 'small-2']);

    // Nothing half-written: every repository's history is exactly what its last commit reaches, and its
    // snapshot is its head's tree.
    const rows = await loadRepos(ts.store.db);
    expect(rows.map((r) => r.name).sort()).toEqual(
      [path.basename(large), ...small.slice(0, 2).map((r) => path.basename(r.dir)), 'small-2'].sort(),
    );
    for (const row of rows) {
      const source = row.name === 'small-2' ? small[2]!.dir : row.root;
      expect(row.last_commit).toBe(git(source, 'rev-parse', 'HEAD'));
      expect(row.snapshot_commit).toBe(row.last_commit);
      const counts = await countRows(ts.store.db, row.id);
      expect(counts.commits).toBe(Number(git(source, 'rev-list', '--count', 'HEAD')));
      expect((await loadFiles(ts.store.db, row.id)).length).toBe(
        git(source, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n').length,
      );
    }
    // With no repository of its own, the server answers for the store's first one by default: the first row the
    // workers wrote, which depends on which scan got there first (the large one's row is not always first).
    const firstRow = rows[0]!;
    const summary = await api<{ repo: string; commits: number }>('GET', 'summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      repo: firstRow.name,
      commits: (await countRows(ts.store.db, firstRow.id)).commits,
    });
  }, 300_000);

  it('queues a scan on a webhook with a good signature and refuses a bad or missing one', async () => {
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { name: 'small-2', clone_url: `file://${small[2]!.dir}.git` },
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${serve.url}api/v1/webhooks/git`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers },
      });
    const bad = await post({ 'x-hub-signature-256': getWebhookSignature('another secret', body) });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { code: string }).code).toBe('Unauthorized');
    expect((await post({})).status).toBe(401);
    const before = (await jobs()).length;
    expect((await jobs()).length).toBe(before);

    small[2]!.commit({ message: 'pushed', files: { 'src/pushed.ts': 'export const p = 1;\n' } });
    const good = await post({ 'x-hub-signature-256': getWebhookSignature(SECRET, body) });
    expect(good.status).toBe(202);
    const result = ((await good.json()) as { results: { job: QueuedScan; queued: boolean }[] }).results;
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ queued: true, job: { repo: 'small-2', reason: 'webhook' } });
    await waitUntil('the webhook scan is done', async () => {
      const job = (await jobs()).find((j) => j.id === result[0]!.job.id)!;
      return job.state === 'completed';
    });
    const job = (await jobs()).find((j) => j.id === result[0]!.job.id)!;
    expect(job.summary).toMatchObject({ kind: 'incremental', newCommits: 1 });
  }, 120_000);
});
