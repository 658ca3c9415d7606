/**
 * Benchmark of team scale: 20 generated repositories scanned from the queue by 1 and then by 2 `tpo worker`
 * processes, each time on a fresh PostgreSQL schema behind a real `tpo serve --database`. Reports the wall time
 * (first job queued to last job finished), jobs per minute, and the API's latency while the scans run (a steady
 * stream of reads: the job list, the workspace's repositories, a scanned repository's summary), next to the same
 * latency with no scan running.
 *
 *   npm run build && npx tsx bench/workers.ts [--repos 20] [--commits 2000] [--files 300] [--workers 1,2]
 *       [--rate 20] [--database postgres://postgres@127.0.0.1:5432/test]
 *
 * The repositories come from bench/generate-repo.js (one seed each) and are kept in a temp folder between runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore } from '../src/store/index.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(root, 'bin', 'tpo.js');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}

const REPOS = Number(option('repos', '20'));
const COMMITS = Number(option('commits', '2000'));
const FILES = Number(option('files', '300'));
const WORKER_COUNTS = option('workers', '1,2').split(',').map(Number);
const RATE = Number(option('rate', '20'));
const DATABASE = option(
  'database',
  process.env.TPO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
);

interface Job {
  id: string;
  repo: string;
  state: string;
  attempts: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  worker: string | null;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function startServe(env: NodeJS.ProcessEnv, cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: string): void => {
      out += chunk;
      const m = /dashboard of .* at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`tpo serve exited ${code}:\n${out}`)));
  });
}

/**
 * CPU seconds a process and the children it waited for (git) have used so far, from /proc (Linux; NaN elsewhere):
 * on a shared machine the wall time says how busy the machine was, the CPU time how much work the scans were.
 */
function readCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of the line, in clock ticks (100 a second on Linux).
    return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / 100;
  } catch {
    return Number.NaN;
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Sends GET requests at `rate` per second (one at a time per slot) until stopped; returns their latencies. */
function probeApi(url: string, paths: readonly string[], rate: number) {
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  let n = 0;
  const loop = (async () => {
    const interval = 1000 / rate;
    let next = performance.now();
    while (running) {
      const target = paths[n++ % paths.length]!;
      const t0 = performance.now();
      try {
        const response = await fetch(`${url}api/v1/${target}`);
        await response.arrayBuffer();
        if (response.status >= 500) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
      next += interval;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else next = performance.now();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        requests: sorted.length,
        errors,
        p50: quantile(sorted, 0.5),
        p95: quantile(sorted, 0.95),
        p99: quantile(sorted, 0.99),
        max: sorted.at(-1) ?? Number.NaN,
      };
    },
  };
}

async function run(workerCount: number, repos: readonly string[], tmp: string) {
  const schema = `tpo_bench_workers_${process.pid}_${workerCount}`;
  await sql(
    `drop schema if exists ${schema} cascade; drop schema if exists ${schema}_q cascade; create schema ${schema}`,
  );
  // Migrated with the schema named, as the tests do (Kysely looks for its migration tables in every schema).
  await (await openStore({ location: DATABASE, schema })).close();
  const url = new URL(DATABASE);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = {
    ...process.env,
    TPO_DATABASE_URL: url.toString(),
    TPO_QUEUE_SCHEMA: `${schema}_q`,
    TPO_CACHE_DIR: path.join(tmp, `cache-${workerCount}`),
  };
  const serve = await startServe(env, tmp);
  const workers: ChildProcess[] = [];
  try {
    const api = async (method: string, route: string, body?: unknown): Promise<unknown> => {
      const response = await fetch(`${serve.url}api/v1/${route}`, {
        method,
        ...(body !== undefined
          ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
          : {}),
      });
      if (response.status >= 300)
        throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    for (const [i, dir] of repos.entries())
      await api('POST', 'workspace/repos', { source: dir, name: `repo-${i}` });
    for (let i = 0; i < workerCount; i += 1)
      workers.push(
        spawn(process.execPath, [BIN, 'worker', '--name', `w${i + 1}`], {
          env,
          stdio: ['ignore', 'ignore', 'inherit'],
        }),
      );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const reads = ['jobs?limit=50', 'workspace/repos', 'repos'];
    const idleProbe = probeApi(serve.url, reads, RATE);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idle = await idleProbe.stop();

    const started = Date.now();
    await api('POST', 'jobs', {});
    // While the scans run, also read a repository's code model once the first one exists.
    const busyProbe = probeApi(serve.url, [...reads, 'summary?repo=1', 'hotspots?repo=1&limit=20'], RATE);
    let jobs: Job[] = [];
    for (;;) {
      jobs = ((await api('GET', 'jobs?limit=1000')) as { jobs: Job[] }).jobs;
      if (jobs.length >= repos.length && jobs.every((j) => j.state === 'completed' || j.state === 'failed'))
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const busy = await busyProbe.stop();
    const cpuS = workers.reduce((sum, w) => sum + readCpuSeconds(w.pid), 0);
    const finished = Math.max(...jobs.map((j) => j.finishedAt ?? 0));
    const wallMs = finished - started;
    const scanMs = jobs.map((j) => (j.finishedAt ?? 0) - (j.startedAt ?? 0)).sort((a, b) => a - b);
    return {
      workers: workerCount,
      jobs: jobs.length,
      failed: jobs.filter((j) => j.state === 'failed').length,
      retried: jobs.filter((j) => j.attempts > 1).length,
      wallS: wallMs / 1000,
      jobsPerMin: jobs.length / (wallMs / 60_000),
      scanMedianS: quantile(scanMs, 0.5) / 1000,
      cpuS,
      byWorker: Object.fromEntries(
        [...new Set(jobs.map((j) => j.worker ?? '?'))].map((w) => [
          w,
          jobs.filter((j) => j.worker === w).length,
        ]),
      ),
      idle,
      busy,
      load: os.loadavg().map((l) => Number(l.toFixed(2))),
    };
  } finally {
    for (const worker of workers) await stop(worker);
    await stop(serve.child);
    await sql(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_q cascade`);
  }
}

// Plain JavaScript without declarations (see bench/README.md).
const { generateRepository } = (await import(path.join(root, 'bench', 'generate-repo.js'))) as {
  generateRepository: (dir: string, options: Record<string, unknown>) => Promise<unknown>;
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tpo-bench-workers-'));
try {
  const t0 = performance.now();
  const repos: string[] = [];
  for (let i = 0; i < REPOS; i += 1) {
    const dir = path.join(tmp, `repo-${i}`);
    await generateRepository(dir, { commits: COMMITS, files: FILES, seed: 1000 + i, log: () => undefined });
    repos.push(dir);
  }
  process.stderr.write(
    `bench/workers: ${REPOS} repositories of ${COMMITS} commits (~${FILES} files) generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} cores\n`,
  );
  const results = [];
  for (const count of WORKER_COUNTS) {
    const result = await run(count, repos, tmp);
    results.push(result);
    const f = (n: number) => n.toFixed(1);
    process.stdout.write(
      `${count} worker(s): ${result.jobs} jobs (${result.failed} failed, ${result.retried} retried) in ${f(result.wallS)} s = ${f(result.jobsPerMin)} jobs/min; median scan ${f(result.scanMedianS)} s; worker CPU ${f(result.cpuS)} s (with git); per worker ${JSON.stringify(result.byWorker)}\n` +
        `  API idle: p50 ${f(result.idle.p50)} ms, p95 ${f(result.idle.p95)} ms, p99 ${f(result.idle.p99)} ms (${result.idle.requests} requests, ${result.idle.errors} errors)\n` +
        `  API while scanning: p50 ${f(result.busy.p50)} ms, p95 ${f(result.busy.p95)} ms, p99 ${f(result.busy.p99)} ms, max ${f(result.busy.max)} ms (${result.busy.requests} requests, ${result.busy.errors} errors); load ${result.load.join(' ')}\n`,
    );
  }
  if (results.length === 2)
    process.stdout.write(
      `speed-up of ${results[1]!.workers} workers over ${results[0]!.workers}: ${(results[0]!.wallS / results[1]!.wallS).toFixed(2)}x\n`,
    );
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
