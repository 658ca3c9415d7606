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
import { constants, readdirSync, readFileSync } from 'node:fs';
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
 * @property {boolean} [sampleTree] also sample the memory of the command's process tree from /proc (Linux)
 *
 * @typedef {object} TimedRun
 * @property {number} ms wall time from spawn to exit, in milliseconds
 * @property {number | null} cpuMs user + system CPU time of the command, in ms (null without GNU time); unlike
 *   wall time it barely moves when other work shares the machine
 * @property {number | null} peakRssMb peak resident memory of the command, in MiB (null without GNU time)
 * @property {Buffer | null} stdout the output when `collect` was set
 * @property {TreeMemory | null} tree the process tree's memory when `sampleTree` was set (null without /proc)
 */

/**
 * @typedef {object} TreeMemory
 * @property {number} peakMb the most memory the whole tree held at once (sum of the processes' RSS in one sample)
 * @property {number} peakAnonMb the same for anonymous memory only (RssAnon: heaps, not the pages of mapped files,
 *   which for git are mostly its pack files, shared between its processes and given back by the kernel on need)
 * @property {Record<string, { processes: number, peakMb: number, peakTogetherMb: number, peakAnonMb: number,
 *   peakAnonTogetherMb: number }>} byName per process name (`node`, `git` ...; GNU time itself left out): how many
 *   ran, the largest one's own peak (the kernel's high-water mark, VmHWM, as last read), the most they held at once
 *   in one sample, and the same two for anonymous memory (sampled)
 * @property {number} samples
 */

/** How often the process tree is sampled, in ms. */
const SAMPLE_MS = 100;

/**
 * The parent pid, name, RSS and peak RSS (KiB) of every process, from /proc. Processes that exit while being read
 * are skipped.
 * @returns {Map<number, { ppid: number, name: string, rssKib: number, hwmKib: number, anonKib: number }>}
 */
function readProcesses() {
  /** @type {Map<number, { ppid: number, name: string, rssKib: number, hwmKib: number, anonKib: number }>} */
  const out = new Map();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const field = (/** @type {string} */ name) => {
        const m = new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status);
        return m ? (m[1] ?? '') : '';
      };
      out.set(pid, {
        ppid: Number(field('PPid')),
        name: field('Name'),
        rssKib: Number(field('VmRSS') || 0),
        hwmKib: Number(field('VmHWM') || 0),
        anonKib: Number(field('RssAnon') || 0),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * Samples the memory of `rootPid` and its descendants every SAMPLE_MS until `stop` is called. A worker thread is
 * part of its process's RSS; child processes (git) are counted each on its own and together. Linux only: null
 * where /proc is missing.
 * @param {number} rootPid
 * @returns {{ stop(): TreeMemory } | null}
 */
export function sampleTreeMemory(rootPid) {
  try {
    readFileSync('/proc/self/status');
  } catch {
    return null;
  }
  /** @type {Map<number, { name: string, hwmKib: number, anonKib: number }>} */
  const seen = new Map();
  /** @type {Map<string, number>} */
  const togetherKib = new Map();
  /** @type {Map<string, number>} */
  const anonTogetherKib = new Map();
  let peakKib = 0;
  let peakAnonKib = 0;
  let samples = 0;
  const sample = () => {
    const all = readProcesses();
    const tree = new Set([rootPid]);
    // Parents come before their children in pid order except after pid wrap-around: repeat until nothing is added.
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, p] of all)
        if (!tree.has(pid) && tree.has(p.ppid)) {
          tree.add(pid);
          grew = true;
        }
    }
    let totalKib = 0;
    let anonKib = 0;
    /** @type {Map<string, number>} */
    const byName = new Map();
    /** @type {Map<string, number>} */
    const anonByName = new Map();
    for (const pid of tree) {
      const p = all.get(pid);
      if (p === undefined || p.name === 'time') continue;
      totalKib += p.rssKib;
      anonKib += p.anonKib;
      byName.set(p.name, (byName.get(p.name) ?? 0) + p.rssKib);
      anonByName.set(p.name, (anonByName.get(p.name) ?? 0) + p.anonKib);
      const before = seen.get(pid);
      seen.set(pid, {
        name: p.name,
        hwmKib: Math.max(before?.hwmKib ?? 0, p.hwmKib),
        anonKib: Math.max(before?.anonKib ?? 0, p.anonKib),
      });
    }
    for (const [name, kib] of byName) togetherKib.set(name, Math.max(togetherKib.get(name) ?? 0, kib));
    for (const [name, kib] of anonByName)
      anonTogetherKib.set(name, Math.max(anonTogetherKib.get(name) ?? 0, kib));
    peakKib = Math.max(peakKib, totalKib);
    peakAnonKib = Math.max(peakAnonKib, anonKib);
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      /** @type {TreeMemory['byName']} */
      const byName = {};
      for (const { name, hwmKib, anonKib } of seen.values()) {
        const entry = (byName[name] ??= {
          processes: 0,
          peakMb: 0,
          peakTogetherMb: 0,
          peakAnonMb: 0,
          peakAnonTogetherMb: 0,
        });
        entry.processes += 1;
        entry.peakMb = Math.max(entry.peakMb, hwmKib / 1024);
        entry.peakAnonMb = Math.max(entry.peakAnonMb, anonKib / 1024);
      }
      for (const [name, kib] of togetherKib) if (byName[name]) byName[name].peakTogetherMb = kib / 1024;
      for (const [name, kib] of anonTogetherKib)
        if (byName[name]) byName[name].peakAnonTogetherMb = kib / 1024;
      return { peakMb: peakKib / 1024, peakAnonMb: peakAnonKib / 1024, byName, samples };
    },
  };
}

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
    /** @type {ReturnType<typeof sampleTreeMemory>} */
    let sampler = null;
    /** @type {TreeMemory | null} */
    let tree = null;
    /** @type {Promise<Buffer | null>} */
    const finished = new Promise((resolve, reject) => {
      const child = spawn(file, argv, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      if (opts.sampleTree && child.pid !== undefined) sampler = sampleTreeMemory(child.pid);
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
    const stdout = await finished.finally(() => {
      tree = sampler?.stop() ?? null;
    });
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
    return { ms, cpuMs, peakRssMb, stdout, tree };
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
