/**
 * The `tpo` command line: builds the program, runs it, and sorts every error in one place.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_CODES, isTpoError } from '../domain/index.js';
import { registerArchCommands, registerDepsReviewCommand } from './commands/arch-commands.js';
import { registerBacklogCommands } from './commands/backlog-commands.js';
import { registerCadenceCommands } from './commands/cadence-commands.js';
import { registerCodebaseCommands } from './commands/codebase-commands.js';
import { registerDebtCommands } from './commands/debt-commands.js';
import { registerLocateCommands } from './commands/locate-commands.js';
import { registerPlanCommands } from './commands/plan-commands.js';
import { registerReviewCommand } from './commands/review-command.js';
import { registerStartCommand } from './commands/start-command.js';
import { takeExitStatus } from './exit-status.js';
import { readVersion } from './version.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerTokenCommands } from './commands/token-commands.js';
import { registerRepoCommands } from './commands/repo-commands.js';
import { registerWorkerCommand } from './commands/worker-command.js';
import { registerTranslateCommands } from './commands/translate-commands.js';

export function createProgram(): Command {
  const program = new Command('tpo')
    .description(
      "tpo: a technical product owner's judgment from your own repository. Ranks the backlog, reads the code, manages debt, forecasts.",
    )
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Options after a subcommand's name belong to it (`tpo debt add <id> --db x`), not to its parent.
    .enablePositionalOptions();
  registerStartCommand(program);
  registerCodebaseCommands(program);
  registerServeCommand(program);
  registerTokenCommands(program);
  registerArchCommands(program);
  registerDepsReviewCommand(program);
  registerBacklogCommands(program);
  registerDebtCommands(program);
  registerReviewCommand(program);
  registerPlanCommands(program);
  registerCadenceCommands(program);
  registerLocateCommands(program);
  registerRepoCommands(program);
  registerWorkerCommand(program);
  registerTranslateCommands(program);
  return program;
}

/** Runs the CLI; returns the exit status. Known errors print one line; unknown ones print the stack. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return takeExitStatus();
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
    process.stderr.write(
      `tpo: unexpected error, please report it at https://github.com/tpo-dev/tpo/issues with the command you ran:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
