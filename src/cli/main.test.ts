import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_GROUPS, createProgram } from './main.js';

describe('the command line', () => {
  it('knows which module registers each top-level command', async () => {
    for (const group of COMMAND_GROUPS) {
      const program = new Command('tpo');
      (await group.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(group.names);
    }
  });

  it('loads only the named command, and every command when none is named', async () => {
    const locate = await createProgram(['node', 'tpo', 'locate', 'export to CSV']);
    expect(locate.commands.map((c) => c.name())).toEqual(['locate', 'eval']);
    const all = await createProgram(['node', 'tpo', '--help']);
    expect(all.commands.map((c) => c.name())).toEqual(COMMAND_GROUPS.flatMap((g) => g.names));
    expect((await createProgram(['node', 'tpo', 'locat'])).commands).toHaveLength(all.commands.length);
  });
});
