/**
 * Running `tpo scan` once its command line is read, by commander (codebase-commands.ts) or by the quick path
 * (quick-scan.ts): no commander here, so the quick path does not load it.
 */
import type { ScanSummary } from '../../app/index.js';
import type { scanWorkspace as ScanWorkspace } from '../../app/scan-workspace.js';
import { createProgressReporter } from '../progress.js';
import { formatDuration, formatNumber, printJson } from '../render.js';

export interface ScanCommandOptions {
  readonly repo?: string;
  readonly db?: string;
  readonly json?: boolean;
  readonly until?: string;
  readonly window?: number;
  readonly progress?: boolean;
}

export function printScanSummary(s: ScanSummary): void {
  const lines = [
    `Scanned ${s.repo} at ${s.headCommit?.slice(0, 12) ?? '(no commits)'} (${s.kind} scan, ${formatDuration(s.durationMs)})`,
    `  history     ${formatNumber(s.commits)} commits, ${formatNumber(s.changeSets)} change sets (${formatNumber(s.newCommits)} read now)`,
    `  files       ${formatNumber(s.files)} tracked, ${formatNumber(s.measuredFiles)} measured, ${formatNumber(s.excludedFiles)} excluded${
      s.excludedFiles > 0
        ? ` (${Object.entries(s.excludedByReason)
            .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
            .map(([reason, n]) => `${formatNumber(n ?? 0)} ${reason}`)
            .join(', ')})`
        : ''
    }`,
    `  imports     ${formatNumber(s.imports)} resolved, ${formatNumber(s.unresolvedImports)} unresolved, ${formatNumber(s.externalImports)} to external packages`,
    `  coupling    ${formatNumber(s.couplings)} coupled pairs above the thresholds`,
    `  store       ${s.store}`,
  ];
  for (const notice of s.notices) lines.push(`  notice: ${notice}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Scans with `scan` (the use case, from wherever the caller loaded it), reporting progress, and prints the summary. */
export async function runScanCommand(scan: typeof ScanWorkspace, options: ScanCommandOptions): Promise<void> {
  const progress = createProgressReporter(options.progress !== false && !options.json);
  try {
    const summary = await scan(
      { ...(options.repo ? { repo: options.repo } : {}), ...(options.db ? { db: options.db } : {}) },
      {
        ...(options.until ? { until: options.until } : {}),
        ...(options.window ? { windowDays: options.window } : {}),
        onProgress: (p) => progress.update(p),
      },
    );
    progress.stop();
    if (options.json) printJson(summary);
    else printScanSummary(summary);
  } finally {
    progress.stop();
  }
}
