/**
 * Reading a plain command line for a quick path (quick-locate.ts, quick-scan.ts): one command, at most one argument,
 * known flags and known value options, nothing else. Anything commander could read differently gives null, so the
 * command line goes to commander.
 */
export interface PlainCommandLine {
  readonly argument?: string;
  readonly flags: ReadonlySet<string>;
  /** The last value of each value option given (`--name value` or `--name=value`), as commander keeps. */
  readonly values: ReadonlyMap<string, string>;
}

/**
 * The command line `argv` (as in process.argv) of `command`, or null: another command, more than one argument, an
 * option not in `flags` or `valueOptions` (--help, `--`, a flag given a value), a value option without a value or
 * with one that looks like an option.
 */
export function readPlainCommandLine(
  argv: readonly string[],
  command: string,
  flags: ReadonlySet<string>,
  valueOptions: ReadonlySet<string>,
): PlainCommandLine | null {
  if (argv[2] !== command) return null;
  let argument: string | undefined;
  const given = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 3; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) {
      if (argument !== undefined) return null;
      argument = arg;
    } else if (flags.has(arg)) given.add(arg);
    else {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      if (!valueOptions.has(name)) return null;
      const value = eq === -1 ? argv[(i += 1)] : arg.slice(eq + 1);
      if (value === undefined || value.startsWith('-')) return null;
      values.set(name, value);
    }
  }
  return { ...(argument !== undefined ? { argument } : {}), flags: given, values };
}
