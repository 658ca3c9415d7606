import { describe, expect, it } from 'vitest';
import type { PathAuthorHistory } from '../domain/index.js';
import { computeFileHistories } from './compute-file-stats.js';

function row(path: string, authorName: string, authorEmail: string, added: number): PathAuthorHistory {
  return {
    path,
    authorName,
    authorEmail,
    commits: 1,
    added,
    deleted: 0,
    firstTime: 100,
    lastTime: 200,
    windowCommits: 1,
    windowChurn: added,
  };
}

describe('computeFileHistories', () => {
  it("adds up one person's spellings and follows renames onto the current path", () => {
    const histories = computeFileHistories(
      [
        row('old/a.ts', 'Carol Chen', 'carol@corp.io', 30),
        row('src/a.ts', 'cchen', 'carol@corp.io', 30),
        row('src/a.ts', 'Dan', 'dan@corp.io', 40),
        row('gone.ts', 'Dan', 'dan@corp.io', 5),
      ],
      new Map([['old/a.ts', 'src/a.ts']]),
      new Set(['src/a.ts']),
      new Map([
        ['cchen', 'Carol Chen'],
        ['Carol Chen', 'Carol Chen'],
        ['Dan', 'Dan'],
      ]),
    );
    expect([...histories.keys()]).toEqual(['src/a.ts']);
    const a = histories.get('src/a.ts')!;
    expect(a.authors.map((x) => [x.name, x.added])).toEqual([
      ['Carol Chen', 60],
      ['Dan', 40],
    ]);
    expect(a).toMatchObject({ mainAuthor: 'Carol Chen', mainAuthorShare: 0.6, totalRevisions: 3 });
  });

  it('passes over a bot for main author, unless only bots wrote the file', () => {
    const histories = computeFileHistories(
      [
        row('package.json', 'renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com', 60),
        row('package.json', 'Ann', 'ann@corp.io', 40),
        row('lock.json', 'dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', 9),
      ],
      new Map(),
      new Set(['package.json', 'lock.json']),
    );
    expect(histories.get('package.json')).toMatchObject({ mainAuthor: 'Ann', mainAuthorShare: 0.4 });
    expect(histories.get('package.json')!.authors[0]!.name).toBe('renovate[bot]');
    expect(histories.get('lock.json')).toMatchObject({ mainAuthor: 'dependabot[bot]', mainAuthorShare: 1 });
  });
});
