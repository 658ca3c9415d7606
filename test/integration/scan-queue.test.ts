/**
 * The scan queue in one process on the real PostgreSQL: deduplication, one scan per repository with the others
 * not held up behind it, the schedule's ticks, and errors.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addWorkspaceRepo,
  openScanQueue,
  SCAN_ALL_QUEUE,
  SCAN_QUEUE,
  startScanWorker,
  type ScanQueue,
} from '../../src/app/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { DIALECTS, POSTGRES_URL } from '../helpers/stores.js';

const waitUntil = async (what: string, test: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe.skipIf(!DIALECTS.includes('postgres'))('the scan queue on PostgreSQL', () => {
  const schema = `tpo_test_queue_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let store: Store;
  let queue: ScanQueue;
  let repos: TestRepo[];

  beforeAll(async () => {
    // A URL that names a schema nobody created yet: the store creates and migrates it.
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    store = await openStore({ location: url.toString() });
    queue = await openScanQueue({ url: url.toString(), schema: `${schema}_q`, leaseSeconds: 30 });
    repos = ['a', 'b'].map((name) => {
      const repo = createTestRepo();
      repo.commit({ message: `first of ${name}`, files: { [`${name}.ts`]: 'export const x = 1;\n' } });
      return repo;
    });
    for (const [i, repo] of repos.entries())
      await addWorkspaceRepo(store, { source: repo.dir, name: ['a', 'b'][i]! });
  });

  afterAll(async () => {
    await queue.stop();
    await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(
      `drop schema if exists "${schema}" cascade; drop schema if exists "${schema}_q" cascade`,
    );
    await client.end();
    for (const repo of repos) repo.remove();
  });

  it('keeps one waiting scan per repository: asking again returns the waiting one', async () => {
    const first = await queue.enqueue(store, 'a', 'api');
    const second = await queue.enqueue(store, 'a', 'webhook');
    expect(first.queued).toBe(true);
    expect(second).toMatchObject({
      queued: false,
      job: { id: first.job.id, reason: 'api', state: 'created' },
    });
    await expect(queue.enqueue(store, 'nope', 'api')).rejects.toMatchObject({ code: 'NotFound' });
    await expect(queue.get('not-a-job')).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('queues a scan behind a running one of the same repository without holding up other repositories', async () => {
    // Take a's job as a worker that then hangs would: it stays active.
    const hung = await queue.jobs.fetch<{ repo: string }>(SCAN_QUEUE);
    expect(hung?.data.repo).toBe('a');
    // Its lease is extended only for the attempt that holds it.
    expect(await queue.jobs.extendLease(SCAN_QUEUE, hung!.id, hung!.retryCount, {})).toBe(true);
    expect(await queue.jobs.extendLease(SCAN_QUEUE, hung!.id, hung!.retryCount + 1, {})).toBe(false);
    const behind = await queue.enqueue(store, 'a', 'webhook');
    expect(behind.queued).toBe(true);
    const other = await queue.enqueue(store, 'b', 'api');
    const worker = startScanWorker(queue, store, { pollMs: 100, name: 'test-worker' });
    try {
      await waitUntil('b is scanned', async () => (await queue.get(other.job.id)).state === 'completed');
      // a's second scan waits for the first to end: never two at once.
      expect((await queue.get(behind.job.id)).state).toBe('created');
      await queue.jobs.complete(SCAN_QUEUE, hung!.id, {});
      await waitUntil('a is scanned', async () => (await queue.get(behind.job.id)).state === 'completed');
      const done = await queue.get(behind.job.id);
      expect(done).toMatchObject({
        worker: 'test-worker',
        attempts: 1,
        summary: { kind: 'full', commits: 1 },
      });
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it('queues every repository on a schedule tick, and refuses a cron expression that is not one', async () => {
    await queue.setSchedule('0 * * * *');
    await expect(queue.setSchedule('every hour')).rejects.toMatchObject({ code: 'Invalid' });
    await queue.setSchedule(null);
    // A tick as pg-boss's cron sends it, without waiting for the minute to turn.
    await queue.jobs.send(SCAN_ALL_QUEUE, {});
    queue.followSchedule(store, { pollMs: 100 });
    await waitUntil('the tick queued both repositories', async () => {
      const jobs = await queue.list();
      return jobs.filter((j) => j.reason === 'schedule').length === 2;
    });
    const scheduled = (await queue.list()).filter((j) => j.reason === 'schedule');
    expect(scheduled.map((j) => j.repo).sort()).toEqual(['a', 'b']);
  }, 120_000);
});
