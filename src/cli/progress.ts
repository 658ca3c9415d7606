/**
 * Progress of long work on stderr: a bar on a terminal, plain lines otherwise (CI logs, pipes).
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { ScanProgress } from '../app/index.js';

/**
 * cli-progress, loaded when a bar is drawn (a terminal): it takes ~25 ms to load, which a scan into a pipe or with
 * --json would otherwise spend before git starts.
 */
function loadCliProgress(): typeof CliProgress {
  return createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
}

const LABELS: Record<ScanProgress['phase'], string> = {
  history: 'reading history',
  files: 'measuring files',
  saving: 'saving',
};

export interface ProgressReporter {
  update(progress: ScanProgress): void;
  stop(): void;
}

export function createProgressReporter(enabled: boolean): ProgressReporter {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const cliProgress = loadCliProgress();
    const bar = new cliProgress.SingleBar(
      {
        format: '{phase} [{bar}] {value}/{total}',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let phase: string | null = null;
    return {
      update(p) {
        if (p.phase !== phase) {
          if (phase !== null) bar.stop();
          phase = p.phase;
          bar.start(p.total ?? p.done, p.done, { phase: LABELS[p.phase].padEnd(16) });
        }
        if (p.total !== null) bar.setTotal(Math.max(p.total, p.done));
        bar.update(p.done, { phase: LABELS[p.phase].padEnd(16) });
      },
      stop() {
        if (phase !== null) bar.stop();
      },
    };
  }
  let lastLine = 0;
  let lastPhase: string | null = null;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase === lastPhase && now - lastLine < 2000 && p.done !== p.total) return;
      lastLine = now;
      lastPhase = p.phase;
      process.stderr.write(`tpo: ${LABELS[p.phase]}: ${p.done}${p.total !== null ? `/${p.total}` : ''}\n`);
    },
    stop: () => undefined,
  };
}
