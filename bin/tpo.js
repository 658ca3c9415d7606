#!/usr/bin/env node
// The thin entry of the `tpo` command: everything lives in dist/ (built from src/ by `npm run build`).
// `tpo locate` and `tpo scan` first try their quick paths (src/cli/quick-locate.ts, src/cli/quick-scan.ts): from the
// bundles the build makes of them (dist/quick-locate.js, dist/scan/quick-scan.js), unless missing or older than the
// module they were made from (a `tsc`-only build), else from dist/cli/. They run a plain command line without
// loading commander or the other commands; for any other command line, main() runs the command the ordinary way.
import { statSync } from 'node:fs';
import v8 from 'node:v8';

// V8 optimises a function after it has used up its interrupt budget (67,584 units of executed bytecode by default)
// a few times; a command that runs for a second or two spends much of its CPU on background compilation of code it
// then barely uses. Six times the budget: `tpo scan` of fastify used 10 % less CPU and 8 % less time, vite 2-4 %
// less CPU (measured interleaved with the default; 1,000,000 did no better).
v8.setFlagsFromString('--interrupt-budget=400000');

/** @param {URL} url */
const modifiedAt = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;

/**
 * A quick path's module: its bundle when that is at least as new as the module it was made from, else the module.
 * @param {string} bundle path of the bundle under dist/
 * @param {string} module path of the module under dist/
 */
function pickModule(bundle, module) {
  const bundled = new URL(`../dist/${bundle}`, import.meta.url);
  const plain = new URL(`../dist/${module}`, import.meta.url);
  return modifiedAt(bundled) >= modifiedAt(plain) ? bundled.href : plain.href;
}

/** @returns {Promise<typeof import('../dist/cli/quick-locate.js')>} */
function loadQuickLocate() {
  return import(pickModule('quick-locate.js', 'cli/quick-locate.js'));
}

/** @returns {Promise<typeof import('../dist/cli/quick-scan.js')>} */
function loadQuickScan() {
  return import(pickModule('scan/quick-scan.js', 'cli/quick-scan.js'));
}

const command = process.argv[2];
let status =
  command === 'locate'
    ? (await loadQuickLocate()).runQuickLocate(process.argv)
    : command === 'scan'
      ? await (await loadQuickScan()).runQuickScan(process.argv)
      : null;
if (status === null) status = await (await import('../dist/cli/main.js')).main(process.argv);
process.exitCode = status;
