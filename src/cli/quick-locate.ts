/**
 * The quick path of `tpo locate`: a command line of the usual shape (the text, --repo, --db, --limit, --json),
 * answered from the model cached in a SQLite store without loading commander or the other commands. bin/tpo.js
 * tries it first for `tpo locate` (from the bundle `npm run build` makes of this module, else from dist/); anything
 * else, or no cached model, goes to main.ts, which parses with commander and prints the same answer (or the error).
 */
import { locateFromCache } from '../app/locate-answer.js';
import { DEFAULT_LOCATE_LIMIT, printLocateAnswer } from './commands/locate-output.js';
import { staleScanNotice } from './stale-scan-notice.js';
import { readPlainCommandLine } from './plain-command-line.js';

export interface QuickLocateArgs {
  readonly text: string;
  readonly repo?: string;
  readonly db?: string;
  readonly limit: number;
  readonly json: boolean;
}

/** The value options of `tpo locate` the quick path reads; --until, --help and anything unknown go to commander. */
const VALUE_OPTIONS = new Set(['--repo', '--db', '--limit']);
const FLAGS = new Set(['--json']);

/**
 * The arguments of `tpo locate ...` (argv as in process.argv), or null for any command line this path leaves to
 * commander: another command, --help, --until, `--`, an unknown option, a value that looks like an option, a
 * --limit that is not a positive whole number, no text or more than one. Where it answers, it reads what
 * commander would (the last of a repeated option wins; quick-locate.test.ts compares the two).
 */
export function parseQuickLocate(argv: readonly string[]): QuickLocateArgs | null {
  const line = readPlainCommandLine(argv, 'locate', FLAGS, VALUE_OPTIONS);
  if (line?.argument === undefined) return null;
  const { argument: text, values } = line;
  const json = line.flags.has('--json');
  const limitText = values.get('--limit');
  const limit = limitText === undefined ? DEFAULT_LOCATE_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit <= 0) return null;
  const repo = values.get('--repo');
  const db = values.get('--db');
  return { text, limit, json, ...(repo !== undefined ? { repo } : {}), ...(db !== undefined ? { db } : {}) };
}

/**
 * Answers `tpo locate` from the cached model and returns the exit status (0), or null when this path does not
 * answer (the command line is not one it reads, no model is cached, or anything fails: main.ts then runs the
 * command the ordinary way and reports the error as every command does).
 */
export function runQuickLocate(argv: readonly string[]): number | null {
  const args = parseQuickLocate(argv);
  if (!args) return null;
  try {
    let stale: { readonly scanned: string; readonly head: string } | undefined;
    const answer = locateFromCache(args, args.text, { limit: args.limit }, (s) => (stale = s));
    if (!answer) return null;
    printLocateAnswer(answer, args.json);
    if (stale) process.stderr.write(staleScanNotice(stale.scanned, stale.head));
    return 0;
  } catch {
    return null;
  }
}
