/**
 * Items that touch several repositories: their areas name a workspace repository with a prefix (`api:src/**`),
 * each repository's part is judged against its own code model, and the parts are combined into one judgment.
 * Rationale: multi-repo-rationale.md.
 */
import type { ItemJudgment } from '../domain/index.js';
import { JUDGMENT_DEFAULTS } from './judge-item.js';

/**
 * Splits an item's areas by repository: `name:glob` goes to the workspace repository `name` when there is one
 * (else the whole text is a glob of the current repository, as before); an area without a prefix belongs to the
 * current repository, the key ''.
 * @example
 * splitAreasByRepo(['api:src/routes/**', 'web/'], new Set(['api'])); // Map { 'api' => ['src/routes/**'], '' => ['web/'] }
 */
export function splitAreasByRepo(
  areas: readonly string[],
  repoNames: ReadonlySet<string>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const area of areas) {
    const colon = area.indexOf(':');
    const name = colon > 0 ? area.slice(0, colon) : '';
    const key = repoNames.has(name) ? name : '';
    const glob = key === '' ? area : area.slice(colon + 1);
    out.set(key, [...(out.get(key) ?? []), glob]);
  }
  return out;
}

const prefix = (repo: string, path: string): string => `${repo}:${path}`;

/** One repository's judgment with its paths and modules named `repo:path`. */
function prefixJudgment(repo: string, j: ItemJudgment): ItemJudgment {
  const p = (path: string): string => prefix(repo, path);
  return {
    ...j,
    area: {
      ...j.area,
      files: j.area.files.map((f) => ({ ...f, path: p(f.path), module: p(f.module) })),
      modules: j.area.modules.map(p),
    },
    blastRadius: {
      dependents: j.blastRadius.dependents.map((d) => ({ ...d, path: p(d.path), module: p(d.module) })),
      coupled: j.blastRadius.coupled.map((c) => ({ ...c, path: p(c.path), module: p(c.module) })),
      modules: j.blastRadius.modules.map(p),
      entryPoints: j.blastRadius.entryPoints.map((e) => ({ ...e, path: p(e.path) })),
    },
    risks: j.risks.map((r) => ({ ...r, files: r.files.map(p), detail: `${repo}: ${r.detail}` })),
  };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Combines the judgments of an item's parts in several repositories: areas, blast radius and risks side by side
 * (paths named `repo:path`), effort summed (each repository's work is done on top of the others'), the disguise
 * ratio and the "bigger than it looks" flag worked out again on the sum. `statedEffort` in person-weeks.
 * @example
 * const j = combineRepoJudgments([{ repo: 'api', judgment: a }, { repo: 'web', judgment: w }], 2);
 * j.effort.p50; // a.effort.p50 + w.effort.p50
 */
export function combineRepoJudgments(
  parts: readonly { readonly repo: string; readonly judgment: ItemJudgment }[],
  statedEffort: number | null,
): ItemJudgment {
  if (parts.length === 0) throw new Error('combineRepoJudgments needs at least one part');
  const named = parts.map((part) => ({ repo: part.repo, j: prefixJudgment(part.repo, part.judgment) }));
  const p50 = round1(named.reduce((sum, { j }) => sum + j.effort.p50, 0));
  const p85 = round1(named.reduce((sum, { j }) => sum + j.effort.p85, 0));
  const disguiseRatio =
    statedEffort !== null && statedEffort > 0
      ? Math.round((p50 / JUDGMENT_DEFAULTS.daysPerWeek / statedEffort) * 100) / 100
      : null;
  const biggerThanItLooks = disguiseRatio !== null && disguiseRatio >= JUDGMENT_DEFAULTS.disguiseFlag;
  const split =
    named.length === 1
      ? `work in ${named[0]!.repo}: ${named[0]!.j.effort.p50} days`
      : `work in ${named.length} repositories: ${named.map(({ repo, j }) => `${repo} ${j.effort.p50} days`).join(', ')}`;
  const reasons = biggerThanItLooks
    ? [...new Set([split, ...named.flatMap(({ repo, j }) => j.reasons.map((r) => `${repo}: ${r}`))])]
    : [];
  const first = named[0]!.j;
  return {
    area: {
      source: named.every(({ j }) => j.area.source === 'declared') ? 'declared' : 'predicted',
      files: named.flatMap(({ j }) => j.area.files),
      modules: named.flatMap(({ j }) => j.area.modules),
    },
    blastRadius: {
      dependents: named.flatMap(({ j }) => j.blastRadius.dependents),
      coupled: named.flatMap(({ j }) => j.blastRadius.coupled),
      modules: named.flatMap(({ j }) => j.blastRadius.modules),
      entryPoints: named.flatMap(({ j }) => j.blastRadius.entryPoints),
    },
    risks: named.flatMap(({ j }) => j.risks),
    effort: {
      p50,
      p85,
      model: named.every(({ j }) => j.effort.model === 'history') ? 'history' : 'size',
      similar: named.flatMap(({ j }) => j.effort.similar),
      calibration: first.effort.calibration,
      calibratedBy: first.effort.calibratedBy,
      riskFactor: Math.max(...named.map(({ j }) => j.effort.riskFactor)),
      spread: named.every(({ j }) => j.effort.spread === 'measured') ? 'measured' : 'assumed',
      notes: [
        `the sum of ${named.length} repositories' estimates (${named.map(({ repo, j }) => `${repo}: P50 ${j.effort.p50}, P85 ${j.effort.p85} days`).join('; ')}); the P85 of the sum is at most the sum of the P85s, so it errs long`,
        ...named.flatMap(({ repo, j }) => j.effort.notes.map((n) => `${repo}: ${n}`)),
      ],
    },
    disguiseRatio,
    biggerThanItLooks,
    reasons,
  };
}
