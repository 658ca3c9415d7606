import { describe, expect, it } from 'vitest';
import type { ReviewedFile } from '../domain/index.js';
import {
  computeReviewJudgment,
  findItemReferences,
  getRiskLevel,
  suggestReviewers,
  type ReviewInput,
} from './review-change.js';

function file(path: string, patch: Partial<ReviewedFile> = {}): ReviewedFile {
  return {
    path,
    oldPath: null,
    status: 'M',
    isCode: true,
    added: 1,
    deleted: 0,
    before: { loc: 10, complexity: 10, cyclomatic: 2 },
    after: { loc: 11, complexity: 10, cyclomatic: 2 },
    complexityAdded: 0,
    cyclomaticAdded: 0,
    health: 10,
    band: 'healthy',
    hotspotRank: null,
    ...patch,
  };
}

const quiet: ReviewInput = {
  files: [file('src/a.ts')],
  newMarkers: [],
  missingCoChanges: [],
  modulesReached: [{ module: 'src', files: 1 }],
  fileAuthors: new Map(),
  changeAuthors: [],
  inactiveAuthors: new Set(),
};

describe('computeReviewJudgment', () => {
  it('rates a small change in healthy code low, with no reasons', () => {
    expect(computeReviewJudgment(quiet).risk).toEqual({ level: 'low', points: 0, reasons: [] });
  });

  it('adds a point per reason: alert hotspot 2, complexity growth 1, missing co-change 1, markers 1', () => {
    const judged = computeReviewJudgment({
      ...quiet,
      files: [
        file('src/hot.ts', { hotspotRank: 1, health: 3.5, band: 'alert' }),
        file('src/grow.ts', {
          before: { loc: 10, complexity: 40, cyclomatic: 3 },
          after: { loc: 30, complexity: 70, cyclomatic: 9 },
          complexityAdded: 30,
        }),
        file('src/small.ts', { complexityAdded: 25, before: { loc: 900, complexity: 900, cyclomatic: 1 } }),
        file('config.yml', { isCode: false, complexityAdded: 80, before: null }),
      ],
      newMarkers: [{ path: 'src/grow.ts', line: 3, kind: 'TODO', text: 'later' }],
      missingCoChanges: [
        {
          path: 'src/b.ts',
          because: 'src/grow.ts',
          confidence: 0.8,
          shared: 4,
          revisions: 5,
          evidence: 'changed together in 4 of 5 past change sets that touched src/grow.ts',
        },
      ],
    });
    expect(judged.risk.reasons).toEqual([
      { points: 2, reason: 'touches hotspot #1 src/hot.ts (health 3.5, alert)' },
      { points: 1, reason: 'adds 30 indentation complexity to src/grow.ts (40 before)' },
      {
        points: 1,
        reason:
          'src/b.ts is not in the change, though it changed together in 4 of 5 past change sets that touched src/grow.ts (80 %)',
      },
      { points: 1, reason: 'adds 1 debt marker (TODO)' },
    ]);
    // 25 more on 900 is growth below a quarter, and YAML's indentation is structure: neither is flagged.
    expect(judged.complexityFlagged).toEqual(['src/grow.ts']);
    expect(judged.complexityAdded).toBe(55);
    expect(judged.risk).toMatchObject({ level: 'high', points: 5 });
  });

  it('flags files outside the area of the items served as scope creep', () => {
    const judged = computeReviewJudgment({
      ...quiet,
      files: [file('src/login/form.ts'), file('src/billing/tax.ts')],
      items: [{ id: 'T-42', title: 'Login limits', via: 'option', area: ['src/login/'] }],
    });
    expect(judged.outsideArea).toEqual(['src/billing/tax.ts']);
    expect(judged.risk.reasons).toEqual([
      { points: 1, reason: '1 file outside the area of the items it serves' },
    ]);
  });
});

describe('suggestReviewers', () => {
  it('ranks authors of the touched code by their shares, leaving out the change authors and small shares', () => {
    const authors = new Map([
      [
        'a.ts',
        [
          { name: 'Ann', email: 'a@x', added: 60, share: 0.6 },
          { name: 'Cy', email: 'c@x', added: 38, share: 0.38 },
          { name: 'Dee', email: 'd@x', added: 2, share: 0.02 },
        ],
      ],
      ['b.ts', [{ name: 'Bob', email: 'b@x', added: 10, share: 1 }]],
    ]);
    expect(suggestReviewers(['a.ts', 'b.ts'], authors, new Set(['Cy']))).toEqual([
      { name: 'Bob', files: 1, weight: 1, reason: 'wrote 100 % of b.ts' },
      { name: 'Ann', files: 1, weight: 0.6, reason: 'wrote 60 % of a.ts' },
    ]);
  });

  it('suggests no bot, however much of the code it wrote', () => {
    const authors = new Map([
      [
        'package.json',
        [
          {
            name: 'dependabot[bot]',
            email: '49699333+dependabot[bot]@users.noreply.github.com',
            added: 70,
            share: 0.7,
          },
          { name: 'renovate-bot', email: 'bot@renovateapp.com', added: 20, share: 0.2 },
          { name: 'Ann', email: 'a@x', added: 10, share: 0.1 },
        ],
      ],
    ]);
    expect(suggestReviewers(['package.json'], authors, new Set()).map((r) => r.name)).toEqual(['Ann']);
  });
});

describe('getRiskLevel and findItemReferences', () => {
  it('cuts medium at 2 points and high at 5', () => {
    expect([0, 1, 2, 4, 5].map(getRiskLevel)).toEqual(['low', 'low', 'medium', 'medium', 'high']);
  });

  it('finds tracker keys and issue numbers in branch names and messages, once each', () => {
    expect(findItemReferences(['feature/T-42-login', 'fix login (#123)', 'T-42 again, see #7'])).toEqual([
      'T-42',
      '#123',
      '#7',
    ]);
  });
});
