import { describe, expect, it } from 'vitest';
import type { FileChange } from '../../domain/index.js';
import { createLocateIndex, type HistoryChangeSet } from './create-locate-index.js';
import {
  chooseCoChangeSettings,
  predictCoChanges,
  predictFusedCoChanges,
  type CoChangeSettings,
} from './predict-co-changes.js';

function cs(n: number, paths: Record<string, FileChange['status']>): HistoryChangeSet {
  const changes = Object.entries(paths).map(([path, status]) => ({
    path,
    oldPath: null,
    status,
    added: 1,
    deleted: 0,
  }));
  return { sha: `c${n}`, message: `change ${n}`, authorName: 'Ann', authorEmail: 'ann@x', time: n, changes };
}

const setting = (halfLife: number): CoChangeSettings => ({ halfLife, sizePower: 0, nameBonus: 0 });

describe('co-change settings and their fusion', () => {
  it('keeps the settings within half a standard error of the best, best first', () => {
    const [a, b, c] = [setting(1), setting(2), setting(3)];
    // a: mean 0.75, standard deviation 0.5 over 4 examples, so a standard error of 0.25 and a margin of 0.125;
    // b: mean 0.7 >= 0.625 is kept; c: mean 0.5 is not.
    const chosen = chooseCoChangeSettings(
      [c, b, a],
      [
        [0.5, 0.5, 0.5, 0.5],
        [1, 0.5, 1, 0.3],
        [1, 1, 0, 1],
      ],
    );
    expect(chosen).toEqual([a, b]);
  });

  it('fuses the rankings of several settings by reciprocal rank', () => {
    const index = createLocateIndex();
    for (const c of [
      cs(1, { 'src/q/query.ts': 'A', 'lib/alpha.ts': 'A' }),
      cs(2, { 'src/q/query.ts': 'M', 'lib/alpha.ts': 'M' }),
      cs(3, { 'src/q/query.ts': 'M', 'docs/beta.md': 'A' }),
    ]) {
      index.observe(c);
      index.applyTree(c.changes);
    }
    const [plain, recent] = [setting(Infinity), setting(1)];
    // Without decay alpha has 2 of 3 change sets, beta 1; with a half-life of 1 change set (weights 1/8, 1/4, 1/2)
    // alpha has 3/7 and beta 4/7.
    const paths = (s: readonly CoChangeSettings[]): string[] =>
      predictFusedCoChanges(index, 'src/q/query.ts', s, 2).map((c) => c.path);
    expect(predictCoChanges(index, 'src/q/query.ts', plain, 2).map((c) => c.path)).toEqual([
      'lib/alpha.ts',
      'docs/beta.md',
    ]);
    expect(paths([recent])).toEqual(['docs/beta.md', 'lib/alpha.ts']);
    // alpha 1 + 1/2 + 1/2 = 2, beta 1/2 + 1 + 1 = 2.5; the other way round with two plain rankings.
    expect(paths([plain, recent, recent])).toEqual(['docs/beta.md', 'lib/alpha.ts']);
    expect(paths([plain, plain, recent])).toEqual(['lib/alpha.ts', 'docs/beta.md']);
  });
});
