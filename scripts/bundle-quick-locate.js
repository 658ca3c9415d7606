// Makes dist/quick-locate.js: the quick path of `tpo locate` (dist/cli/quick-locate.js and the ~25 modules it
// imports) as one file, so a `tpo locate` process reads and compiles one module instead of resolving and loading
// each. Run by `npm run build` after tsc; bin/tpo.js uses the bundle when it is at least as new as
// dist/cli/quick-locate.js, and dist/ otherwise (so without esbuild everything still works, a little slower).
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = path.join(root, 'dist', 'cli', 'quick-locate.js');
const outfile = path.join(root, 'dist', 'quick-locate.js');

let esbuild;
try {
  // esbuild comes with the dev tools (tsx, vite); a build without it keeps dist/ alone.
  esbuild = await import('esbuild');
} catch {
  rmSync(outfile, { force: true });
  process.stderr.write(
    'esbuild is not installed: dist/quick-locate.js not made (tpo locate loads dist/cli/)\n',
  );
  process.exit(0);
}
if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc first`);
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Packages stay imports (better-sqlite3 loads its native addon from its own folder); our modules are inlined.
  packages: 'external',
  logLevel: 'warning',
});
