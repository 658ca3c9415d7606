/**
 * The command-line scan: git starts on the history before the store's code loads (start-history.ts), then the
 * workspace opens and the scan reads what git has produced. Only git's side is imported up front.
 */
import type { ScanOptions, ScanSummary } from './scan.js';
import { startFirstScanHistory } from './start-history.js';

/**
 * Scans the repository at `where` into its store (opened and closed here), starting git on the history before the
 * store's code loads when the scan can only be a full one (startFirstScanHistory): the command-line `tpo scan`.
 * @example
 * const summary = await scanWorkspace({ repo: '.' }, { onProgress: (p) => bar.update(p) });
 */
export async function scanWorkspace(
  where: { readonly repo?: string; readonly db?: string },
  options: Omit<ScanOptions, 'startedHistory'> = {},
): Promise<ScanSummary> {
  // Git is started on the history (its processes running; `git rev-list`'s list comes when it comes) before the
  // store's code loads: loading it blocks the event loop in stretches, which would otherwise hold back git's start.
  const startedHistory = await startFirstScanHistory({
    ...where,
    ...(options.until ? { until: options.until } : {}),
  });
  try {
    const [{ openWorkspace }, { scanRepository }] = await Promise.all([
      import('./open-workspace.js'),
      import('./scan.js'),
    ]);
    const ws = await openWorkspace(where);
    try {
      return await scanRepository(ws.repo, ws.store, {
        ...options,
        ...(startedHistory ? { startedHistory } : {}),
      });
    } finally {
      await ws.close();
    }
  } finally {
    startedHistory?.stop();
  }
}
