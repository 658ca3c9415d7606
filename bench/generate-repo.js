#!/usr/bin/env node
/**
 * Generates a large synthetic git repository for benchmarks by streaming a `git fast-import` stream into git.
 *
 *     node bench/generate-repo.js <out-dir> [--commits N] [--files F] [--seed S] [--bare]
 *     node bench/generate-repo.js --stdout [--commits N] [--files F] [--seed S] > stream.fi
 *
 * Defaults: 1,000,000 commits, ~50,000 files at HEAD, seed 20240601, a normal (non-bare) repository on `main`.
 *
 * The shape imitates a long-lived monorepo: TypeScript packages (with Python, Go and Java corners, Markdown docs,
 * a few binary images), files that import each other, ~20 authors of uneven activity who join and leave,
 * ~8 years of increasing timestamps, a first-parent line with merge commits of short topic branches, skewed
 * commit sizes, line-level edits (so `git log --numstat` has real counts), renames, deletions and binary edits.
 *
 * Everything is a function of the seed. Memory stays bounded: a file's content is kept as an array of line ids
 * (each id renders to one line of code-like text deterministically), never as text, and the stream is written
 * commit by commit with backpressure, never built whole.
 */
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

export const DEFAULT_COMMITS = 1_000_000;
export const DEFAULT_FILES = 50_000;
export const DEFAULT_SEED = 20240601;

/** 2017-01-02T09:00:00Z, in seconds since the epoch. */
const START_TIME_S = 1483347600;
/** The history spans ~8 years, in seconds. */
const SPAN_S = Math.round(8 * 365.25 * 86400);
/** Flush the stream to fast-import once this many characters are pending. */
const FLUSH_CHARS = 1 << 20;
/** Never put more files than this into one generated folder. */
const MAX_FILES_PER_DIR = 60;
/** Share of new files that start a new folder (so a folder holds ~20 files on average). */
const NEW_DIR_CHANCE = 0.05;
/** Per main-line commit: chance to start a topic branch when none is open (~10 % of commits land via merges). */
const TOPIC_START_CHANCE = 0.037;

const LINE_STMT = 0;
const LINE_OPEN = 1;
const LINE_CLOSE = 2;
const LINE_DECL = 3;

// Identifier material. Plain ASCII only (blob lengths are written as string lengths), and no keyword of the
// generated languages (Go's `map` and `type` would make a file unparsable).
const NOUNS = (
  'user account order invoice payment cart item product price tax session token route request response header ' +
  'cache store queue job task worker event message channel topic stream buffer chunk record entry index table ' +
  'column row schema query filter sort page cursor batch report chart metric counter gauge timer span trace log ' +
  'config option setting flag feature plugin module bundle asset image font style theme layout widget panel ' +
  'button form field input label dialog modal menu tab tree node edge graph path file folder archive backup ' +
  'snapshot version release build deploy target host port socket client server proxy gateway service handler ' +
  'parser lexer compiler emitter visitor scope symbol kind value result error warning policy rule role member ' +
  'team project ticket comment review commit branch merge diff patch hook watcher loader resolver registry ' +
  'context state reducer action effect signal store model view controller adapter driver dialect migration'
).split(' ');
const VERBS = (
  'get set load save build parse render format compute apply merge split resolve validate normalize create ' +
  'update delete find read write open close start stop flush reset sync fetch send emit handle track convert ' +
  'filter reduce collect group sort check ensure register mount patch'
).split(' ');
const ADJECTIVES = 'empty stale ready dirty closed pending valid broken cached remote local shared'.split(
  ' ',
);
const TS_TYPES = ['string', 'number', 'boolean', 'unknown', 'Date', 'Uint8Array', 'string[]', 'number[]'];
const TS_PARAMS = ['limit', 'depth', 'offset', 'retries', 'timeout', 'size'];
const TS_EXTERNAL = [
  ['readFile', 'node:fs/promises'],
  ['join', 'node:path'],
  ['EventEmitter', 'node:events'],
  ['createHash', 'node:crypto'],
  ['z', 'zod'],
  ['debounce', 'lodash-es'],
  ['Kysely', 'kysely'],
  ['describe', 'vitest'],
];
const PY_EXTERNAL = [
  'import os',
  'import json',
  'import logging',
  'import re',
  'from typing import Any',
  'from dataclasses import dataclass',
  'from pathlib import Path',
];
const GO_EXTERNAL = ['fmt', 'strings', 'context', 'net/http', 'errors', 'sort', 'time', 'encoding/json'];
const JAVA_EXTERNAL = [
  'java.util.List',
  'java.util.Map',
  'java.util.Optional',
  'java.io.IOException',
  'java.time.Instant',
  'java.util.concurrent.ConcurrentHashMap',
];
const GO_MODULE = 'github.com/acme/mono/go';
/** Share of new folders per language. */
const LANGUAGE_SHARES = [
  ['ts', 0.62],
  ['py', 0.14],
  ['go', 0.1],
  ['java', 0.07],
  ['md', 0.05],
  ['bin', 0.02],
];
const TIMEZONES = ['+0000', '+0100', '+0200', '-0500', '-0800', '+0530', '+0900', '-0300', '+1000', '+0100'];
const AUTHOR_NAMES = [
  'Alice Martin',
  'Bogdan Ionescu',
  'Chen Wei',
  'Dana Cohen',
  'Emeka Okafor',
  'Fatima Zahra',
  'Gustavo Lima',
  'Hana Suzuki',
  'Ivan Petrov',
  'José Álvarez',
  'Kirsten Berg',
  "Liam O'Brien",
  'Maya Patel',
  'Noah Fischer',
  'Olga Nowak',
  'Pedro Santos',
  'Quinn Taylor',
  'Ravi Kumar',
  'Sofia Rossi',
  'Tomás Herrera',
];

/**
 * mulberry32: a small, fast, seeded PRNG.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
export function createRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit integer hash (murmur3's finalizer); turns a line id into the choices that render it.
 * @param {number} x
 */
function hash32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** @param {string} word */
function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** @param {string} name kebab-case or snake_case */
function toCamel(name) {
  return name.replace(/[-_.][a-z]/g, (match) => match.slice(1).toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}

/**
 * @typedef {'ts' | 'py' | 'go' | 'java' | 'md' | 'bin' | 'json' | 'static'} Language
 *
 * @typedef {object} PackageRec
 * @property {string} name
 * @property {Language} lang
 * @property {DirRec[]} dirs folders that may receive new files
 * @property {FileRec | null} index the TS package entry (`src/index.ts`), imported by other packages
 *
 * @typedef {object} DirRec
 * @property {string} path
 * @property {Language} lang
 * @property {PackageRec} pkg
 * @property {FileRec[]} files live files (main line), in creation order except for swap-removals
 * @property {Set<string>} names every name ever used in this folder (names are never reused)
 * @property {string} module Python module, Go import path or Java package of the folder
 *
 * @typedef {object} FileRec
 * @property {number} id
 * @property {string} path
 * @property {string} base file name without extension
 * @property {Language} lang
 * @property {DirRec} dir
 * @property {number[] | null} body line ids (null for binary and static files)
 * @property {number[]} imports file ids of import targets; negative: external module -1-k
 * @property {number} target length the file drifts towards, in lines
 * @property {number} weight 1, 4 or 16: how hot the file is
 * @property {number} liveIdx position in the live list, -1 when not live
 * @property {number} dirIdx position in dir.files, -1 when not there
 * @property {boolean} alive
 * @property {boolean} locked touched on the open topic branch (the main line leaves it alone until the merge)
 * @property {number} lastMainTouch sequence number of the last main-line commit that changed it
 * @property {number} binVersion version of binary content
 * @property {string | null} text fixed content of static files
 * @property {string} mode
 * @property {boolean} isIndex a TS package entry that re-exports its package
 *
 * @typedef {object} Topic
 * @property {number} forkSeq
 * @property {number} left commits still to make on the topic
 * @property {number} made
 * @property {Set<FileRec>} touched
 * @property {FileRec[]} added files created on the topic, not yet on the main line
 * @property {DirRec} focus
 * @property {number} author
 * @property {string} slug
 * @property {string} title
 *
 * @typedef {object} Author
 * @property {string} name
 * @property {string} email
 * @property {string | null} oldEmail email used before `switchAt`
 * @property {number} switchAt
 * @property {string} login
 * @property {string} tz
 * @property {number} weight
 * @property {number} from progress (0..1) of the first commit
 * @property {number} until progress of the last commit
 *
 * @typedef {object} GenerateOptions
 * @property {number} [commits] total commits, merges and topic commits included
 * @property {number} [files] live files at the end (approximately)
 * @property {number} [seed]
 * @property {boolean} [bare]
 * @property {(line: string) => void} [log] progress sink (default: stderr)
 */

/** Writes the fast-import stream to git's stdin in large chunks, waiting for 'drain' when the pipe is full. */
class StreamWriter {
  /** @param {import('node:stream').Writable} stream */
  constructor(stream) {
    this.stream = stream;
    /** @type {(() => void) | null} wakes a pending drain wait when the consumer goes away */
    this.wake = null;
    /** @type {string[]} */
    this.parts = [];
    this.pending = 0;
    this.written = 0;
    this.full = false;
    /** set when the consumer has gone away */
    this.closed = false;
  }

  /** The consumer has exited: stop waiting for 'drain'. */
  close() {
    this.closed = true;
    this.wake?.();
  }

  /** @param {string} text */
  text(text) {
    this.parts.push(text);
    this.pending += text.length;
  }

  /** @param {string} content ASCII text (its length is its byte length) */
  data(content) {
    this.parts.push(`data ${content.length}\n`, content, '\n');
    this.pending += content.length + 16;
  }

  /** @param {Buffer} bytes */
  bytes(bytes) {
    this.text(`data ${bytes.length}\n`);
    this.writeParts();
    this.write(bytes);
    this.text('\n');
  }

  /** @param {string} text may hold non-ASCII characters */
  message(text) {
    this.parts.push(`data ${Buffer.byteLength(text)}\n`, text, '\n');
    this.pending += text.length + 16;
  }

  /** @param {string | Buffer} chunk */
  write(chunk) {
    this.written += chunk.length;
    if (!this.stream.write(chunk)) this.full = true;
  }

  writeParts() {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }

  /** Call between commits: writes what is pending once enough has gathered, and honours backpressure. */
  async maybeFlush() {
    if (this.pending < FLUSH_CHARS && !this.full) return;
    await this.flush();
  }

  async flush() {
    this.writeParts();
    if (!this.full) return;
    if (!this.closed) {
      await new Promise((resolve) => {
        this.wake = () => resolve(undefined);
        this.stream.once('drain', this.wake);
      });
      if (this.wake !== null) this.stream.off('drain', this.wake);
      this.wake = null;
    }
    this.full = false;
  }
}

/**
 * @param {GenerateOptions} options
 * @returns {{ totalCommits: number, targetFiles: number, seed: number, log: (line: string) => void }}
 */
function resolveOptions(options) {
  const totalCommits = options.commits ?? DEFAULT_COMMITS;
  const targetFiles = options.files ?? DEFAULT_FILES;
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  if (!Number.isInteger(totalCommits) || totalCommits < 2)
    throw new Error('--commits must be an integer >= 2');
  if (!Number.isInteger(targetFiles) || targetFiles < 20) throw new Error('--files must be an integer >= 20');
  return { totalCommits, targetFiles, seed, log };
}

/**
 * Writes the whole fast-import stream (ending with `done`) through `writer`, reporting progress every ~5 s.
 * @param {StreamWriter} writer
 * @param {{ totalCommits: number, targetFiles: number, seed: number, log: (line: string) => void }} params
 * @param {() => Error} failed the error to throw when the consumer has gone away
 */
async function writeHistory(writer, params, failed) {
  const { totalCommits, log } = params;
  const started = Date.now();
  const model = createModel({ ...params, writer });
  let lastReport = started;
  while (model.seq < totalCommits) {
    if (writer.closed) throw failed();
    model.step();
    await writer.maybeFlush();
    if ((model.seq & 1023) === 0 && Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      const s = (lastReport - started) / 1000;
      const rate = model.seq / s;
      log(
        `generate-repo: ${model.seq}/${totalCommits} commits (${((100 * model.seq) / totalCommits).toFixed(1)} %), ` +
          `${model.liveCount()} files, ${(writer.written / 1e6).toFixed(0)} MB streamed, ${s.toFixed(0)} s, ` +
          `eta ${((totalCommits - model.seq) / rate).toFixed(0)} s`,
      );
    }
  }
  writer.text('done\n');
  await writer.flush();
  return {
    commits: model.seq,
    merges: model.merges,
    liveFiles: model.liveCount(),
    streamBytes: writer.written,
  };
}

/**
 * Generates the repository: `git init`, then the stream piped into `git fast-import`, then (unless bare) a
 * checkout of `main`.
 * @param {string} outDir created (must not exist or be empty)
 * @param {GenerateOptions} [options]
 * @returns {Promise<{ commits: number, merges: number, liveFiles: number, streamBytes: number, ms: number }>}
 * @example
 *     await generateRepository('/tmp/gen-20k', { commits: 20_000, files: 2_000 });
 */
export async function generateRepository(outDir, options = {}) {
  const params = resolveOptions(options);
  if (existsSync(outDir) && readdirSync(outDir).length > 0)
    throw new Error(`${outDir} exists and is not empty`);

  const started = Date.now();
  runGitSync(['init', '-q', '-b', 'main', ...(options.bare ? ['--bare'] : []), outDir]);
  const gitDir = options.bare ? outDir : path.join(outDir, '.git');

  const child = spawn('git', [`--git-dir=${gitDir}`, 'fast-import', '--quiet', '--done'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    // fast-import allocates and frees a zlib stream per object; above glibc's mmap threshold each of those is an
    // mmap/munmap pair plus page faults. Keeping them on the heap makes the import ~20 % faster.
    env: {
      ...process.env,
      LC_ALL: 'C',
      MALLOC_MMAP_THRESHOLD_: '268435456',
      MALLOC_TRIM_THRESHOLD_: '1073741824',
    },
  });
  /** @type {Buffer[]} */
  const stderr = [];
  child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
    if (stderr.length < 200) stderr.push(chunk);
  });
  const writer = new StreamWriter(child.stdin);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      writer.close();
      resolve(code);
    });
  });
  child.stdin.on('error', () => undefined); // an early exit is reported with fast-import's stderr below
  const failed = () =>
    new Error(
      `git fast-import failed: ${Buffer.concat(stderr).toString('utf8').trim() || 'it exited early'}`,
    );

  const result = await writeHistory(writer, params, failed);
  child.stdin.end();
  if ((await exited) !== 0) throw failed();
  if (runGitSync([`--git-dir=${gitDir}`, 'show-ref', '--verify', '-q', 'refs/heads/topic'], true)) {
    runGitSync([`--git-dir=${gitDir}`, 'update-ref', '-d', 'refs/heads/topic']);
  }
  if (!options.bare) runGitSync(['-C', outDir, 'reset', '-q', '--hard', 'main']);
  const ms = Date.now() - started;
  params.log(
    `generate-repo: ${result.commits} commits (${result.merges} merges), ${result.liveFiles} files at HEAD, ` +
      `${(result.streamBytes / 1e6).toFixed(0)} MB streamed, ${(ms / 1000).toFixed(1)} s in all -> ${outDir}`,
  );
  return { ...result, ms };
}

/**
 * Writes the fast-import stream to stdout instead (for `| git fast-import` by hand, or to profile git alone).
 * The stream leaves a `refs/heads/topic` behind when the history ends inside a topic; nothing else differs.
 * @param {GenerateOptions} [options]
 */
export async function writeStreamToStdout(options = {}) {
  const params = resolveOptions(options);
  const writer = new StreamWriter(process.stdout);
  process.stdout.on('error', () => writer.close());
  process.stdout.on('close', () => writer.close());
  const result = await writeHistory(writer, params, () => new Error('stdout was closed'));
  params.log(`generate-repo: ${result.commits} commits, ${(result.streamBytes / 1e6).toFixed(0)} MB written`);
  return result;
}

/**
 * @param {string[]} args
 * @param {boolean} [allowFailure] return false instead of throwing on a non-zero exit
 */
function runGitSync(args, allowFailure = false) {
  const result = spawnSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status === 0) return true;
  if (allowFailure) return false;
  throw new Error(`git ${args.join(' ')} failed: ${result.stderr || String(result.error)}`);
}

/**
 * The repository's evolving state and the commit generator. Each `step()` writes one commit.
 * @param {{ totalCommits: number, targetFiles: number, seed: number, writer: StreamWriter }} params
 */
function createModel({ totalCommits, targetFiles, seed, writer }) {
  const rand = createRandom(seed);
  const salt = hash32(seed ^ 0x9e3779b9);
  /** @param {number} n */
  const int = (n) => Math.floor(rand() * n);
  /** @template T @param {readonly T[]} list @returns {T} */
  const pick = (list) => /** @type {T} */ (list[int(list.length)]);
  /** @param {number} p */
  const chance = (p) => rand() < p;
  /** Index skewed towards the start of a list (older entries are the hubs). @param {number} n */
  const skewed = (n) => Math.floor(n * rand() * rand());

  /** @type {FileRec[]} */
  const files = [];
  /** @type {FileRec[]} */
  const live = [];
  /** @type {Map<Language, PackageRec[]>} */
  const packages = new Map();
  /** @type {Map<string, DirRec>} */
  const dirsByPath = new Map();
  /** @type {Set<string>} */
  const packageNames = new Set();
  let lineSeq = 0;
  let seq = 0;
  let merges = 0;
  let pr = 100;
  let clock = START_TIME_S;
  const meanGap = SPAN_S / totalCommits;
  /** @type {Topic | null} */
  let topic = null;
  const authors = createAuthors();
  const maintainers = [0, 1, 2];

  /** @param {number} kind */
  const newLine = (kind) => (lineSeq += 1) * 4 + kind;

  // ---------------------------------------------------------------- authors

  function createAuthors() {
    /** @type {Author[]} */
    const list = [];
    for (let k = 0; k < AUTHOR_NAMES.length; k += 1) {
      const name = /** @type {string} */ (AUTHOR_NAMES[k]);
      const login = toCamel(
        name
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z ]/g, '')
          .replace(/ /g, '-'),
      );
      const founder = k < 3;
      const from = founder ? 0 : rand() * 0.75;
      const leaves = k === 2 || (!founder && chance(0.45));
      const until = leaves ? Math.min(1, from + 0.08 + rand() * (k === 2 ? 0.6 : 0.5)) : 1;
      const email = `${login.toLowerCase()}@acme.dev`;
      list.push({
        name,
        email,
        oldEmail: k % 5 === 1 ? `${login.toLowerCase()}@oldcorp.example` : null,
        switchAt: from + (until - from) * 0.4,
        login,
        tz: /** @type {string} */ (TIMEZONES[k % TIMEZONES.length]),
        weight: 1 / Math.pow(k + 1, 1.1),
        from,
        until,
      });
    }
    return list;
  }

  /** @param {number} progress 0..1 */
  function pickAuthor(progress) {
    let total = 0;
    for (const a of authors) if (progress >= a.from && progress <= a.until) total += a.weight;
    let r = rand() * total;
    for (let k = 0; k < authors.length; k += 1) {
      const a = /** @type {Author} */ (authors[k]);
      if (progress < a.from || progress > a.until) continue;
      r -= a.weight;
      if (r <= 0) return k;
    }
    return 0;
  }

  /** @param {number} k @param {number} progress */
  function identity(k, progress) {
    const a = /** @type {Author} */ (authors[k]);
    const email = a.oldEmail !== null && progress < a.switchAt ? a.oldEmail : a.email;
    return `${a.name} <${email}> ${String(clock)} ${a.tz}`;
  }

  // ---------------------------------------------------------------- folders and files

  /** @param {Language} lang */
  function packagesOf(lang) {
    let list = packages.get(lang);
    if (list === undefined) {
      list = [];
      packages.set(lang, list);
    }
    return list;
  }

  /** @param {string} dirPath @param {Language} lang @param {PackageRec} pkg @param {string} module @param {boolean} open */
  function addDir(dirPath, lang, pkg, module, open) {
    const existing = dirsByPath.get(dirPath);
    if (existing !== undefined) return existing;
    /** @type {DirRec} */
    const dir = { path: dirPath, lang, pkg, files: [], names: new Set(), module };
    dirsByPath.set(dirPath, dir);
    if (open) pkg.dirs.push(dir);
    return dir;
  }

  function uniquePackageName() {
    for (let i = 0; ; i += 1) {
      const name =
        i < 20 ? (chance(0.6) ? pick(NOUNS) : `${pick(NOUNS)}-${pick(NOUNS)}`) : `${pick(NOUNS)}${i}`;
      if (!packageNames.has(name)) {
        packageNames.add(name);
        return name;
      }
    }
  }

  /** A package (with its scaffolding files, written in the current commit). @param {Language} lang */
  function createPackage(lang) {
    const name = uniquePackageName();
    /** @type {PackageRec} */
    const pkg = { name, lang, dirs: [], index: null };
    packagesOf(lang).push(pkg);
    if (lang === 'ts') {
      const root = addDir(`packages/${name}`, 'json', pkg, '', false);
      const manifest = createFile(root, 'package', 'json', true);
      manifest.body = [newLine(LINE_DECL), newLine(LINE_DECL), newLine(LINE_DECL), newLine(LINE_DECL)];
      const src = addDir(`packages/${name}/src`, 'ts', pkg, '', false);
      const index = createFile(src, 'index', 'ts', true);
      index.isIndex = true;
      index.body = [newLine(LINE_DECL)];
      pkg.index = index;
    } else if (lang === 'py') {
      const root = addDir(`services/${name}`, 'static', pkg, '', false);
      const project = createFile(root, 'pyproject', 'static', true);
      project.text = `[project]\nname = "acme-${name}"\nversion = "0.1.0"\n`;
      project.path = `services/${name}/pyproject.toml`;
    }
    return pkg;
  }

  /** @param {Language} lang */
  function createDir(lang) {
    const list = packagesOf(lang);
    // About 40 folders per package; the first package of a language is created on demand.
    const pkg = list.length === 0 || chance(1 / 40) ? createPackage(lang) : pick(list);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const area = pick(NOUNS);
      const sub = chance(0.25) ? pick(NOUNS) : null;
      const py = pkg.name.replace(/-/g, '_');
      /** @type {[string, string]} */
      let spec;
      if (lang === 'ts') {
        const root = chance(0.1) ? 'test' : 'src';
        spec = [`packages/${pkg.name}/${root}/${area}${sub ? `/${sub}` : ''}`, ''];
      } else if (lang === 'py') {
        spec = [
          `services/${pkg.name}/acme_${py}/${area}${sub ? `/${sub}` : ''}`,
          `acme_${py}.${area}${sub ? `.${sub}` : ''}`,
        ];
      } else if (lang === 'go') {
        const rel = `${chance(0.15) ? 'cmd' : 'internal'}/${pkg.name.replace(/-/g, '')}/${area}${sub ? `/${sub}` : ''}`;
        spec = [`go/${rel}`, `${GO_MODULE}/${rel}`];
      } else if (lang === 'java') {
        const jp = pkg.name.replace(/-/g, '');
        spec = [`java/${pkg.name}/src/main/java/com/acme/${jp}/${area}`, `com.acme.${jp}.${area}`];
      } else if (lang === 'md') {
        spec = [`docs/${pkg.name}/${area}`, ''];
      } else {
        spec = [`assets/${pkg.name}/${area}`, ''];
      }
      if (dirsByPath.has(spec[0])) continue;
      const dir = addDir(spec[0], lang, pkg, spec[1], true);
      if (lang === 'py') createFile(dir, '__init__', 'py', true).body = [];
      return dir;
    }
    return /** @type {DirRec} */ (pick(pkg.dirs.length > 0 ? pkg.dirs : [...dirsByPath.values()]));
  }

  /** @param {Language} lang */
  /** @returns {Language} */
  function pickLanguage() {
    let r = rand();
    for (const [l, share] of LANGUAGE_SHARES) {
      r -= /** @type {number} */ (share);
      if (r <= 0) return /** @type {Language} */ (l);
    }
    return 'ts';
  }

  /** @param {DirRec} dir */
  function newFileName(dir) {
    for (let attempt = 0; ; attempt += 1) {
      const a = pick(NOUNS);
      const b = pick(NOUNS);
      const suffix = attempt > 8 ? String(attempt) : '';
      /** @type {string} */
      let base;
      if (dir.lang === 'py') base = chance(0.3) ? `${a}${suffix}` : `${a}_${b}${suffix}`;
      else if (dir.lang === 'go') base = `${a}_${b}${suffix}${chance(0.1) ? '_test' : ''}`;
      else if (dir.lang === 'java')
        base = `${capitalize(a)}${capitalize(b)}${pick(['', 'Service', 'Controller', 'Repository'])}${suffix}`;
      else base = chance(0.3) ? `${a}${suffix}` : `${a}-${b}${suffix}`;
      if (!dir.names.has(base)) return base;
    }
  }

  /**
   * Creates a file record (not yet live) and reserves its name.
   * @param {DirRec} dir @param {string} base @param {Language} lang
   * @param {boolean} inCommit make it live and write it in the current commit
   */
  function createFile(dir, base, lang, inCommit) {
    dir.names.add(base);
    const ext = {
      ts: '.ts',
      py: '.py',
      go: '.go',
      java: '.java',
      md: '.md',
      bin: '.png',
      json: '.json',
      static: '',
    }[lang];
    const target = Math.max(4, Math.min(600, Math.round(Math.exp(3.3 + 0.85 * gaussian()))));
    const weightRoll = rand();
    /** @type {FileRec} */
    const file = {
      id: files.length,
      path: `${dir.path}/${base}${ext}`,
      base,
      lang,
      dir,
      body:
        lang === 'bin' || lang === 'static'
          ? null
          : createBody(lang, Math.max(3, Math.round(target * (0.3 + 0.5 * rand())))),
      imports: [],
      target,
      weight: weightRoll < 0.05 ? 16 : weightRoll < 0.25 ? 4 : 1,
      liveIdx: -1,
      dirIdx: -1,
      alive: true,
      locked: false,
      lastMainTouch: seq,
      binVersion: 0,
      text: null,
      mode: '100644',
      isIndex: false,
    };
    files.push(file);
    if (inCommit) {
      addLive(file);
      touchedNow.add(file);
    }
    return file;
  }

  function gaussian() {
    return (rand() + rand() + rand() + rand() - 2) * 1.7;
  }

  /** @param {FileRec} file */
  function addLive(file) {
    file.liveIdx = live.length;
    live.push(file);
    file.dirIdx = file.dir.files.length;
    file.dir.files.push(file);
  }

  /** @param {FileRec} file */
  function removeLive(file) {
    const last = /** @type {FileRec} */ (live.pop());
    if (last !== file) {
      live[file.liveIdx] = last;
      last.liveIdx = file.liveIdx;
    }
    file.liveIdx = -1;
    const dirFiles = file.dir.files;
    const lastInDir = /** @type {FileRec} */ (dirFiles.pop());
    if (lastInDir !== file) {
      dirFiles[file.dirIdx] = lastInDir;
      lastInDir.dirIdx = file.dirIdx;
    }
    file.dirIdx = -1;
  }

  /** @param {Language} lang @param {number} length */
  function createBody(lang, length) {
    /** @type {number[]} */
    const body = [];
    if (lang === 'json') {
      for (let i = 0; i < length; i += 1) body.push(newLine(LINE_DECL));
      return body;
    }
    const decls = int(4);
    for (let i = 0; i < decls && body.length < length; i += 1) body.push(newLine(LINE_DECL));
    while (body.length < length) pushFunction(body, body.length);
    return body;
  }

  /** @param {number[]} body @param {number} at */
  function pushFunction(body, at) {
    const statements = 1 + Math.floor(12 * rand() * rand()) + int(3);
    const lines = [newLine(LINE_OPEN)];
    for (let i = 0; i < statements; i += 1) lines.push(newLine(LINE_STMT));
    lines.push(newLine(LINE_CLOSE));
    body.splice(at, 0, ...lines);
  }

  // ---------------------------------------------------------------- choosing files

  /** @param {FileRec} file */
  function eligible(file) {
    if (file.body === null && file.lang !== 'bin') return false;
    if (topic === null || !inTopic) return !file.locked;
    return (file.locked || file.lastMainTouch <= topic.forkSeq) && file.lang !== 'bin' && !file.isIndex;
  }

  /** A live file, hot files (weight 16) ~16x likelier than cold ones. */
  function pickHotFile() {
    for (let attempt = 0; attempt < 64; attempt += 1) {
      const file = /** @type {FileRec} */ (live[int(live.length)]);
      if (rand() * 16 < file.weight && eligible(file)) return file;
    }
    for (let attempt = 0; attempt < 64; attempt += 1) {
      const file = /** @type {FileRec} */ (live[int(live.length)]);
      if (eligible(file)) return file;
    }
    return null;
  }

  /** @param {DirRec} dir */
  function pickInDir(dir) {
    if (dir.files.length === 0) return null;
    const file = /** @type {FileRec} */ (dir.files[int(dir.files.length)]);
    return eligible(file) ? file : null;
  }

  /** @param {PackageRec} pkg */
  function pickInPackage(pkg) {
    if (pkg.dirs.length === 0) return null;
    return pickInDir(/** @type {DirRec} */ (pick(pkg.dirs)));
  }

  function drawCommitSize() {
    const r = rand();
    if (r < 0.55) return 1;
    if (r < 0.78) return 2;
    if (r < 0.87) return 3;
    if (r < 0.95) return 4 + int(6);
    if (r < 0.998) return 10 + int(21);
    return 100 + int(200);
  }

  /** @param {number} size @param {FileRec | null} first */
  function chooseFiles(size, first) {
    /** @type {Set<FileRec>} */
    const chosen = new Set();
    const seedFile = first ?? pickHotFile();
    if (seedFile === null) return chosen;
    chosen.add(seedFile);
    const big = size >= 10;
    for (let attempt = 0; chosen.size < size && attempt < size * 4; attempt += 1) {
      const r = rand();
      const file =
        r < (big ? 0.3 : 0.55)
          ? pickInDir(seedFile.dir)
          : r < (big ? 0.95 : 0.85)
            ? pickInPackage(seedFile.dir.pkg)
            : pickHotFile();
      if (file !== null) chosen.add(file);
    }
    return chosen;
  }

  // ---------------------------------------------------------------- editing content

  /** @param {number[]} body @param {number} i */
  const kindAt = (body, i) => /** @type {number} */ (body[i]) & 3;

  /** @param {FileRec} file */
  function editFile(file) {
    if (file.body === null) {
      file.binVersion += 1;
      return;
    }
    const body = file.body;
    // Files drift bigger as they are worked on (hot files end up among the biggest).
    if (chance(0.03)) file.target = Math.min(800, Math.round(file.target * 1.05) + 1);
    const r = rand();
    const ops = r < 0.9 ? 1 + Math.floor(-Math.log(1 - rand()) * 1.2) : r < 0.98 ? 5 + int(11) : 20 + int(41);
    for (let k = 0; k < ops; k += 1) editOnce(file, body);
    if (file.lang !== 'json' && file.lang !== 'md') {
      if (chance(0.08)) addImport(file);
      else if (file.imports.length > 0 && chance(0.03)) file.imports.splice(int(file.imports.length), 1);
    }
  }

  /** @param {FileRec} file @param {number[]} body */
  function editOnce(file, body) {
    const over = body.length > file.target;
    const under = body.length < file.target * 0.5;
    if (file.lang === 'json') {
      const r = rand();
      if (body.length === 0 || (!over && r < 0.35)) body.splice(int(body.length + 1), 0, newLine(LINE_DECL));
      else if (r < 0.6 || body.length < 2) body[int(body.length)] = newLine(LINE_DECL);
      else body.splice(int(body.length), 1);
      return;
    }
    const r = rand();
    const [modify, insert, remove, addFn] = over
      ? [0.4, 0.5, 0.85, 0.87]
      : under
        ? [0.35, 0.7, 0.78, 0.96]
        : [0.4, 0.7, 0.85, 0.95];
    if (body.length === 0 || (r >= remove && r < addFn)) {
      pushFunction(body, findBoundary(body, int(body.length + 1)));
    } else if (r < modify) {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const i = int(body.length);
        const kind = kindAt(body, i);
        if (kind !== LINE_CLOSE) {
          body[i] = newLine(kind);
          return;
        }
      }
    } else if (r < insert) {
      const i = int(body.length);
      for (let j = i; j < body.length; j += 1) {
        const kind = kindAt(body, j);
        if (kind === LINE_OPEN || kind === LINE_STMT) {
          body.splice(j + 1, 0, newLine(LINE_STMT));
          return;
        }
      }
      pushFunction(body, body.length);
    } else if (r < remove) {
      const i = int(body.length);
      for (let j = i; j < Math.min(body.length, i + 30); j += 1) {
        if (kindAt(body, j) !== LINE_STMT) continue;
        if (kindAt(body, j - 1) === LINE_OPEN && kindAt(body, j + 1) === LINE_CLOSE) return;
        body.splice(j, 1);
        return;
      }
    } else if (body.length > 8) {
      const i = int(body.length);
      for (let j = i; j < body.length; j += 1) {
        const kind = kindAt(body, j);
        if (kind === LINE_DECL) {
          body.splice(j, 1);
          return;
        }
        if (kind !== LINE_OPEN) continue;
        let end = j + 1;
        while (end < body.length && kindAt(body, end) !== LINE_CLOSE) end += 1;
        body.splice(j, end - j + 1);
        return;
      }
    }
  }

  /** First top-level position at or after `from` (after a close or a declaration). @param {number[]} body @param {number} from */
  function findBoundary(body, from) {
    for (let i = from; i < body.length; i += 1) {
      if (i === 0) return 0;
      const kind = kindAt(body, i - 1);
      if (kind === LINE_CLOSE || kind === LINE_DECL) return i;
    }
    return body.length;
  }

  /** Adds an import of a nearby file (or a hub, or an external module). @param {FileRec} file */
  function addImport(file) {
    if (file.imports.length >= 14) return;
    const r = rand();
    const externals = {
      ts: TS_EXTERNAL.length,
      py: PY_EXTERNAL.length,
      go: GO_EXTERNAL.length,
      java: JAVA_EXTERNAL.length,
    };
    const externalCount = /** @type {Record<string, number>} */ (externals)[file.lang];
    if (externalCount === undefined) return;
    if (r < 0.15) {
      file.imports.push(-1 - int(externalCount));
      return;
    }
    /** @type {FileRec | null} */
    let target = null;
    const pkg = file.dir.pkg;
    if (file.lang === 'ts' && r < 0.3) {
      const others = packagesOf('ts');
      const other = /** @type {PackageRec} */ (others[skewed(others.length)]);
      target = other.index;
    } else if (r < 0.55 || (file.lang === 'py' && r < 0.9)) {
      const dir = file.dir.files.length > 1 ? file.dir : null;
      if (dir !== null) target = /** @type {FileRec} */ (dir.files[skewed(dir.files.length)]);
    } else if (r < 0.9 || file.lang === 'py') {
      if (pkg.dirs.length > 0) {
        const dir = /** @type {DirRec} */ (pkg.dirs[skewed(pkg.dirs.length)]);
        if (dir.files.length > 0) target = /** @type {FileRec} */ (dir.files[skewed(dir.files.length)]);
      }
    } else {
      const others = packagesOf(file.lang);
      const other = /** @type {PackageRec} */ (others[skewed(others.length)]);
      if (other.dirs.length > 0) {
        const dir = /** @type {DirRec} */ (other.dirs[skewed(other.dirs.length)]);
        if (dir.files.length > 0) target = /** @type {FileRec} */ (dir.files[skewed(dir.files.length)]);
      }
    }
    if (target === null || target === file || target.lang !== file.lang || file.imports.includes(target.id))
      return;
    file.imports.push(target.id);
  }

  // ---------------------------------------------------------------- rendering

  /** @param {FileRec} file */
  function render(file) {
    if (file.text !== null) return file.text;
    const body = /** @type {number[]} */ (file.body);
    /** @type {string[]} */
    const out = [];
    const lang = file.lang;
    if (lang === 'json') {
      /** @type {string[]} */
      const entries = [];
      for (const id of body) entries.push(renderLine(lang, id));
      return entries.length === 0 ? '{}\n' : `{\n${entries.join(',\n')}\n}\n`;
    }
    renderHeader(file, out);
    for (const id of body) out.push(renderLine(lang, id));
    if (lang === 'java') out.push('}');
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }

  /** @param {FileRec} file */
  function renderBinary(file) {
    const r = createRandom(hash32(file.id * 7919 + file.binVersion) ^ salt);
    const size = 400 + Math.floor(r() * r() * 24000);
    const bytes = Buffer.allocUnsafe(size);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    for (let i = 12; i < size; i += 1) bytes[i] = Math.floor(r() * 256);
    return bytes;
  }

  /** @param {FileRec} file @param {string[]} out */
  function renderHeader(file, out) {
    const lang = file.lang;
    if (lang === 'ts') {
      /** @type {Set<string>} */
      const bound = new Set();
      for (const id of file.imports) {
        /** @type {string} */
        let name;
        /** @type {string} */
        let spec;
        if (id < 0) {
          const ext = /** @type {string[]} */ (TS_EXTERNAL[-1 - id]);
          name = /** @type {string} */ (ext[0]);
          spec = /** @type {string} */ (ext[1]);
        } else {
          const target = /** @type {FileRec} */ (files[id]);
          if (target.isIndex && target.dir.pkg !== file.dir.pkg) {
            name = toCamel(target.dir.pkg.name);
            spec = `@acme/${target.dir.pkg.name}`;
          } else {
            name = toCamel(target.base === 'index' ? target.dir.pkg.name : target.base);
            let rel = path.posix.relative(file.dir.path, target.path.slice(0, -3));
            if (!rel.startsWith('.')) rel = `./${rel}`;
            spec = `${rel}.js`;
          }
        }
        if (file.isIndex) {
          out.push(`export * from '${spec}';`);
          continue;
        }
        let local = name;
        for (let k = 2; bound.has(local); k += 1) local = `${name}${k}`;
        bound.add(local);
        out.push(
          local === name
            ? `import { ${name} } from '${spec}';`
            : `import { ${name} as ${local} } from '${spec}';`,
        );
      }
      if (out.length > 0) out.push('');
    } else if (lang === 'py') {
      out.push(
        `"""${capitalize(file.base.replace(/_/g, ' '))} for ${file.dir.module || file.dir.pkg.name}."""`,
      );
      for (const id of file.imports) {
        if (id < 0) out.push(/** @type {string} */ (PY_EXTERNAL[-1 - id]));
        else {
          const target = /** @type {FileRec} */ (files[id]);
          const module =
            target.base === '__init__' ? target.dir.module : `${target.dir.module}.${target.base}`;
          out.push(`from ${module} import ${target.base === '__init__' ? 'VERSION' : target.base}`);
        }
      }
      out.push('');
    } else if (lang === 'go') {
      out.push(
        `package ${file.dir.path.slice(file.dir.path.lastIndexOf('/') + 1).replace(/[^a-z]/g, '')}`,
        '',
      );
      /** @type {string[]} */
      const specs = [];
      for (const id of file.imports) {
        const spec =
          id < 0
            ? /** @type {string} */ (GO_EXTERNAL[-1 - id])
            : /** @type {FileRec} */ (files[id]).dir.module;
        if (spec !== file.dir.module && !specs.includes(spec)) specs.push(spec);
      }
      if (specs.length > 0) {
        out.push('import (');
        for (const spec of specs) out.push(`\t"${spec}"`);
        out.push(')', '');
      }
    } else if (lang === 'java') {
      out.push(`package ${file.dir.module};`, '');
      for (const id of file.imports) {
        if (id < 0) out.push(`import ${/** @type {string} */ (JAVA_EXTERNAL[-1 - id])};`);
        else {
          const target = /** @type {FileRec} */ (files[id]);
          out.push(`import ${target.dir.module}.${target.base};`);
        }
      }
      if (file.imports.length > 0) out.push('');
      out.push(`public class ${file.base} {`);
    } else if (lang === 'md') {
      out.push(`# ${capitalize(file.base.replace(/-/g, ' '))}`, '');
    }
  }

  /** @param {Language} lang @param {number} id */
  function renderLine(lang, id) {
    const kind = id & 3;
    let h = hash32(id ^ salt);
    const a = /** @type {string} */ (NOUNS[h % NOUNS.length]);
    h = hash32(h);
    const b = /** @type {string} */ (NOUNS[h % NOUNS.length]);
    h = hash32(h);
    const c = /** @type {string} */ (NOUNS[h % NOUNS.length]);
    h = hash32(h);
    const v = /** @type {string} */ (VERBS[h % VERBS.length]);
    h = hash32(h);
    const n = h % 97;
    const t = (h >>> 8) % 10;
    switch (lang) {
      case 'ts':
        return renderTs(kind, a, b, c, v, n, t, h);
      case 'py':
        return renderPy(kind, a, b, c, v, n, t);
      case 'go':
        return renderGo(kind, a, b, c, v, n, t);
      case 'java':
        return renderJava(kind, a, b, c, v, n, t);
      case 'md':
        return renderMd(kind, a, b, c, v, n, t);
      default:
        return `  "${a}-${b}": "^${String(n % 9)}.${String(t)}.${String(n % 13)}"`;
    }
  }

  /** @param {number} kind @param {string} a @param {string} b @param {string} c @param {string} v @param {number} n @param {number} t @param {number} h */
  function renderTs(kind, a, b, c, v, n, t, h) {
    if (kind === LINE_OPEN) {
      const type = /** @type {string} */ (TS_TYPES[t % TS_TYPES.length]);
      const param = /** @type {string} */ (TS_PARAMS[(h >>> 12) % TS_PARAMS.length]);
      return `export function ${v}${capitalize(a)}${capitalize(b)}(${c}: ${type}, ${param} = ${String(n)}): ${type} {`;
    }
    if (kind === LINE_CLOSE) return '}';
    if (kind === LINE_DECL) {
      return t < 6
        ? `export const ${a.toUpperCase()}_${b.toUpperCase()} = ${String(n * 10)};`
        : `export type ${capitalize(a)}${capitalize(b)} = { ${c}: ${/** @type {string} */ (TS_TYPES[n % TS_TYPES.length])} };`;
    }
    switch (t) {
      case 0:
        return `  ${a}.${b} = ${v}${capitalize(c)}(${a}, ${String(n)});`;
      case 1:
        return `  if (${a}.${b} > ${String(n)}) ${v}${capitalize(c)}(${a});`;
      case 2:
        return `  for (const item of ${a}List) ${v}(item, ${String(n)});`;
      case 3:
        return `  // TODO: ${v} the ${a} when the ${b} is ${/** @type {string} */ (ADJECTIVES[n % ADJECTIVES.length])}`;
      case 4:
        return `  ${a}.${b} ??= '${c}-${String(n)}';`;
      case 5:
        return `  ${a}Cache.set('${b}', ${v}${capitalize(c)}(${String(n)}));`;
      case 6:
        return `  while (${a}.${b} < ${String(n)}) ${a}.${b} += ${String((n % 7) + 1)};`;
      case 7:
        return `  ${a}List.push({ id: ${String(n)}, ${b}: '${c}' });`;
      case 8:
        return `  try { ${v}(${a}); } catch { ${b}Errors += 1; }`;
      default:
        return `  log.debug(\`${v} ${a} \${${b}.${c}}\`);`;
    }
  }

  /** @param {number} kind @param {string} a @param {string} b @param {string} c @param {string} v @param {number} n @param {number} t */
  function renderPy(kind, a, b, c, v, n, t) {
    if (kind === LINE_OPEN) return `def ${v}_${a}_${b}(${c}, limit=${String(n)}):`;
    if (kind === LINE_CLOSE) return `    return ${c}`;
    if (kind === LINE_DECL) return `${a.toUpperCase()}_${b.toUpperCase()} = ${String(n * 10)}`;
    switch (t % 7) {
      case 0:
        return `    ${a}.${b} = ${v}_${c}(${a}, ${String(n)})`;
      case 1:
        return `    if ${a}.${b} > ${String(n)}: ${v}(${a})`;
      case 2:
        return `    for item in ${a}_list: ${v}(item, ${String(n)})`;
      case 3:
        return `    # TODO: ${v} the ${a} when the ${b} is ${/** @type {string} */ (ADJECTIVES[n % ADJECTIVES.length])}`;
      case 4:
        return `    ${a}_cache["${b}"] = ${String(n)}`;
      case 5:
        return `    while ${a}.${b} < ${String(n)}: ${a}.${b} += ${String((n % 7) + 1)}`;
      default:
        return `    logger.debug("${v} %s", ${a}.${b})`;
    }
  }

  /** @param {number} kind @param {string} a @param {string} b @param {string} c @param {string} v @param {number} n @param {number} t */
  function renderGo(kind, a, b, c, v, n, t) {
    if (kind === LINE_OPEN)
      return `func ${capitalize(v)}${capitalize(a)}${capitalize(b)}(${c} *${capitalize(c)}, limit int) int {`;
    if (kind === LINE_CLOSE) return '}';
    if (kind === LINE_DECL) return `const ${capitalize(a)}${capitalize(b)} = ${String(n * 10)}`;
    switch (t % 6) {
      case 0:
        return `\t${a}.${capitalize(b)} = ${v}${capitalize(c)}(${a}, ${String(n)})`;
      case 1:
        return `\tif ${a}.${capitalize(b)} > ${String(n)} { ${v}(${a}) }`;
      case 2:
        return `\tfor i := 0; i < ${String(n)}; i++ { ${v}(${a}, i) }`;
      case 3:
        return `\t// TODO: ${v} the ${a} when the ${b} is ${/** @type {string} */ (ADJECTIVES[n % ADJECTIVES.length])}`;
      case 4:
        return `\t${a}Cache["${b}"] = ${String(n)}`;
      default:
        return `\treturn limit + ${String(n)}`;
    }
  }

  /** @param {number} kind @param {string} a @param {string} b @param {string} c @param {string} v @param {number} n @param {number} t */
  function renderJava(kind, a, b, c, v, n, t) {
    if (kind === LINE_OPEN)
      return `  public int ${v}${capitalize(a)}${capitalize(b)}(${capitalize(c)} ${c}, int limit) {`;
    if (kind === LINE_CLOSE) return '  }';
    if (kind === LINE_DECL)
      return `  private static final int ${a.toUpperCase()}_${b.toUpperCase()} = ${String(n * 10)};`;
    switch (t % 5) {
      case 0:
        return `    ${a}.set${capitalize(b)}(${v}${capitalize(c)}(${a}, ${String(n)}));`;
      case 1:
        return `    if (${a}.get${capitalize(b)}() > ${String(n)}) { ${v}(${a}); }`;
      case 2:
        return `    for (int i = 0; i < ${String(n)}; i++) { ${a}List.add(i); }`;
      case 3:
        return `    // TODO: ${v} the ${a} when the ${b} is ${/** @type {string} */ (ADJECTIVES[n % ADJECTIVES.length])}`;
      default:
        return `    ${a}Cache.put("${b}", ${String(n)});`;
    }
  }

  /** @param {number} kind @param {string} a @param {string} b @param {string} c @param {string} v @param {number} n @param {number} t */
  function renderMd(kind, a, b, c, v, n, t) {
    if (kind === LINE_OPEN) return `## ${capitalize(v)} the ${a} ${b}`;
    if (kind === LINE_CLOSE) return '';
    if (kind === LINE_DECL) return `- \`${a}.${b}\`: defaults to ${String(n)}`;
    return t < 5
      ? `The ${a} ${v}s each ${b} before the ${c} is ${/** @type {string} */ (ADJECTIVES[n % ADJECTIVES.length])}.`
      : `Use \`${v}${capitalize(a)}()\` to ${v} a ${b}; it returns the ${c} (see #${String(n + 10)}).`;
  }

  // ---------------------------------------------------------------- writing commits

  /** @type {Set<FileRec>} files written in the commit being built */
  const touchedNow = new Set();
  let inTopic = false;

  /** @param {FileRec} file */
  function writeModify(file) {
    writer.text(`M ${file.mode} inline ${file.path}\n`);
    if (file.lang === 'bin') writer.bytes(renderBinary(file));
    else writer.data(render(file));
  }

  /** @param {string} ref @param {string} author @param {string} committer @param {string} message @param {string | null} merge */
  function writeCommitHeader(ref, author, committer, message, merge) {
    writer.text(`commit ${ref}\nauthor ${author}\ncommitter ${committer}\n`);
    writer.message(message);
    if (merge !== null) writer.text(`merge ${merge}\n`);
  }

  function advanceClock() {
    clock += Math.max(1, Math.round(-Math.log(1 - rand()) * meanGap));
  }

  function progress() {
    return seq / totalCommits;
  }

  /** Files that should exist at this point of the history (grows linearly from 2 % to 100 %). */
  function fileDeficit() {
    const want = targetFiles * (0.02 + 0.98 * progress());
    return Math.floor(want - live.length - (topic === null ? 0 : topic.added.length));
  }

  /** Adds a file to the current commit, near `near` when given. @param {DirRec | null} near */
  function addNewFile(near) {
    /** @type {DirRec} */
    let dir;
    // On a topic branch, new files go to the topic's folder only: folders and packages are made on the main line.
    if (inTopic && topic !== null) dir = topic.focus;
    else if (near !== null && near.files.length < MAX_FILES_PER_DIR && chance(0.7)) dir = near;
    else if (live.length > 0 && !chance(NEW_DIR_CHANCE)) {
      const other = /** @type {FileRec} */ (live[int(live.length)]).dir;
      dir =
        other.pkg.dirs.includes(other) && other.files.length < MAX_FILES_PER_DIR
          ? other
          : createDir(pickLanguage());
    } else dir = createDir(pickLanguage());
    /** @type {FileRec} */
    let file;
    const sibling =
      dir.lang === 'ts' && dir.files.length > 0 && chance(0.15)
        ? /** @type {FileRec} */ (pick(dir.files))
        : null;
    if (sibling !== null && !sibling.base.endsWith('.test') && !dir.names.has(`${sibling.base}.test`)) {
      file = createFile(dir, `${sibling.base}.test`, 'ts', false);
      file.imports.push(-1 - TS_EXTERNAL.findIndex(([name]) => name === 'describe'), sibling.id);
    } else {
      file = createFile(dir, newFileName(dir), dir.lang, false);
      const imports =
        file.lang === 'md' || file.lang === 'bin' ? 0 : Math.floor(7 * rand() * rand()) + int(2);
      for (let i = 0; i < imports; i += 1) addImport(file);
    }
    if (inTopic && topic !== null) {
      topic.added.push(file);
      file.locked = true;
    } else {
      addLive(file);
      // A new TS module is often exported from its package entry in the same commit.
      const index = dir.pkg.index;
      if (dir.lang === 'ts' && index !== null && !index.locked && chance(0.3) && index.imports.length < 40) {
        index.imports.push(file.id);
        touchedNow.add(index);
      }
    }
    touchedNow.add(file);
    return file;
  }

  function writeInitialCommit() {
    const root = addDir('', 'static', { name: 'root', lang: 'static', dirs: [], index: null }, '', false);
    /** @param {string} name @param {string} text @param {string} [mode] */
    const addStatic = (name, text, mode = '100644') => {
      const file = createFile(root, name, 'static', true);
      file.path = name;
      file.text = text;
      file.mode = mode;
      removeLive(file); // static files are never chosen for edits
      return file;
    };
    addStatic(
      'README.md',
      '# acme monorepo\n\nSynthetic repository generated by tpo bench/generate-repo.js.\n',
    );
    addStatic('.gitignore', 'node_modules/\ndist/\n__pycache__/\n*.log\n');
    addStatic(
      '.mailmap',
      authors
        .filter((a) => a.oldEmail !== null)
        .map((a) => `${a.name} <${a.email}> <${/** @type {string} */ (a.oldEmail)}>\n`)
        .join(''),
    );
    addStatic('go/go.mod', `module ${GO_MODULE}\n\ngo 1.22\n`);
    addStatic('tsconfig.json', '{\n  "compilerOptions": { "module": "NodeNext", "strict": true }\n}\n');
    addStatic(
      'scripts/release.sh',
      '#!/bin/sh\nset -eu\nnpm run build\nnpm publish --workspaces\n',
      '100755',
    );
    lockfile.dir = root;
    lockfile.path = 'package-lock.json';
    lockfile.body = createBody('json', 400 + int(400));
    touchedNow.add(lockfile);
    const initial = Math.max(5, Math.round(targetFiles * 0.02));
    /** @type {DirRec | null} */
    let near = null;
    while (live.length < initial) near = addNewFile(chance(0.9) ? near : null).dir;
    const author = identity(0, 0);
    writeCommitHeader('refs/heads/main', author, author, 'Initial commit\n', null);
    flushTouched();
    seq += 1;
  }

  // The lockfile: JSON lines, never chosen as a hot file, rewritten by dependency bumps.
  /** @type {FileRec} */
  const lockfile = {
    id: -1,
    path: '',
    base: 'package-lock',
    lang: 'json',
    dir: /** @type {DirRec} */ (/** @type {unknown} */ (null)),
    body: [],
    imports: [],
    target: 800,
    weight: 0,
    liveIdx: -1,
    dirIdx: -1,
    alive: true,
    locked: false,
    lastMainTouch: 0,
    binVersion: 0,
    text: null,
    mode: '100644',
    isIndex: false,
  };

  function flushTouched() {
    for (const file of touchedNow) writeModify(file);
    writer.text('\n');
    touchedNow.clear();
  }

  /** @param {FileRec} file */
  function scopeOf(file) {
    return file.dir.pkg.name;
  }

  /** One ordinary commit, on the main line or on the open topic. */
  function writeWorkCommit() {
    const p = progress();
    const onTopic = inTopic && topic !== null;
    const authorIndex = onTopic ? /** @type {Topic} */ (topic).author : pickAuthor(p);
    /** @type {string[]} */
    const deletes = [];
    let kind = 'edit';
    /** @type {FileRec | null} */
    let subject = null;

    const deficit = fileDeficit();
    if (!onTopic && deficit > 0 && chance(Math.min(0.9, 0.15 + deficit * 0.02))) {
      kind = 'add';
      const count = Math.min(deficit, chance(0.85) ? 1 + int(3) : 5 + int(30));
      const first = chance(0.6) ? pickHotFile() : null;
      /** @type {DirRec | null} */
      let near = first === null ? null : first.dir;
      for (let i = 0; i < count; i += 1) {
        const file = addNewFile(near);
        subject ??= file;
        near = file.dir;
      }
      if (first !== null && subject !== null && chance(0.5)) {
        // Wire the new code in: the neighbour that uses it changes in the same commit.
        if (first.lang === subject.lang && first.imports.length < 14) first.imports.push(subject.id);
        editFile(first);
        touchedNow.add(first);
      }
    } else if (
      onTopic &&
      chance(0.15) &&
      /** @type {Topic} */ (topic).focus.files.length < MAX_FILES_PER_DIR
    ) {
      kind = 'add';
      subject = addNewFile(/** @type {Topic} */ (topic).focus);
    } else if (!onTopic && chance(0.004)) {
      kind = 'delete';
      const count = chance(0.9) ? 1 + int(3) : 5 + int(15);
      const chosen = chooseFiles(count, null);
      for (const file of chosen) {
        if (file.isIndex || live.length < 10) continue;
        subject ??= file;
        removeLive(file);
        file.alive = false;
        deletes.push(file.path);
      }
    } else if (!onTopic && chance(0.006)) {
      kind = 'rename';
      const chosen = chooseFiles(chance(0.8) ? 1 : 2 + int(8), null);
      for (const file of chosen) {
        if (file.isIndex || file.lang === 'json' || file.base === '__init__') continue;
        const dir = chance(0.5) ? file.dir : pickSameLanguageDir(file);
        if (dir.files.length >= MAX_FILES_PER_DIR && dir !== file.dir) continue;
        const base = newFileName(dir);
        dir.names.add(base);
        deletes.push(file.path);
        removeLive(file);
        file.dir = dir;
        file.base = base;
        file.path = `${dir.path}/${base}${file.path.slice(file.path.lastIndexOf('.'))}`;
        addLive(file);
        if (chance(0.5)) editFile(file);
        touchedNow.add(file);
        subject ??= file;
      }
    } else {
      const first = onTopic ? pickTopicFile(/** @type {Topic} */ (topic)) : null;
      const chosen = chooseFiles(onTopic ? 1 + int(4) : drawCommitSize(), first);
      for (const file of chosen) {
        subject ??= file;
        editFile(file);
        touchedNow.add(file);
      }
      if (!onTopic && chance(0.01)) {
        editFile(lockfile);
        touchedNow.add(lockfile);
      }
    }
    if (touchedNow.size === 0 && deletes.length === 0) {
      // Nothing was eligible (tiny repositories): bump the lockfile, or add a file on a topic, rather than
      // write an empty commit.
      if (onTopic) subject = addNewFile(null);
      else {
        editFile(lockfile);
        touchedNow.add(lockfile);
      }
    }

    for (const file of touchedNow) {
      if (onTopic) {
        const t = /** @type {Topic} */ (topic);
        file.locked = true;
        t.touched.add(file);
      } else file.lastMainTouch = seq;
    }
    const message = commitMessage(kind, subject, touchedNow.size + deletes.length);
    const id = identity(authorIndex, p);
    writeCommitHeader(onTopic ? 'refs/heads/topic' : 'refs/heads/main', id, id, message, null);
    for (const d of deletes) writer.text(`D ${d}\n`);
    flushTouched();
    seq += 1;
  }

  /** @param {FileRec} file */
  function pickSameLanguageDir(file) {
    const list = packagesOf(file.lang);
    const pkg = chance(0.7) ? file.dir.pkg : /** @type {PackageRec} */ (pick(list));
    return pkg.dirs.length > 0 ? /** @type {DirRec} */ (pick(pkg.dirs)) : file.dir;
  }

  /** @param {Topic} t */
  function pickTopicFile(t) {
    const own = [...t.touched];
    if (own.length > 0 && chance(0.5)) return /** @type {FileRec} */ (pick(own));
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const file = chance(0.6) ? pickInDir(t.focus) : pickInPackage(t.focus.pkg);
      if (file !== null) return file;
    }
    return pickHotFile();
  }

  /** @param {string} kind @param {FileRec | null} file @param {number} count */
  function commitMessage(kind, file, count) {
    const scope = file === null ? 'repo' : scopeOf(file);
    const name = file === null ? 'files' : file.base;
    const a = pick(NOUNS);
    const v = pick(VERBS);
    /** @type {string} */
    let title;
    if (kind === 'add') title = `feat(${scope}): add ${name}`;
    else if (kind === 'delete') title = `chore(${scope}): remove unused ${name}`;
    else if (kind === 'rename') title = `refactor(${scope}): move ${name}`;
    else {
      const type = pick(['fix', 'fix', 'feat', 'refactor', 'chore', 'perf', 'test', 'docs']);
      title = `${type}(${scope}): ${v} ${a} in ${name}`;
    }
    if (count >= 50) title = `chore(${scope}): reformat and ${v} ${a} across ${String(count)} files`;
    const r = rand();
    if (r < 0.6) return `${title}\n`;
    if (r < 0.9)
      return `${title}\n\nThe ${a} was ${pick(ADJECTIVES)} after ${pick(VERBS)}ing the ${pick(NOUNS)}.\n`;
    return `${title}\n\nFixes #${String(10 + int(pr))}\n\nCo-authored-by: ${pick(AUTHOR_NAMES)} <dev@acme.dev>\n`;
  }

  function startTopic() {
    const first = pickHotFile();
    if (first === null) return;
    const slug = `${pick(VERBS)}-${pick(NOUNS)}-${pick(NOUNS)}`;
    topic = {
      forkSeq: seq,
      left: 2 + int(4),
      made: 0,
      touched: new Set(),
      added: [],
      focus: first.dir,
      author: pickAuthor(progress()),
      slug,
      title: `${pick(['feat', 'fix', 'refactor'])}(${scopeOf(first)}): ${slug.replace(/-/g, ' ')}`,
    };
    writer.text('reset refs/heads/topic\nfrom refs/heads/main\n\n');
  }

  function writeMerge() {
    const t = /** @type {Topic} */ (topic);
    const p = progress();
    const author = /** @type {Author} */ (authors[t.author]);
    const maintainer = /** @type {number} */ (
      pick(maintainers.filter((k) => p <= /** @type {Author} */ (authors[k]).until))
    );
    pr += 1 + int(3);
    const message = `Merge pull request #${String(pr)} from ${author.login}/${t.slug}\n\n${t.title}\n`;
    const id = chance(0.7) ? `GitHub <noreply@github.com> ${String(clock)} +0000` : identity(maintainer, p);
    writeCommitHeader('refs/heads/main', identity(maintainer, p), id, message, 'refs/heads/topic');
    for (const file of t.added) addLive(file);
    for (const file of [...t.touched, ...t.added]) {
      file.locked = false;
      file.lastMainTouch = seq;
      touchedNow.add(file);
    }
    flushTouched();
    seq += 1;
    merges += 1;
    topic = null;
  }

  function step() {
    advanceClock();
    if (seq === 0) {
      writeInitialCommit();
      return;
    }
    if (topic !== null && topic.left === 0) {
      writeMerge();
      return;
    }
    if (topic === null && totalCommits - seq > 16 && chance(TOPIC_START_CHANCE)) startTopic();
    // Near the end, finish the open topic so that its commits are merged (and counted).
    inTopic = topic !== null && (chance(0.55) || totalCommits - seq <= topic.left + 1);
    writeWorkCommit();
    if (inTopic && topic !== null) {
      topic.left -= 1;
      topic.made += 1;
    }
    inTopic = false;
  }

  return {
    step,
    get seq() {
      return seq;
    },
    get merges() {
      return merges;
    },
    liveCount: () => live.length,
  };
}

const USAGE =
  'usage: node bench/generate-repo.js <out-dir> [--commits N] [--files F] [--seed S] [--bare]\n' +
  '       node bench/generate-repo.js --stdout [--commits N] [--files F] [--seed S] > stream.fi';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ outDir: string | null, commits: number, files: number, seed: number, bare: boolean, stdout: boolean }} */
  const args = {
    outDir: null,
    commits: DEFAULT_COMMITS,
    files: DEFAULT_FILES,
    seed: DEFAULT_SEED,
    bare: false,
    stdout: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = /** @type {string} */ (argv[i]);
    /** @param {string} name */
    const number = (name) => {
      const value = Number((argv[++i] ?? '').replace(/_/g, ''));
      if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a non-negative integer`);
      return value;
    };
    if (arg === '--commits') args.commits = number(arg);
    else if (arg === '--files') args.files = number(arg);
    else if (arg === '--seed') args.seed = number(arg);
    else if (arg === '--bare') args.bare = true;
    else if (arg === '--stdout') args.stdout = true;
    else if (arg === '-h' || arg === '--help') args.outDir = null;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else args.outDir = arg;
  }
  return args;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.stdout) await writeStreamToStdout(args);
    else if (args.outDir === null) {
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
    } else await generateRepository(args.outDir, args);
  } catch (error) {
    process.stderr.write(`generate-repo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
