import { describe, expect, it } from 'vitest';
import type { FileHealth, Hotspot } from '../domain/index.js';
import {
  DEFAULT_DEBT_CANDIDATE_OPTIONS,
  findDebtCandidates,
  type DebtCandidateInput,
} from './find-debt-candidates.js';

const DAY = 86_400;
const NOW = 1_700_000_000;

function health(path: string, module: string, loc: number, score: number): FileHealth {
  return {
    path,
    module,
    loc,
    score,
    band: score >= 9 ? 'healthy' : score >= 4 ? 'warning' : 'alert',
    factors: [],
  };
}

function hotspot(path: string, rank: number, revisions: number): Hotspot {
  return { path, rank, revisions, complexity: 100, loc: 100, score: 1 / rank };
}

const input: DebtCandidateInput = {
  health: [
    health('src/hot.ts', 'src', 800, 5),
    health('src/calm.ts', 'src', 100, 9.5),
    health('src/rare.ts', 'src', 100, 6),
    health('lib/big.ts', 'lib', 600, 8),
    health('old/a.ts', 'old', 150, 9),
    health('old/b.ts', 'old', 50, 9),
  ],
  hotspots: [hotspot('src/hot.ts', 1, 12), hotspot('src/calm.ts', 2, 20), hotspot('src/rare.ts', 3, 2)],
  cycles: [['src/calm.ts', 'src/hot.ts']],
  fanIn: new Map([
    ['lib/big.ts', 25],
    ['src/calm.ts', 40],
  ]),
  mainAuthors: new Map([
    ['old/a.ts', 'Gone'],
    ['old/b.ts', 'Here'],
    ['src/hot.ts', 'Here'],
  ]),
  inactiveAuthors: new Map([['Gone', NOW - 400 * DAY]]),
  markers: [
    {
      path: 'src/hot.ts',
      line: 9,
      kind: 'FIXME',
      text: 'race',
      introducedAt: NOW - 100 * DAY,
      commit: 'c1',
      author: 'Here',
    },
    {
      path: 'src/hot.ts',
      line: 3,
      kind: 'TODO',
      text: 'split',
      introducedAt: NOW - 200 * DAY,
      commit: 'c0',
      author: 'Here',
    },
    {
      path: 'src/calm.ts',
      line: 1,
      kind: 'HACK',
      text: '',
      introducedAt: NOW - 10 * DAY,
      commit: 'c2',
      author: 'Here',
    },
  ],
  now: NOW,
};

describe('findDebtCandidates', () => {
  const found = findDebtCandidates(input);
  const ids = found.map((c) => c.id);

  it('finds one candidate of each planted kind, in kind order', () => {
    expect(ids).toEqual([
      'unhealthy-hotspot:src/hot.ts',
      'import-cycle:src/calm.ts',
      'god-file:lib/big.ts',
      'knowledge-silo:old',
      'debt-marker:src/hot.ts',
    ]);
  });

  it('keeps hotspots that are unhealthy and changed at least 3 times only', () => {
    // calm.ts is healthy (9.5); rare.ts changed only twice.
    expect(found[0]).toMatchObject({
      kind: 'unhealthy-hotspot',
      health: 5,
      area: { module: 'src', files: ['src/hot.ts'] },
    });
    expect(found[0]!.reasons[0]).toBe('hotspot #1: 12 revisions in the window, indentation complexity 100');
  });

  it('gives a cycle the module of most of its lines and the lowest health of its files', () => {
    expect(found[1]).toMatchObject({
      area: { module: 'src', files: ['src/calm.ts', 'src/hot.ts'] },
      health: 5,
    });
  });

  it('needs both fan-in and size for a god file', () => {
    // calm.ts has 40 importers but only 100 lines.
    expect(found[2]!.title).toBe('God file lib/big.ts: 600 lines imported by 25 files');
  });

  it('reports a module as a silo when inactive authors own at least half its lines', () => {
    // Gone owns 150 of old's 200 lines (75 %).
    expect(found[3]).toMatchObject({
      title: 'Knowledge silo old: 75 % of its code written by people who left',
      area: { files: ['old/a.ts'] },
    });
    expect(found[3]!.reasons).toEqual([
      `Gone is main author of 150 of 200 lines of code and made no commit since ${new Date((NOW - 400 * DAY) * 1000).toISOString().slice(0, 10)}`,
    ]);
  });

  it('dates markers and leaves out those younger than 90 days', () => {
    const markers = found[4]!;
    expect(markers.markers!.map((m) => m.line)).toEqual([3, 9]);
    expect(markers.title).toBe(
      `2 debt markers in src/hot.ts (oldest from ${new Date((NOW - 200 * DAY) * 1000).toISOString().slice(0, 10)})`,
    );
  });

  it('applies the thresholds given', () => {
    const strict = findDebtCandidates(input, {
      ...DEFAULT_DEBT_CANDIDATE_OPTIONS,
      godFanIn: 30,
      markerMinAgeDays: 5,
    });
    expect(strict.map((c) => c.id)).not.toContain('god-file:lib/big.ts');
    expect(strict.map((c) => c.id)).toContain('debt-marker:src/calm.ts');
  });
});
