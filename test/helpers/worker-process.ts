/**
 * Starts the real `tpo worker` as a child process with --json, and collects the events it prints (one JSON object
 * a line): what the team-scale tests and bench/workers.ts watch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './run-cli.js';

export interface WorkerEventLine {
  readonly kind: string;
  readonly job?: { readonly id: string; readonly repo: string; readonly attempts: number };
  /** Unix ms when the test saw it. */
  readonly at: number;
}

export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly events: WorkerEventLine[];
  /** Everything printed on stderr. */
  log(): string;
  /** Resolves with the first event that satisfies `test` (already seen or to come). */
  waitFor(test: (event: WorkerEventLine) => boolean, timeoutMs?: number): Promise<WorkerEventLine>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startWorker(
  name: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): WorkerProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--json', '--name', name, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: WorkerEventLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim() === '') continue;
      events.push({ ...(JSON.parse(line) as Omit<WorkerEventLine, 'at'>), at: Date.now() });
      for (const wake of [...waiters]) wake();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    name,
    child,
    events,
    log: () => stderr,
    waitFor(test, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find(test);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`worker ${name} did not report the event in time:\n${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
