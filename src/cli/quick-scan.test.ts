import { describe, expect, it } from 'vitest';
import { createProgram } from './main.js';
import { parseQuickScan } from './quick-scan.js';

/** What commander gives the scan command's action for a command line (as runScanCommand reads it), or null. */
async function parseWithCommander(argv: string[]): Promise<Record<string, unknown> | null> {
  const program = await createProgram(argv);
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  const scan = program.commands.find((c) => c.name() === 'scan')!;
  let seen: Record<string, unknown> | null = null;
  scan
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .exitOverride()
    .action((repoArg: string | undefined, options: Record<string, unknown>) => {
      const { progress, ...rest } = options;
      // As the scan command's action: the repository argument before --repo; progress is on unless turned off.
      seen = { ...rest, ...(repoArg ? { repo: repoArg } : {}), ...(progress === false ? { progress } : {}) };
    });
  try {
    await program.parseAsync(argv);
  } catch {
    return null;
  }
  return seen;
}

describe('the quick path of tpo scan', () => {
  const lines = [
    [],
    ['--json'],
    ['/work/app'],
    ['/work/app', '--json', '--no-progress'],
    ['--repo', '/work/app', '--db', '/tmp/x.db'],
    ['--repo=/a', 'b', '--db=postgres://u@h/db'],
    ['--until', 'HEAD~3', '--window', '90', '--json'],
    ['--window=30', '--until=v1.0', '--repo', 'a', '--repo', 'b'],
    ['--window', '0'],
    ['--window', '2.5'],
    ['--window', 'ten'],
    ['--window'],
    ['--db', '--json'],
    ['--help'],
    ['-h'],
    ['--progress'],
    ['--json=yes'],
    ['--verbose'],
    ['one', 'two'],
    ['--', 'repo'],
  ];

  it('reads a command line as commander does, or leaves it to commander', async () => {
    let read = 0;
    for (const line of lines) {
      const argv = ['node', 'tpo', 'scan', ...line];
      const quick = parseQuickScan(argv);
      if (quick === null) continue;
      read += 1;
      expect({ line, parsed: await parseWithCommander(argv) }).toEqual({ line, parsed: quick });
    }
    expect(read).toBe(8);
  });

  it('leaves every other command to commander', () => {
    expect(parseQuickScan(['node', 'tpo', 'summary'])).toBeNull();
    expect(parseQuickScan(['node', 'tpo', '--json', 'scan'])).toBeNull();
  });
});
