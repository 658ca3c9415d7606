import { describe, expect, it } from 'vitest';
import { computeRenameAliases } from './follow-renames.js';

describe('computeRenameAliases', () => {
  it('follows a chain of renames to the current path', () => {
    const alias = computeRenameAliases([
      { from: 'a.ts', to: 'b.ts', time: 1 },
      { from: 'b.ts', to: 'src/c.ts', time: 2 },
    ]);
    expect(alias.get('a.ts')).toBe('src/c.ts');
    expect(alias.get('b.ts')).toBe('src/c.ts');
    expect(alias.get('src/c.ts')).toBeUndefined();
  });
});
