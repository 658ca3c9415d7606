#!/usr/bin/env node
/**
 * `npm run bench`: tpo's benchmarks, each printed as a ratio to the floor measured in the same run.
 *
 *     npm run bench                      # every suite on the default repositories
 *     npm run bench -- scan              # one suite: scan, locate, forecast, import
 *     TPO_BENCH_REPO=/path/a:/path/b npm run bench -- scan
 *
 * Suites:
 *  - scan: on each repository (a generated one, cached, and those in TPO_BENCH_REPO): the floor (git log
 *    --numstat -M over the history, plus reading every file once: bench/floor.js), a full scan into a fresh SQLite
 *    store, and an incremental scan after one new commit; wall time, CPU time and peak memory, and the ratios.
 *    Peak memory of the full scan: tpo's own (its process, worker thread included), its git processes' (the
 *    largest one, and all of them at once), and the whole process tree's at once, sampled from /proc (floor.js).
 *  - locate: on each repository of TPO_BENCH_REPO (none by default: fitting a model on the generated million
 *    commits would take long), a scan into a fresh SQLite store, the first `tpo locate` (it fits and caches the
 *    model), then `tpo locate` processes answering the 10 newest first-parent commit titles in turn, as a user
 *    runs the command; the floor is `node -e 0` (starting Node), timed alternately with them. Wall and CPU time.
 *  - forecast: 10,000 Monte Carlo trials over a 500-item plan (bench/forecast.ts, when present).
 *  - import: a generated 100,000-row CSV imported into SQLite (bench/import-100k.ts).
 * The HTTP load test is separate: `npm run bench:api -- --repo <path>`.
 *
 * Settings: TPO_BENCH_GEN_COMMITS (default 1000000) and TPO_BENCH_GEN_FILES (50000) size the generated
 * repository, cached in TPO_BENCH_DIR (default ~/.cache/tpo-bench); TPO_BENCH_GEN=0 skips it; TPO_BENCH_RUNS
 * (default 3) runs of each timing, the median reported.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { measureFloor, median, timeCommand } from './floor.js';
import { generateRepository } from './generate-repo.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const BIN = path.join(ROOT, 'bin', 'tpo.js');
const RUNS = Number(process.env.TPO_BENCH_RUNS ?? 3);

/** @param {string} message */
function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** @param {number} ms */
function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The generated repository, made once and kept in the cache folder. */
async function generatedRepository() {
  if (process.env.TPO_BENCH_GEN === '0') return null;
  const commits = Number(process.env.TPO_BENCH_GEN_COMMITS ?? 1_000_000);
  const files = Number(process.env.TPO_BENCH_GEN_FILES ?? 50_000);
  const cache = process.env.TPO_BENCH_DIR ?? path.join(os.homedir(), '.cache', 'tpo-bench');
  const dir = path.join(cache, `gen-${commits}-${files}`);
  if (!existsSync(path.join(dir, '.git', 'HEAD'))) {
    mkdirSync(cache, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    log(
      `generating ${commits.toLocaleString('en-US')} commits over ${files.toLocaleString('en-US')} files into ${dir} (once; minutes for a million)`,
    );
    await generateRepository(dir, { commits, files });
  }
  return dir;
}

/**
 * @typedef {{ commits: number, files: number, phaseMs?: Record<string, number>, peakRssMb?: number }} ScanJson
 */

/**
 * Runs `tpo scan` as a user would and measures it; with `sampleTree`, also the memory of its processes (read from
 * /proc every 100 ms, which takes CPU from the scan on a small machine: timed runs leave it off).
 * @param {string} repo
 * @param {string} db
 * @param {{ extra?: string[], sampleTree?: boolean }} [options]
 */
async function timeScan(repo, db, { extra = [], sampleTree = false } = {}) {
  const run = await timeCommand(
    process.execPath,
    [BIN, 'scan', repo, '--db', db, '--json', '--no-progress', ...extra],
    {
      collect: true,
      sampleTree,
    },
  );
  /** @type {ScanJson} */
  const summary = JSON.parse((run.stdout ?? Buffer.alloc(0)).toString('utf8')); // eslint-disable-line @typescript-eslint/no-unsafe-assignment -- our own JSON, typed above
  return { ...run, summary };
}

/**
 * The scan suite on one repository.
 * @param {string} repo
 */
async function benchScan(repo) {
  log(`scan: ${repo}`);
  const floors = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'tpo-bench-'));
  try {
    // Floor and scan runs alternate, so a machine that speeds up or slows down during the benchmark moves both.
    const fulls = [];
    for (let i = 0; i < RUNS; i += 1) {
      floors.push(await measureFloor(repo));
      const db = path.join(work, `full-${i}.db`);
      fulls.push(await timeScan(repo, db));
      rmSync(db, { force: true });
    }
    const floorMs = median(floors.map((f) => f.totalMs));
    const floorCpuMs = median(floors.map((f) => (f.logCpuMs ?? 0) + (f.readCpuMs ?? 0)));
    const full = fulls.sort((a, b) => a.ms - b.ms)[Math.floor(fulls.length / 2)];
    // Memory from one more full scan, sampled.
    const sampled = await timeScan(repo, path.join(work, 'memory.db'), { sampleTree: true });
    // Incremental: a clone sharing the objects, one new commit, a scan of just that.
    const clone = path.join(work, 'clone');
    execFileSync('git', ['clone', '--quiet', '--shared', '--no-checkout', repo, clone]);
    const db = path.join(work, 'incremental.db');
    await timeScan(clone, db);
    const incrementals = [];
    for (let i = 0; i < RUNS; i += 1) {
      const blob = execFileSync('git', ['-C', clone, 'hash-object', '-w', '--stdin'], {
        input: `bench ${i} ${Date.now()}\n`,
      })
        .toString()
        .trim();
      const tree = execFileSync('git', ['-C', clone, 'mktree'], {
        input:
          execFileSync('git', ['-C', clone, 'ls-tree', 'HEAD']).toString() +
          `100644 blob ${blob}\tBENCH-${i}.txt\n`,
      })
        .toString()
        .trim();
      const commit = execFileSync(
        'git',
        ['-C', clone, 'commit-tree', tree, '-p', 'HEAD', '-m', `bench commit ${i}`],
        {
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'Bench',
            GIT_AUTHOR_EMAIL: 'bench@example.com',
            GIT_COMMITTER_NAME: 'Bench',
            GIT_COMMITTER_EMAIL: 'bench@example.com',
          },
        },
      )
        .toString()
        .trim();
      execFileSync('git', ['-C', clone, 'update-ref', 'HEAD', commit]);
      incrementals.push(await timeScan(clone, db));
    }
    const incremental = incrementals.sort((a, b) => a.ms - b.ms)[Math.floor(incrementals.length / 2)];
    return {
      repo,
      commits: full.summary.commits,
      files: full.summary.files,
      floorMs,
      floorCpuMs,
      fullMs: full.ms,
      fullCpuMs: full.cpuMs,
      fullPeakRssMb: sampled.summary.peakRssMb ?? null,
      fullPeakRssWithGitMb: sampled.peakRssMb,
      fullTree: sampled.tree,
      incrementalMs: incremental.ms,
      incrementalPeakRssMb: incremental.peakRssMb,
      phaseMs: full.summary.phaseMs,
      ratio: full.ms / floorMs,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The locate suite on one repository: how long a `tpo locate` process takes to answer from the cached model.
 * @param {string} repo
 */
async function benchLocate(repo) {
  log(`locate: ${repo}`);
  const work = mkdtempSync(path.join(os.tmpdir(), 'tpo-bench-'));
  try {
    const db = path.join(work, 'locate.db');
    await timeScan(repo, db);
    const questions = execFileSync('git', ['-C', repo, 'log', '--first-parent', '--format=%s', '-10'])
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const locate = (/** @type {string} */ text) =>
      timeCommand(process.execPath, [BIN, 'locate', text, '--repo', repo, '--db', db, '--json']);
    const fit = await locate(questions[0] ?? 'fix');
    /** @type {number[]} */
    const floorMs = [];
    /** @type {number[]} */
    const floorCpuMs = [];
    /** @type {number[]} */
    const ms = [];
    /** @type {number[]} */
    const cpuMs = [];
    for (let i = 0; i < RUNS; i += 1)
      for (const question of questions) {
        const floor = await timeCommand(process.execPath, ['-e', '0']);
        const run = await locate(question);
        floorMs.push(floor.ms);
        ms.push(run.ms);
        if (floor.cpuMs !== null) floorCpuMs.push(floor.cpuMs);
        if (run.cpuMs !== null) cpuMs.push(run.cpuMs);
      }
    const sorted = [...ms].sort((a, b) => a - b);
    return {
      repo,
      questions: questions.length,
      fitMs: fit.ms,
      floorMs: median(floorMs),
      floorCpuMs: floorCpuMs.length > 0 ? median(floorCpuMs) : null,
      ms: median(ms),
      p90Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] ?? 0,
      cpuMs: cpuMs.length > 0 ? median(cpuMs) : null,
      ratio: median(ms) / median(floorMs),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** @param {number | null} ms */
function millis(ms) {
  return ms === null ? '-' : `${Math.round(ms)} ms`;
}

/**
 * Runs a TypeScript benchmark of the repository with tsx, printing its own lines.
 * @param {string} name
 */
function runScript(name) {
  const file = path.join(HERE, name);
  if (!existsSync(file)) {
    log(`${name}: not present, skipped`);
    return;
  }
  log(name);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) log(`${name} exited ${String(result.status)}`);
}

async function main() {
  const wanted = new Set(process.argv.slice(2));
  const all = wanted.size === 0;
  const load = os.loadavg()[0];
  log(`machine: ${os.cpus().length} cores, load average ${load.toFixed(1)} (figures are reliable near 0)`);
  if (all || wanted.has('scan')) {
    const repos = [];
    const generated = await generatedRepository();
    if (generated) repos.push(generated);
    for (const repo of (process.env.TPO_BENCH_REPO ?? '').split(':').filter(Boolean))
      repos.push(path.resolve(repo));
    const results = [];
    for (const repo of repos) results.push(await benchScan(repo));
    const lines = [
      '',
      'scan: median of ' +
        RUNS +
        ' runs; ratio = full scan / floor (git log --numstat -M + reading every file once)',
      [
        'repository',
        'commits',
        'files',
        'floor',
        'full scan',
        'ratio',
        'peak RSS (tpo)',
        'peak RSS (git: largest, together)',
        'peak RSS (all at once)',
        'incremental (1 commit)',
      ].join(' | '),
      ...results.map((r) =>
        [
          path.basename(r.repo),
          r.commits.toLocaleString('en-US'),
          r.files.toLocaleString('en-US'),
          seconds(r.floorMs),
          seconds(r.fullMs),
          `${r.ratio.toFixed(2)}x`,
          r.fullPeakRssMb === null ? '-' : `${Math.round(r.fullPeakRssMb)} MB`,
          r.fullTree?.byName.git
            ? `${Math.round(r.fullTree.byName.git.peakMb)} MB, ${Math.round(r.fullTree.byName.git.peakTogetherMb)} MB`
            : '-',
          r.fullTree
            ? `${Math.round(r.fullTree.peakMb)} MB (${Math.round(r.fullTree.peakAnonMb)} MB anonymous)`
            : '-',
          seconds(r.incrementalMs),
        ].join(' | '),
      ),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    const out = process.env.TPO_BENCH_JSON;
    if (out) writeFileSync(out, JSON.stringify(results, null, 2));
  }
  if (all || wanted.has('locate')) {
    const repos = (process.env.TPO_BENCH_REPO ?? '').split(':').filter(Boolean);
    if (repos.length === 0) log('locate: no repository in TPO_BENCH_REPO, skipped');
    const results = [];
    for (const repo of repos) results.push(await benchLocate(path.resolve(repo)));
    if (results.length > 0)
      process.stdout.write(
        [
          '',
          `locate: one \`tpo locate\` process per question, the 10 newest first-parent titles x ${RUNS} runs, medians;` +
            ' ratio = locate / floor (node -e 0)',
          [
            'repository',
            'first locate (fits)',
            'floor',
            'locate',
            'p90',
            'CPU (floor, locate)',
            'ratio',
          ].join(' | '),
          ...results.map((r) =>
            [
              path.basename(r.repo),
              seconds(r.fitMs),
              millis(r.floorMs),
              millis(r.ms),
              millis(r.p90Ms),
              `${millis(r.floorCpuMs)}, ${millis(r.cpuMs)}`,
              `${r.ratio.toFixed(2)}x`,
            ].join(' | '),
          ),
          '',
        ].join('\n'),
      );
  }
  if (all || wanted.has('forecast')) runScript('forecast.ts');
  if (all || wanted.has('import')) runScript('import-100k.ts');
}

await main();
