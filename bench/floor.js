#!/usr/bin/env node
/**
 * The floor a tpo scan is compared with: what git itself needs to hand over the raw material of a scan.
 *
 *  - log:  `git log --numstat -M --root <rev>`, read to the end and discarded (history with line counts and
 *          rename detection, the bulk of mining);
 *  - read: every file at the commit read once: `git ls-tree -r -z <rev>`, then all its blobs through one
 *          `git cat-file --batch`, discarded (the bulk of measuring files and parsing imports).
 *
 * A scan cannot be faster than this on the same machine, so benchmarks report their times as a ratio to it.
 *
 *     node bench/floor.js <repo> [--rev REV] [--runs N]     prints each run and the medians, as JSON
 */
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/** GNU time; `apt-get install -y time` provides it. Without it only wall time is measured. */
const TIME_BIN = '/usr/bin/time';

/**
 * Same settings as tpo's own git runner (src/codebase/git.ts), so the floor does the same work; all but one: tpo
 * also raises glibc's heap trim threshold for its git processes (MALLOC_TRIM_THRESHOLD_, which cuts git log's
 * system time), and the floor leaves it at git's default, so that it stays plain `git log` as anyone runs it.
 */
const GIT_PREFIX = ['-c', 'core.quotePath=off', '-c', 'log.showSignature=false'];
const GIT_ENV = {
  ...process.env,
  LC_ALL: 'C',
  LANG: 'C',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  GIT_OPTIONAL_LOCKS: '0',
};

/** @type {Promise<boolean> | undefined} */
let timeAvailable;

/** Whether GNU time is installed (checked once). */
function hasTimeBinary() {
  timeAvailable ??= access(TIME_BIN, constants.X_OK).then(
    () => true,
    () => false,
  );
  return timeAvailable;
}

/**
 * @typedef {object} TimeCommandOptions
 * @property {string} [cwd]
 * @property {NodeJS.ProcessEnv} [env] the whole environment (default: the current one)
 * @property {string | Buffer} [input] written to the command's stdin, while its stdout is being read
 * @property {boolean} [collect] keep stdout and return it (default: read and discard it)
 *
 * @typedef {object} TimedRun
 * @property {number} ms wall time from spawn to exit, in milliseconds
 * @property {number | null} cpuMs user + system CPU time of the command, in ms (null without GNU time); unlike
 *   wall time it barely moves when other work shares the machine
 * @property {number | null} peakRssMb peak resident memory of the command, in MiB (null without GNU time)
 * @property {Buffer | null} stdout the output when `collect` was set
 */

/**
 * Runs a command to completion, consuming its stdout, and measures its wall time and (with GNU time) its CPU
 * time and peak memory. Throws on a non-zero exit with the command's stderr in the message.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {TimeCommandOptions} [opts]
 * @returns {Promise<TimedRun>}
 * @example
 *     const { ms, peakRssMb } = await timeCommand('git', ['-C', repo, 'log', '--numstat', '--root', 'HEAD']);
 */
export async function timeCommand(cmd, args, opts = {}) {
  const withTime = await hasTimeBinary();
  const tempDir = withTime ? await mkdtemp(path.join(os.tmpdir(), 'tpo-floor-')) : null;
  const rssFile = tempDir === null ? null : path.join(tempDir, 'rss');
  const [file, argv] =
    rssFile === null ? [cmd, [...args]] : [TIME_BIN, ['-f', '%U %S %M', '-o', rssFile, cmd, ...args]];
  try {
    const started = process.hrtime.bigint();
    /** @type {Promise<Buffer | null>} */
    const finished = new Promise((resolve, reject) => {
      const child = spawn(file, argv, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      /** @type {Buffer[]} */
      const out = [];
      /** @type {Buffer[]} */
      const err = [];
      child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
        if (opts.collect) out.push(chunk);
      });
      child.stderr.on('data', (/** @type {Buffer} */ chunk) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(opts.collect ? Buffer.concat(out) : null);
        else {
          const message = Buffer.concat(err).toString('utf8').trim().slice(0, 2000);
          reject(new Error(`${cmd} ${args.join(' ')} exited with ${String(code)}: ${message}`));
        }
      });
      child.stdin.on('error', () => undefined); // a command that exits early reports through its exit code
      child.stdin.end(opts.input ?? '');
    });
    const stdout = await finished;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    let cpuMs = null;
    let peakRssMb = null;
    if (rssFile !== null) {
      // GNU time writes "%U %S %M" (seconds, seconds, KiB) as the last line, after a note when the command failed.
      const lines = (await readFile(rssFile, 'utf8')).trim().split('\n');
      const [user, system, kib] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
      if (user !== undefined && system !== undefined && Number.isFinite(user + system))
        cpuMs = (user + system) * 1000;
      if (kib !== undefined && Number.isFinite(kib)) peakRssMb = kib / 1024;
    }
    return { ms, cpuMs, peakRssMb, stdout };
  } finally {
    if (tempDir !== null) await rm(tempDir, { recursive: true, force: true });
  }
}

/**
 * The median of some numbers (the mean of the two middle ones for an even count).
 * @param {readonly number[]} values
 */
export function median(values) {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? /** @type {number} */ (sorted[mid])
    : /** @type {number} */ (sorted[mid - 1] + /** @type {number} */ (sorted[mid])) / 2;
}

/**
 * @param {string} repoDir
 * @param {readonly string[]} args
 * @param {Omit<TimeCommandOptions, 'env'>} [opts]
 */
function timeGit(repoDir, args, opts = {}) {
  return timeCommand('git', [...GIT_PREFIX, '-C', repoDir, ...args], { ...opts, env: GIT_ENV });
}

/**
 * Object ids of the blobs in `git ls-tree -r -z` output (submodule commits are skipped).
 * @param {Buffer} listing
 */
function getBlobIds(listing) {
  /** @type {string[]} */
  const ids = [];
  for (const entry of listing.toString('utf8').split('\0')) {
    // "<mode> SP <type> SP <object> TAB <path>"
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && id !== undefined) ids.push(id);
  }
  return ids;
}

/**
 * @typedef {object} Floor
 * @property {number} logMs wall time of `git log --numstat -M --root <rev>`, read to the end, in ms
 * @property {number} readMs wall time of `git ls-tree -r -z <rev>` plus `git cat-file --batch` of every blob, in ms
 * @property {number} totalMs logMs + readMs
 * @property {number | null} logCpuMs CPU time of git log, in ms (null without GNU time)
 * @property {number | null} readCpuMs CPU time of ls-tree plus cat-file, in ms (null without GNU time)
 * @property {number | null} logPeakRssMb peak memory of the git log process, in MiB (null without GNU time)
 * @property {number | null} readPeakRssMb peak memory of the larger of ls-tree and cat-file, in MiB
 * @property {number} files blobs read at the commit
 */

/**
 * Measures the floor of a scan of `repoDir` at `rev` (both parts in this run, one after the other).
 * @param {string} repoDir a work tree or a git directory
 * @param {string} [rev]
 * @returns {Promise<Floor>}
 * @example
 *     const floor = await measureFloor('/work/corpora/vite');
 *     console.log(`scan/floor = ${(scanMs / floor.totalMs).toFixed(2)}`);
 */
export async function measureFloor(repoDir, rev = 'HEAD') {
  // Resolve once, so that both parts read the same commit even if a ref moves.
  const resolved = await timeGit(repoDir, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], {
    collect: true,
  });
  const commit = /** @type {Buffer} */ (resolved.stdout).toString('utf8').trim();

  const log = await timeGit(repoDir, ['log', '--numstat', '-M', '--root', commit]);

  const tree = await timeGit(repoDir, ['ls-tree', '-r', '-z', commit], { collect: true });
  const ids = getBlobIds(/** @type {Buffer} */ (tree.stdout));
  const blobs = await timeGit(repoDir, ['cat-file', '--batch'], {
    input: ids.length === 0 ? '' : `${ids.join('\n')}\n`,
  });

  const readMs = tree.ms + blobs.ms;
  return {
    logMs: log.ms,
    readMs,
    totalMs: log.ms + readMs,
    logCpuMs: log.cpuMs,
    readCpuMs: tree.cpuMs === null || blobs.cpuMs === null ? null : tree.cpuMs + blobs.cpuMs,
    logPeakRssMb: log.peakRssMb,
    readPeakRssMb:
      tree.peakRssMb === null || blobs.peakRssMb === null ? null : Math.max(tree.peakRssMb, blobs.peakRssMb),
    files: ids.length,
  };
}

/** @param {string[]} argv */
async function main(argv) {
  /** @type {string | null} */
  let repo = null;
  let rev = 'HEAD';
  let runs = 3;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === '--rev') rev = argv[++i] ?? rev;
    else if (arg === '--runs') runs = Number(argv[++i]);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else repo = arg;
  }
  if (repo === null || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write('usage: node bench/floor.js <repo> [--rev REV] [--runs N]\n');
    process.exit(2);
  }
  if (!(await hasTimeBinary())) {
    process.stderr.write(
      `floor: ${TIME_BIN} not found (apt-get install -y time); measuring wall time only\n`,
    );
  }
  /** @type {Floor[]} */
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const floor = await measureFloor(repo, rev);
    results.push(floor);
    process.stderr.write(
      `floor: run ${String(run + 1)}: log ${(floor.logMs / 1000).toFixed(2)} s, read ${(floor.readMs / 1000).toFixed(2)} s, ` +
        `total ${(floor.totalMs / 1000).toFixed(2)} s\n`,
    );
  }
  /** @param {(f: Floor) => number | null} get */
  const med = (get) => {
    const values = results.map(get).filter((v) => v !== null);
    return values.length === 0 ? null : Math.round(median(values) * 10) / 10;
  };
  const summary = {
    repo,
    rev,
    runs,
    files: results[0]?.files ?? 0,
    logMs: med((f) => f.logMs),
    readMs: med((f) => f.readMs),
    totalMs: med((f) => f.totalMs),
    logCpuMs: med((f) => f.logCpuMs),
    readCpuMs: med((f) => f.readCpuMs),
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    logPeakRssMb: med((f) => f.logPeakRssMb),
    readPeakRssMb: med((f) => f.readPeakRssMb),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((/** @type {unknown} */ error) => {
    process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
