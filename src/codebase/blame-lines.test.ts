import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../../test/helpers/git-repo.js';
import { blameManyFiles } from './blame-lines.js';

describe('blameManyFiles', () => {
  let repo: TestRepo;
  let first: string;
  let second: string;
  beforeAll(() => {
    repo = createTestRepo();
    first = repo.commit({
      message: 'one',
      author: 'Ann <ann@example.com>',
      date: '2024-01-01T00:00:00Z',
      files: { 'a.ts': 'x();\n// TODO: one\n' },
    });
    second = repo.commit({
      message: 'two',
      author: 'Bob <bob@example.com>',
      date: '2024-02-01T00:00:00Z',
      // Re-indenting the old marker does not move its origin (-w); the new marker is Bob's.
      files: { 'a.ts': 'x();\n    // TODO: one\n// FIXME: two\n' },
    });
  });
  afterAll(() => repo.remove());

  it('finds the commit, author and time that introduced each line asked for', async () => {
    const [result] = await blameManyFiles(`${repo.dir}/.git`, second, [{ path: 'a.ts', lines: [3, 2] }]);
    expect(result!.origins).toEqual([
      { line: 2, commit: first, author: 'Ann', authorTime: Date.UTC(2024, 0, 1) / 1000 },
      { line: 3, commit: second, author: 'Bob', authorTime: Date.UTC(2024, 1, 1) / 1000 },
    ]);
  });

  it('answers the other files when one cannot be blamed', async () => {
    const results = await blameManyFiles(`${repo.dir}/.git`, second, [
      { path: 'gone.ts', lines: [1] },
      { path: 'a.ts', lines: [1] },
    ]);
    expect(results[0]).toMatchObject({ path: 'gone.ts', origins: [] });
    expect(results[0]!.error).toMatch(/git blame failed/);
    expect(results[1]!.origins).toHaveLength(1);
  });
});
