import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/codebase/index.js';
import { formatReview, isRiskAtLeast, replayMissingCoChanges, reviewChange } from '../../src/app/index.js';
import type { ReviewReport } from '../../src/domain/index.js';
import { loadRepoByRoot } from '../../src/store/index.js';
import { createReviewRepo } from '../helpers/debt-repos.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { getSarifErrors } from '../helpers/sarif-schema.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('review of a branch on %s', (dialect) => {
  let repo: TestRepo;
  let ts: TestStore;
  let report: ReviewReport;
  beforeAll(async () => {
    repo = createReviewRepo();
    ts = await createTestStore(dialect);
    const handle = await openRepository(repo.dir);
    report = await reviewChange(handle, ts.store, { range: 'main..feature/T-42-limits' });
  });
  afterAll(async () => {
    await ts.dispose();
    repo.remove();
  });

  it('scans up to the merge base first when the store is empty', async () => {
    const row = (await loadRepoByRoot(ts.store.db, repo.dir))!;
    expect(row.snapshot_commit).toBe(repo.git('rev-parse', 'main').trim());
    expect(report.mergeBase).toBe(row.snapshot_commit);
    expect(report.notices[0]).toMatch(/^the repository was scanned up to the merge base/);
  });

  it('warns that the file that always changes with the changed one is missing, with the evidence', () => {
    expect(report.missingCoChanges).toEqual([
      {
        path: 'src/api-schema.ts',
        because: 'src/api.ts',
        confidence: 1,
        shared: 5,
        revisions: 5,
        evidence: 'changed together in 5 of 5 past change sets that touched src/api.ts',
      },
    ]);
  });

  it('measures the complexity added before and after, and finds the new TODO on its line', () => {
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({
      path: 'src/api.ts',
      status: 'M',
      added: 16,
      deleted: 0,
      before: { loc: 2, complexity: 0, cyclomatic: 1 },
      after: { loc: 17, complexity: 35, cyclomatic: 6 },
      complexityAdded: 35,
      cyclomaticAdded: 5,
    });
    expect(report.complexityFlagged).toEqual(['src/api.ts']);
    expect(report.newMarkers).toEqual([
      { path: 'src/api.ts', line: 16, kind: 'TODO', text: 'handle negative limits' },
    ]);
  });

  it('names the modules reached, the items referenced, and reviewers other than the author', () => {
    expect(report.authors).toEqual(['Cy Coder']);
    expect(report.modulesReached).toEqual([{ module: 'src', files: 2 }]);
    expect(report.items).toEqual([{ id: 'T-42', title: 'T-42', via: 'reference', area: [] }]);
    expect(report.reviewers.map((r) => [r.name, r.reason])).toEqual([
      ['Ann Author', 'wrote 67 % of src/api.ts'],
      ['Bob Builder', 'wrote 33 % of src/api.ts'],
    ]);
  });

  it('rates the risk medium with one reason per point', () => {
    // api.ts has no indentation complexity at the base, so it is no hotspot.
    expect(report.hotspotsTouched).toEqual([]);
    expect(report.risk).toMatchObject({ level: 'medium', points: 3 });
    expect(report.risk.reasons.map((r) => r.reason)).toEqual([
      'adds 35 indentation complexity to src/api.ts (0 before)',
      'src/api-schema.ts is not in the change, though it changed together in 5 of 5 past change sets that touched src/api.ts (100 %)',
      'adds 1 debt marker (TODO)',
    ]);
    expect(isRiskAtLeast(report, 'medium')).toBe(true);
    expect(isRiskAtLeast(report, 'high')).toBe(false);
  });

  it('writes a pull-request comment and SARIF that the 2.1.0 schema accepts', () => {
    const markdown = formatReview(report, 'markdown', '0.1.0');
    expect(markdown).toContain('### tpo review: risk 🟠 medium');
    expect(markdown).toContain(
      '| `src/api-schema.ts` | `src/api.ts` | 100 % | changed together in 5 of 5 past change sets that touched src/api.ts |',
    );
    expect(markdown).toContain('- `src/api.ts:16` TODO: handle negative limits');
    const sarif = JSON.parse(formatReview(report, 'sarif', '0.1.0')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(getSarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual([
      'tpo/review/missing-co-change',
      'tpo/review/complexity-added',
      'tpo/review/new-debt-marker',
    ]);
  });

  it('checks scope against the items served when their areas are known', async () => {
    const handle = await openRepository(repo.dir);
    const scoped = await reviewChange(handle, ts.store, {
      range: 'main..feature/T-42-limits',
      items: [{ id: 'T-42', title: 'Limits', via: 'option', area: ['src/limits/'] }],
    });
    expect(scoped.outsideArea).toEqual(['src/api.ts']);
    expect(scoped.risk.reasons.at(-1)).toEqual({
      points: 1,
      reason: '1 file outside the area of the items it serves',
    });
    expect(scoped.risk.points).toBe(report.risk.points + 1);
  });

  it('replays history: each change set reviewed against the history before it', async () => {
    const handle = await openRepository(repo.dir);
    const result = await replayMissingCoChanges(handle, ts.store, { horizon: 1, mergedOnly: false });
    // 6 change sets on main, the last one has no next change set: 5 replayed. api v4 (the 4th) is the first with
    // 3 shared change sets in history; api v4 and v5 warn for nothing (schema changes with them). No warnings.
    expect(result).toMatchObject({ replayed: 5, warnings: 0, precision: null });
  });

  it('brings a store that is behind the base branch forward to the merge base', async () => {
    repo.commit({
      message: 'api v6',
      author: 'Ann Author <ann@example.com>',
      files: { 'src/api.ts': 'export const version = 6;\n' },
    });
    const newMain = repo.head();
    repo.branch('feature/late');
    repo.commit({
      message: 'late',
      author: 'Cy Coder <cy@example.com>',
      files: { 'src/server.ts': 'export const server = 2;\n' },
    });
    repo.checkout('main');
    const handle = await openRepository(repo.dir);
    const late = await reviewChange(handle, ts.store, { range: 'main..feature/late' });
    expect(late.mergeBase).toBe(newMain);
    expect(late.notices[0]).toMatch(/^the store was brought forward from \w{12} to the merge base/);
    expect((await loadRepoByRoot(ts.store.db, repo.dir))!.snapshot_commit).toBe(newMain);
  });
});
