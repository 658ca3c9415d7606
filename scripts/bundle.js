// Makes one-file (or few-file) bundles of the command paths where loading many modules is a large share of the
// work, so a process reads and compiles a handful of files instead of resolving and loading hundreds. Run by
// `npm run build` after tsc; without esbuild the build skips them and everything loads from dist/ (a little slower).
//
//  - dist/quick-locate.js: the quick path of `tpo locate` (dist/cli/quick-locate.js and the ~25 modules it
//    imports); packages stay imports. bin/tpo.js uses it when it is at least as new as dist/cli/quick-locate.js.
//  - dist/scan/: the quick path of `tpo scan` (dist/cli/quick-scan.js) with its use case (the store, the scan, and
//    Kysely, whose ~280 modules took about 120 ms to load), and the file-measuring worker as a second entry, split
//    into shared chunks (the worker is found next to the module that starts it). Packages with native parts or
//    files of their own (better-sqlite3, oxc-parser, tree-sitter ...) stay imports. bin/tpo.js uses it when it is
//    at least as new as dist/cli/quick-scan.js.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const quickLocate = path.join(dist, 'quick-locate.js');
const scanDir = path.join(dist, 'scan');

let esbuild;
try {
  // esbuild comes with the dev tools (tsx, vite); a build without it keeps dist/ alone.
  esbuild = await import('esbuild');
} catch {
  rmSync(quickLocate, { force: true });
  rmSync(scanDir, { recursive: true, force: true });
  process.stderr.write('esbuild is not installed: bundles not made (tpo locate and tpo scan load dist/)\n');
  process.exit(0);
}
for (const entry of ['cli/quick-locate.js', 'cli/quick-scan.js', 'app/measure-blobs-worker.js'])
  if (!existsSync(path.join(dist, entry))) throw new Error(`dist/${entry} is missing: run tsc first`);

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' };

await esbuild.build({
  ...common,
  entryPoints: [path.join(dist, 'cli', 'quick-locate.js')],
  outfile: quickLocate,
  // Packages stay imports (better-sqlite3 loads its native addon from its own folder); our modules are inlined.
  packages: 'external',
});

/**
 * The package's runtime dependencies, by name.
 * @returns {string[]}
 */
function listDependencies() {
  /** @type {{ dependencies?: Record<string, string> }} */
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')); // eslint-disable-line @typescript-eslint/no-unsafe-assignment -- our own package.json, typed above
  return Object.keys(pkg.dependencies ?? {});
}
/** Packages bundled into the scan: plain JavaScript that finds no file of its own at run time. */
const INLINED = new Set(['kysely']);
rmSync(scanDir, { recursive: true, force: true });
await esbuild.build({
  ...common,
  entryPoints: {
    'measure-blobs-worker': path.join(dist, 'app', 'measure-blobs-worker.js'),
    'quick-scan': path.join(dist, 'cli', 'quick-scan.js'),
  },
  outdir: scanDir,
  splitting: true,
  external: listDependencies()
    .filter((name) => !INLINED.has(name))
    .flatMap((name) => [name, `${name}/*`]),
});
