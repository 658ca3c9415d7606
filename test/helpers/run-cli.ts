/**
 * Runs the built `tpo` command as a user would (node bin/tpo.js), capturing stdout, stderr and the exit status.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const BIN = path.resolve('bin/tpo.js');

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>>; input?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    input: options.input ?? '',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function runCliJson<T = unknown>(
  args: readonly string[],
  options: Parameters<typeof runCli>[1] = {},
): T {
  const result = runCli([...args, '--json'], options);
  if (result.status !== 0) throw new Error(`tpo ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
