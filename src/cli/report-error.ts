/**
 * How the CLI reports a failed command: a TpoError in one line with its exit status, anything else with its stack
 * and a request to report it. Shared by main.ts and the quick paths that run a command without commander.
 */
import { EXIT_CODES, isTpoError } from '../domain/index.js';

/** Writes the error to stderr and returns the exit status for it. */
export function reportError(error: unknown): number {
  if (isTpoError(error)) {
    process.stderr.write(`tpo: ${error.message}\n`);
    return EXIT_CODES[error.code];
  }
  process.stderr.write(
    `tpo: unexpected error, please report it at https://github.com/tpo-dev/tpo/issues with the command you ran:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
