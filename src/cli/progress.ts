/**
 * Progress of long work on stderr: a bar on a terminal, plain lines otherwise (CI logs, pipes).
 */
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';
import type { FitProgress, ScanProgress } from '../app/index.js';

/** The long work a command reports: a scan's phases, or fitting the localization model. */
export type Progress = ScanProgress | FitProgress;

/**
 * cli-progress, loaded when a bar is drawn (a terminal): it takes ~25 ms to load, which a scan into a pipe or with
 * --json would otherwise spend before git starts.
 */
function loadCliProgress(): typeof CliProgress {
  return createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
}

const LABELS: Record<Progress['phase'], string> = {
  history: 'reading history',
  files: 'measuring files',
  saving: 'saving',
  fitting: 'fitting model',
};

export interface ProgressReporter {
  update(progress: Progress): void;
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

/**
 * Progress of the work a reading command does before it answers (a scan `--until` needs, fitting the model): none
 * for work that ends within `quietMs` when stderr is not a terminal (a log or a test wants no lines for a quick
 * answer), a bar or lines after that; each piece of work's bar is taken down when it ends, before the answer prints.
 * @example
 * const progress = createReadingProgress({ isTerminal: process.stderr.isTTY === true });
 * progress.update({ phase: 'fitting', done: 400, total: 9168 });
 */
export function createReadingProgress(options: {
  readonly isTerminal: boolean;
  readonly quietMs?: number;
  readonly now?: () => number;
  readonly createReporter?: () => ProgressReporter;
}): ProgressReporter {
  const now = options.now ?? Date.now;
  const quietMs = options.quietMs ?? 2000;
  const create = options.createReporter ?? (() => createProgressReporter(true));
  const started = now();
  let reporter: ProgressReporter | null = null;
  return {
    update(p) {
      if (!reporter) {
        if (!options.isTerminal && now() - started < quietMs) return;
        reporter = create();
      }
      reporter.update(p);
      // The last phase of a scan, or the fit: done, so the bar goes before anything else is printed.
      if ((p.phase === 'saving' || p.phase === 'fitting') && p.total !== null && p.done >= p.total) {
        reporter.stop();
        reporter = null;
      }
    },
    stop() {
      reporter?.stop();
      reporter = null;
    },
  };
}
