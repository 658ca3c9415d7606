/**
 * Benchmark: tpo's import graph alone (read every JS/TS file at HEAD, extract its imports, resolve them into a
 * graph) against dependency-cruiser building the JS/TS graph of the same repository, in the same run. The issue's
 * bar: tpo >= 5x faster. Both figures are CPU time (user + system) as well as wall time: CPU time shows the work
 * when other processes share the machine. dependency-cruiser is this project's own dev dependency.
 *
 *   npx tsx bench/import-graph.ts <repo> [<repo> ...]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createImportExtractor, resolveImportGraph } from '../src/codebase/imports/index.js';
import type { ImportSpec } from '../src/codebase/imports/index.js';

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const CONFIG = /(?:^|\/)(?:tsconfig[^/]*\.json|jsconfig\.json|package\.json)$/;
const depcruise = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  '.bin',
  'depcruise',
);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function tpoGraph(
  root: string,
  paths: string[],
): Promise<{ wall: number; cpu: number; edges: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const extractor = await createImportExtractor();
  const files = new Map<string, readonly ImportSpec[]>();
  for (const p of paths) {
    if (!SCRIPT.test(p)) continue;
    const extracted = extractor.extract(p, readFileSync(path.join(root, p), 'utf8'));
    if (extracted) files.set(p, extracted.imports);
  }
  const graph = resolveImportGraph({
    paths,
    files,
    readText: (p) => (CONFIG.test(p) ? readFileSync(path.join(root, p), 'utf8') : undefined),
  });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, edges: graph.edges.length };
}

function cruiserGraph(root: string, dirs: string[]): { wall: number; cpu: number; modules: number } {
  const t0 = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%U %S',
      depcruise,
      '--no-config',
      '--output-type',
      'json',
      '--do-not-follow',
      'node_modules',
      ...dirs,
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const wall = performance.now() - t0;
  if (run.status !== 0) throw new Error(`dependency-cruiser failed: ${run.stderr.slice(-500)}`);
  const [user, sys] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const modules = (JSON.parse(run.stdout) as { modules: unknown[] }).modules.length;
  return { wall, cpu: (user! + sys!) * 1000, modules };
}

const repos = process.argv.slice(2);
if (repos.length === 0) {
  console.error('usage: npx tsx bench/import-graph.ts <repo> [<repo> ...]');
  process.exit(2);
}
console.log(`bench: machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
console.log(
  'repository | JS/TS files | tpo wall | tpo CPU | dependency-cruiser wall | its CPU | ratio (CPU) | ratio (wall)',
);
for (const root of repos) {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
    .split('\0')
    .filter((p) => p !== '' && !p.includes('node_modules/'));
  const scripts = paths.filter((p) => SCRIPT.test(p));
  // dependency-cruiser is given the top-level entries that hold scripts (it walks folders itself)
  const dirs = [...new Set(scripts.map((p) => p.split('/')[0]!))];
  const ours = [];
  const theirs = [];
  for (let run = 0; run < 3; run += 1) {
    ours.push(await tpoGraph(root, paths));
    theirs.push(cruiserGraph(root, dirs));
  }
  const t = { wall: median(ours.map((o) => o.wall)), cpu: median(ours.map((o) => o.cpu)) };
  const d = { wall: median(theirs.map((o) => o.wall)), cpu: median(theirs.map((o) => o.cpu)) };
  console.log(
    `${path.basename(root)} | ${scripts.length} | ${(t.wall / 1000).toFixed(2)} s | ${(t.cpu / 1000).toFixed(2)} s | ` +
      `${(d.wall / 1000).toFixed(2)} s | ${(d.cpu / 1000).toFixed(2)} s | ${(d.cpu / t.cpu).toFixed(1)}x | ${(d.wall / t.wall).toFixed(1)}x` +
      ` (tpo ${ours[0]!.edges} edges; dependency-cruiser ${theirs[0]!.modules} modules)`,
  );
}
