/**
 * The quick path of `tpo scan`: a command line of the usual shape (the repository, --repo, --db, --until, --window,
 * --json, --no-progress) run without loading commander and the command modules, so git starts on the history
 * ~40 ms sooner. bin/tpo.js tries it first for `tpo scan` (from the scan bundle, dist/scan/quick-scan.js, else from
 * dist/cli/); anything else goes to main.ts, which reads it with commander and runs the same scan
 * (runScanCommand). Errors are reported as main.ts reports them.
 */
import { scanWorkspace } from '../app/scan-workspace.js';
import { runScanCommand, type ScanCommandOptions } from './commands/scan-run.js';
import { readPlainCommandLine } from './plain-command-line.js';
import { reportError } from './report-error.js';

/** The value options of `tpo scan` this path reads; --help and anything unknown go to commander. */
const VALUE_OPTIONS = new Set(['--repo', '--db', '--until', '--window']);
const FLAGS = new Set(['--json', '--no-progress']);

/**
 * The options of `tpo scan ...` (argv as in process.argv), or null for any command line this path leaves to
 * commander: another command, --help, `--`, an unknown option, a value that looks like an option, a --window that
 * is not a positive whole number, more than one repository. Where it answers, it reads what commander would (the
 * repository argument before --repo, the last of a repeated option; quick-scan.test.ts compares the two).
 */
export function parseQuickScan(argv: readonly string[]): ScanCommandOptions | null {
  const line = readPlainCommandLine(argv, 'scan', FLAGS, VALUE_OPTIONS);
  if (line === null) return null;
  const { argument: repoArg, values } = line;
  const json = line.flags.has('--json');
  const progress = !line.flags.has('--no-progress');
  const windowText = values.get('--window');
  const window = windowText === undefined ? undefined : Number(windowText);
  if (window !== undefined && !(Number.isInteger(window) && window > 0 && /^\d+$/.test(windowText!)))
    return null;
  const repo = repoArg ?? values.get('--repo');
  const db = values.get('--db');
  const until = values.get('--until');
  return {
    ...(repo !== undefined ? { repo } : {}),
    ...(db !== undefined ? { db } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(window !== undefined ? { window } : {}),
    ...(json ? { json } : {}),
    ...(progress ? {} : { progress }),
  };
}

/**
 * Runs `tpo scan` for a command line parseQuickScan reads and returns the exit status, or null when it does not
 * read it (main.ts then runs the command the ordinary way).
 */
export async function runQuickScan(argv: readonly string[]): Promise<number | null> {
  const options = parseQuickScan(argv);
  if (!options) return null;
  try {
    await runScanCommand(scanWorkspace, options);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
