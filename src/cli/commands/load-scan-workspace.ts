/**
 * Where `tpo scan` loads its use case from: the bundle `npm run build` makes of it (dist/scan/, scripts/bundle.js),
 * a few files instead of the ~400 modules the scan and Kysely are made of (about 0.17 s less to load), else the
 * modules themselves (no esbuild, a `tsc`-only build newer than the bundle, or the TypeScript sources under test).
 */
import { statSync } from 'node:fs';
import type * as ScanWorkspaceModule from '../../app/scan-workspace.js';

/** Modification time of a file, or -1 when it does not exist. */
function modifiedAt(url: URL): number {
  return statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

/** The scan-workspace module, from the bundle when it is at least as new as the module it was made from. */
export async function loadScanWorkspace(): Promise<typeof ScanWorkspaceModule> {
  const bundle = new URL('../../scan/scan-workspace.js', import.meta.url);
  const built = modifiedAt(bundle);
  if (built > 0 && built >= modifiedAt(new URL('../../app/scan-workspace.js', import.meta.url)))
    return (await import(bundle.href)) as typeof ScanWorkspaceModule;
  return import('../../app/scan-workspace.js');
}
