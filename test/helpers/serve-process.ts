/**
 * Starts the real `tpo serve` as a child process (as `npm start` does) and waits for the address it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './run-cli.js';

export interface ServeProcess {
  /** The dashboard's address, such as http://127.0.0.1:41234/ */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<number | null>;
}

export async function startServe(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>>; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tpo serve printed no address:\n${text}`)),
      options.timeoutMs ?? 60_000,
    );
    const check = (): void => {
      const m = /dashboard of .* at (http:\/\/\S+\/)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tpo serve exited ${code}:\n${text}`));
    });
  });
  return {
    url,
    child,
    output: () => text,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
