import { describe, expect, it } from 'vitest';
import { createProgram } from './main.js';
import { parseQuickLocate } from './quick-locate.js';

/** What commander gives the locate command's action for a command line, or null when it refuses it. */
async function parseWithCommander(argv: string[]): Promise<Record<string, unknown> | null> {
  const program = await createProgram(argv);
  program.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  const locate = program.commands.find((c) => c.name() === 'locate')!;
  let seen: Record<string, unknown> | null = null;
  locate
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .exitOverride()
    .action((text: string, options: Record<string, unknown>) => {
      seen = { text, ...options };
    });
  try {
    await program.parseAsync(argv);
  } catch {
    return null;
  }
  return seen;
}

describe('the quick path of tpo locate', () => {
  const lines = [
    ['fix the router'],
    ['fix the router', '--json'],
    ['--json', 'fix the router', '--limit', '5'],
    ['fix the router', '--limit=7', '--repo', '/work/app', '--db=/tmp/x.db'],
    ['--repo', 'a', '--repo', 'b', 'text', '--limit', '3', '--limit', '4'],
    ['text', '--db', ''],
    ['--until', 'HEAD~1', 'text'],
    ['text', '--limit', '0'],
    ['text', '--limit', '2.5'],
    ['text', '--limit'],
    ['text', '--repo', '--json'],
    ['text', '--help'],
    ['text', '-h'],
    ['text', '--json=yes'],
    ['text', '--verbose'],
    ['one', 'two'],
    ['--', 'text'],
    ['-', 'text'],
    [],
    ['--json'],
  ];

  it('reads a command line as commander does, or leaves it to commander', async () => {
    let read = 0;
    for (const line of lines) {
      const argv = ['node', 'tpo', 'locate', ...line];
      const quick = parseQuickLocate(argv);
      if (quick === null) continue;
      read += 1;
      const { text, limit, json, ...rest } = quick;
      expect({ line, parsed: await parseWithCommander(argv) }).toEqual({
        line,
        parsed: { text, limit, ...(json ? { json } : {}), ...rest },
      });
    }
    expect(read).toBe(6);
  });

  it('leaves every other command to commander', () => {
    expect(parseQuickLocate(['node', 'tpo', 'eval', 'text'])).toBeNull();
    expect(parseQuickLocate(['node', 'tpo', '--json', 'locate', 'text'])).toBeNull();
  });
});
