import { describe, expect, it } from 'vitest';
import { parseDiff } from './mine-history.js';

describe('parseDiff', () => {
  it('pairs raw entries with their line counts, renames included', () => {
    const text =
      '\n:100644 100644 aaa bbb R066\0x y.txt\0z.txt\0:000000 100644 000 ccc A\0new.ts\0' +
      '1\t0\t\0x y.txt\0z.txt\0' +
      '5\t0\tnew.ts\0';
    expect(parseDiff(text)).toEqual([
      { path: 'z.txt', oldPath: 'x y.txt', status: 'R', added: 1, deleted: 0 },
      { path: 'new.ts', oldPath: null, status: 'A', added: 5, deleted: 0 },
    ]);
  });

  it('gives null line counts for binary files and drops submodules', () => {
    const text =
      ':000000 100644 000 ddd A\0logo.png\0:000000 160000 000 eee A\0vendor/lib\0-\t-\tlogo.png\0' +
      '1\t0\tvendor/lib\0';
    expect(parseDiff(text)).toEqual([
      { path: 'logo.png', oldPath: null, status: 'A', added: null, deleted: null },
    ]);
  });
});
