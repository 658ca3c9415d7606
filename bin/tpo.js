#!/usr/bin/env node
// The thin entry of the `tpo` command: everything lives in dist/ (built from src/ by `npm run build`).
// `tpo locate` first tries the quick path (src/cli/quick-locate.ts): from dist/quick-locate.js, the one-file bundle
// the build makes of it, unless that is missing or older than the module it was made from (a `tsc`-only build),
// else from dist/cli/. It answers from the model cached in a SQLite store without loading commander or the other
// commands; when it does not answer, main() runs the command the ordinary way.
import { statSync } from 'node:fs';
import v8 from 'node:v8';

// V8 optimises a function after it has used up its interrupt budget (67,584 units of executed bytecode by default)
// a few times; a command that runs for a second or two spends much of its CPU on background compilation of code it
// then barely uses. Six times the budget: `tpo scan` of fastify used 10 % less CPU and 8 % less time, vite 2-4 %
// less CPU (measured interleaved with the default; 1,000,000 did no better).
v8.setFlagsFromString('--interrupt-budget=400000');

/** @returns {Promise<typeof import('../dist/cli/quick-locate.js')>} */
function loadQuickLocate() {
  const bundle = new URL('../dist/quick-locate.js', import.meta.url);
  const module = new URL('../dist/cli/quick-locate.js', import.meta.url);
  /** @param {URL} url */
  const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  return /** @type {Promise<typeof import('../dist/cli/quick-locate.js')>} */ (
    import(mtime(bundle) >= mtime(module) ? bundle.href : module.href)
  );
}

let status = process.argv[2] === 'locate' ? (await loadQuickLocate()).runQuickLocate(process.argv) : null;
if (status === null) status = await (await import('../dist/cli/main.js')).main(process.argv);
process.exitCode = status;
