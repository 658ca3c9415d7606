/**
 * The `tpo` command line: builds the program, runs it, and sorts every error in one place.
 */
import { Command, CommanderError } from 'commander';
import { takeExitStatus } from './exit-status.js';
import { reportError } from './report-error.js';
import { readVersion } from './version.js';

type Register = (program: Command) => void;

/**
 * The command modules, in the order `tpo --help` lists them, each with the top-level commands it registers
 * (main.test.ts checks the names). A command's module is loaded only when it runs, so `tpo locate` does not pay
 * for the server, the parsers and every use case at start-up.
 */
export const COMMAND_GROUPS: readonly { readonly names: readonly string[]; load(): Promise<Register> }[] = [
  { names: ['start'], load: async () => (await import('./commands/start-command.js')).registerStartCommand },
  {
    names: ['scan', 'summary', 'hotspots', 'coupling', 'deps', 'owners'],
    load: async () => (await import('./commands/codebase-commands.js')).registerCodebaseCommands,
  },
  { names: ['serve'], load: async () => (await import('./commands/serve-command.js')).registerServeCommand },
  {
    names: ['token'],
    load: async () => (await import('./commands/token-commands.js')).registerTokenCommands,
  },
  { names: ['arch'], load: async () => (await import('./commands/arch-commands.js')).registerArchCommands },
  {
    names: ['deps-review'],
    load: async () => (await import('./commands/arch-commands.js')).registerDepsReviewCommand,
  },
  {
    names: ['add', 'edit', 'show', 'list', 'move', 'block', 'rm', 'rank', 'import', 'export'],
    load: async () => (await import('./commands/backlog-commands.js')).registerBacklogCommands,
  },
  {
    names: ['debt', 'health', 'tradeoff'],
    load: async () => (await import('./commands/debt-commands.js')).registerDebtCommands,
  },
  {
    names: ['review'],
    load: async () => (await import('./commands/review-command.js')).registerReviewCommand,
  },
  {
    names: ['plan', 'forecast'],
    load: async () => (await import('./commands/plan-commands.js')).registerPlanCommands,
  },
  {
    names: ['cadence', 'wip', 'sprint', 'flow'],
    load: async () => (await import('./commands/cadence-commands.js')).registerCadenceCommands,
  },
  {
    names: ['locate', 'eval'],
    load: async () => (await import('./commands/locate-commands.js')).registerLocateCommands,
  },
  { names: ['repo'], load: async () => (await import('./commands/repo-commands.js')).registerRepoCommands },
  {
    names: ['worker'],
    load: async () => (await import('./commands/worker-command.js')).registerWorkerCommand,
  },
  {
    names: ['report', 'assess', 'breakdown', 'explain'],
    load: async () => (await import('./commands/translate-commands.js')).registerTranslateCommands,
  },
];

/**
 * The program. Given the command line, only the module of the command it names is loaded (none for --version);
 * without one (`tpo --help`, a mistyped command) every command is, so help and suggestions list them all.
 */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('tpo')
    .description(
      "tpo: a technical product owner's judgment from your own repository. Ranks the backlog, reads the code, manages debt, forecasts.",
    )
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Options after a subcommand's name belong to it (`tpo debt add <id> --db x`), not to its parent.
    .enablePositionalOptions();
  const first = argv[2];
  const named = COMMAND_GROUPS.find((g) => first !== undefined && g.names.includes(first));
  const groups = named ? [named] : first === '-V' || first === '--version' ? [] : COMMAND_GROUPS;
  const registers = await Promise.all(groups.map((g) => g.load()));
  for (const register of registers) register(program);
  return program;
}

/** Runs the CLI; returns the exit status. Known errors print one line; unknown ones print the stack. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await createProgram(argv);
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
    return reportError(error);
  }
}
