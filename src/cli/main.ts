/**
 * The `tpo` command line: builds the program, runs it, and sorts every error in one place.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, isTpoError } from '../domain/index.js';
import { registerArchCommands, registerDepsReviewCommand } from './commands/arch-commands.js';
import { registerCodebaseCommands } from './commands/codebase-commands.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerStartCommand } from './commands/start-command.js';
import { registerTokenCommands } from './commands/token-commands.js';

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function createProgram(): Command {
  const program = new Command('tpo')
    .description(
      "tpo: a technical product owner's judgment from your own repository. Ranks the backlog, reads the code, manages debt, forecasts.",
    )
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerStartCommand(program);
  registerCodebaseCommands(program);
  registerServeCommand(program);
  registerTokenCommands(program);
  registerArchCommands(program);
  registerDepsReviewCommand(program);
  return program;
}

/** Runs the CLI; returns the exit status. Known errors print one line; unknown ones print the stack. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      return 2;
    }
    if (isTpoError(error)) {
      process.stderr.write(`tpo: ${error.message}\n`);
      return EXIT_CODES[error.code];
    }
    if (
      error instanceof Error &&
      /must be (a positive whole number|a whole number from)/.test(error.message)
    ) {
      process.stderr.write(`tpo: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `tpo: unexpected error, please report it at https://github.com/tpo-dev/tpo/issues with the command you ran:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
