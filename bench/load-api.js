// Load benchmark of the HTTP API (run by hand: `npm run bench:api -- --repo <path>`): starts the real
// `tpo serve` on a repository, then sends a fixed rate of mixed reads on loopback and checks the latency floor
// of the issue: p99 under 100 ms and no errors at 200 requests/s for 30 s.
//
// Options: --repo <path> (default: the current directory), --db <file|url> (default: a temporary SQLite file),
// --rate <requests/s> (200), --duration <s> (30), --connections <n> (10), --p99 <ms> (100).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** @param {string} name @param {string} fallback */
function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}

const repo = path.resolve(option('repo', process.cwd()));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tpo-bench-api-'));
const db = option('db', path.join(tmp, 'tpo.db'));
const rate = Number(option('rate', '200'));
const duration = Number(option('duration', '30'));
const connections = Number(option('connections', '10'));
const p99Floor = Number(option('p99', '100'));

/**
 * Starts `tpo serve` and resolves with its address once it prints it.
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string }>}
 */
function startServer() {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'tpo.js'), 'serve', '--repo', repo, '--db', db, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const m = /dashboard of .* at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`tpo serve exited ${code}`)));
  });
}

/**
 * @param {string} url
 * @returns {Promise<unknown>}
 */
async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

process.stderr.write(`bench: scanning ${repo} (first run reads the whole history)\n`);
const { child, url } = await startServer();
try {
  const hotspots = /** @type {{ hotspots: { path: string }[] }} */ (
    await getJson(`${url}api/v1/hotspots?limit=5`)
  ).hotspots;
  const file = hotspots[0]?.path ?? 'README.md';
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  const paths = [
    '/api/v1/summary',
    '/api/v1/hotspots?limit=50',
    '/api/v1/codemap',
    '/api/v1/knowledge',
    '/api/v1/coupling?limit=100',
    `/api/v1/coupling?file=${encodeURIComponent(file)}`,
    `/api/v1/deps?file=${encodeURIComponent(file)}&dependents=true`,
    `/api/v1/owners?path=${encodeURIComponent(folder)}`,
    '/api/v1/repos',
    '/api/v1/meta',
    '/api/v1/scans/current',
    '/api/health',
  ];
  process.stderr.write(
    `bench: ${rate} requests/s for ${duration} s over ${connections} connections, ${paths.length} routes\n`,
  );
  /** Time each response spent in the server (its Server-Timing header), in ms. */
  /** @type {number[]} */
  const serverMs = [];
  const result = await autocannon({
    url: url.replace(/\/$/, ''),
    connections,
    overallRate: rate,
    duration,
    requests: paths.map((p) => ({
      method: 'GET',
      path: p,
      /** @param {number} _status @param {string} _body @param {object} _context @param {Record<string, string | undefined>} headers */
      onResponse: (_status, _body, _context, headers) => {
        const m = /dur=([\d.]+)/.exec(headers['server-timing'] ?? headers['Server-Timing'] ?? '');
        if (m) serverMs.push(Number(m[1]));
      },
    })),
  });
  serverMs.sort((a, b) => a - b);
  /** @param {number} q */
  const quantile = (q) => serverMs[Math.min(serverMs.length - 1, Math.floor(q * serverMs.length))] ?? 0;
  const { latency, requests, errors, timeouts, non2xx } = result;
  const ok = errors === 0 && timeouts === 0 && non2xx === 0 && latency.p99 < p99Floor;
  const figures = {
    repo,
    routes: paths.length,
    rate,
    durationS: duration,
    requests: requests.total,
    requestsPerSecond: requests.average,
    latencyMs: { p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max },
    // Inside the server only: the difference to latencyMs is the network stack and waiting for a CPU.
    serverMs: { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), max: serverMs.at(-1) ?? 0 },
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
    cpus: os.availableParallelism(),
    errors,
    timeouts,
    non2xx,
    floor: `p99 < ${p99Floor} ms and no errors`,
    pass: ok,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exitCode = ok ? 0 : 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(tmp, { recursive: true, force: true });
}
