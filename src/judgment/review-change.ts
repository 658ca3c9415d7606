/**
 * The judgment of a branch or pull request: complexity added, hotspots touched, reviewers, scope creep against the
 * items it serves, and a risk level with its reasons. See review-rationale.md.
 */
import {
  isBotAuthor,
  type AuthorShare,
  type MissingCoChange,
  type NewMarker,
  type ReviewedFile,
  type ReviewRisk,
  type RiskLevel,
  type RiskReason,
  type ServedItem,
  type SuggestedReviewer,
} from '../domain/index.js';

/** What the review is computed from (the app gathers it from git and the store). */
export interface ReviewInput {
  readonly files: readonly ReviewedFile[];
  readonly newMarkers: readonly NewMarker[];
  readonly missingCoChanges: readonly MissingCoChange[];
  readonly modulesReached: readonly { readonly module: string; readonly files: number }[];
  /** Authors of each touched file at the scanned commit (largest share first). */
  readonly fileAuthors: ReadonlyMap<string, readonly AuthorShare[]>;
  /** Authors of the change itself: never suggested as reviewers. */
  readonly changeAuthors: readonly string[];
  /** Authors inactive for 6 months: never suggested as reviewers. */
  readonly inactiveAuthors: ReadonlySet<string>;
  /**
   * Seam for the backlog: the items the change serves, each with its predicted area. When present, changed files
   * outside every item's area are scope creep. Absent or empty: no scope check.
   */
  readonly items?: readonly ServedItem[];
}

export interface ReviewJudgment {
  readonly hotspotsTouched: readonly ReviewedFile[];
  readonly complexityAdded: number;
  /** Files whose complexity grew past the thresholds of REVIEW_RISK_RULES, most growth first. */
  readonly complexityFlagged: readonly string[];
  readonly reviewers: readonly SuggestedReviewer[];
  readonly outsideArea: readonly string[];
  readonly risk: ReviewRisk;
}

/** The points of each risk factor and the level cut-offs (review-rationale.md). */
export const REVIEW_RISK_RULES = {
  hotspot: 1,
  alertHotspot: 2,
  hotspotMax: 4,
  /** A file grows by at least this much indentation complexity, and by at least this share of what it had. */
  complexityGrowth: 20,
  complexityGrowthShare: 0.25,
  complexityPoints: 1,
  complexityMax: 2,
  missingCoChange: 1,
  missingCoChangeMax: 3,
  newMarkers: 1,
  manyModules: 5,
  manyModulesPoints: 1,
  largeChange: 30,
  largeChangePoints: 1,
  outsideArea: 1,
  outsideAreaMax: 2,
  mediumFrom: 2,
  highFrom: 5,
} as const;

export function getRiskLevel(points: number): RiskLevel {
  return points >= REVIEW_RISK_RULES.highFrom
    ? 'high'
    : points >= REVIEW_RISK_RULES.mediumFrom
      ? 'medium'
      : 'low';
}

/**
 * Suggested reviewers: the authors of the touched files at the scanned commit, weighted by their share of each
 * file's added lines, minus the change's own authors and inactive people; at most `limit` (default 3).
 */
export function suggestReviewers(
  files: readonly string[],
  fileAuthors: ReadonlyMap<string, readonly AuthorShare[]>,
  exclude: ReadonlySet<string>,
  limit = 3,
): SuggestedReviewer[] {
  const byName = new Map<string, { files: number; weight: number; best: { path: string; share: number } }>();
  for (const path of files) {
    for (const a of fileAuthors.get(path) ?? []) {
      // Less than 5 % of a file's lines is not knowing it; a bot knows nothing.
      if (exclude.has(a.name) || a.share < 0.05 || isBotAuthor(a.name)) continue;
      const entry = byName.get(a.name) ?? { files: 0, weight: 0, best: { path, share: 0 } };
      entry.files += 1;
      entry.weight += a.share;
      if (a.share > entry.best.share) entry.best = { path, share: a.share };
      byName.set(a.name, entry);
    }
  }
  return [...byName]
    .sort((x, y) => y[1].weight - x[1].weight || y[1].files - x[1].files || (x[0] < y[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name, e]) => ({
      name,
      files: e.files,
      weight: Math.round(e.weight * 100) / 100,
      reason: `wrote ${Math.round(e.best.share * 100)} % of ${e.best.path}${e.files > 1 ? ` and part of ${e.files - 1} other touched file${e.files > 2 ? 's' : ''}` : ''}`,
    }));
}

/** True when `path` is one of the area's files or lies under one of its folders (an entry ending with '/'). */
function inArea(path: string, area: readonly string[]): boolean {
  return area.some((a) => a === path || (a.endsWith('/') && path.startsWith(a)));
}

/**
 * Judges a change: hotspots touched, complexity added, scope creep, reviewers and the risk level, each point of
 * risk with its reason.
 */
export function computeReviewJudgment(input: ReviewInput): ReviewJudgment {
  const r = REVIEW_RISK_RULES;
  const reasons: RiskReason[] = [];
  const hotspotsTouched = input.files
    .filter((f) => f.hotspotRank !== null && f.status !== 'D')
    .sort((a, b) => (a.hotspotRank ?? 0) - (b.hotspotRank ?? 0));
  let hotspotPoints = 0;
  for (const f of hotspotsTouched) {
    const points = f.band === 'alert' ? r.alertHotspot : r.hotspot;
    const allowed = Math.min(points, r.hotspotMax - hotspotPoints);
    if (allowed <= 0) break;
    hotspotPoints += allowed;
    reasons.push({
      points: allowed,
      reason: `touches hotspot #${f.hotspotRank ?? 0} ${f.path}${f.health !== null ? ` (health ${f.health.toFixed(1)}, ${f.band ?? ''})` : ''}`,
    });
  }

  const complexityAdded = input.files.reduce((s, f) => s + (f.isCode ? f.complexityAdded : 0), 0);
  let complexityPoints = 0;
  const complexityFlagged: string[] = [];
  for (const f of [...input.files].sort((a, b) => b.complexityAdded - a.complexityAdded)) {
    const before = f.before?.complexity ?? 0;
    if (
      !f.isCode ||
      f.complexityAdded < r.complexityGrowth ||
      (before > 0 && f.complexityAdded < before * r.complexityGrowthShare)
    )
      continue;
    complexityFlagged.push(f.path);
    if (complexityPoints >= r.complexityMax) continue;
    complexityPoints += r.complexityPoints;
    reasons.push({
      points: r.complexityPoints,
      reason: `adds ${f.complexityAdded} indentation complexity to ${f.path} (${before} before)`,
    });
  }

  let missingPoints = 0;
  for (const m of input.missingCoChanges) {
    if (missingPoints >= r.missingCoChangeMax) break;
    missingPoints += r.missingCoChange;
    reasons.push({
      points: r.missingCoChange,
      reason: `${m.path} is not in the change, though it ${m.evidence} (${Math.round(m.confidence * 100)} %)`,
    });
  }

  if (input.newMarkers.length > 0)
    reasons.push({
      points: r.newMarkers,
      reason: `adds ${input.newMarkers.length} debt marker${input.newMarkers.length === 1 ? '' : 's'} (${[...new Set(input.newMarkers.map((m) => m.kind))].join(', ')})`,
    });

  if (input.modulesReached.length >= r.manyModules)
    reasons.push({
      points: r.manyModulesPoints,
      reason: `reaches ${input.modulesReached.length} modules through the import graph`,
    });

  if (input.files.length > r.largeChange)
    reasons.push({ points: r.largeChangePoints, reason: `changes ${input.files.length} files` });

  // Scope creep: only when the items served have a known area.
  const areas = (input.items ?? []).flatMap((i) => i.area);
  const outsideArea =
    areas.length === 0
      ? []
      : input.files
          .map((f) => f.path)
          .filter((p) => !inArea(p, areas))
          .sort();
  if (outsideArea.length > 0)
    reasons.push({
      points: Math.min(r.outsideAreaMax, r.outsideArea * Math.ceil(outsideArea.length / 5)),
      reason: `${outsideArea.length} file${outsideArea.length === 1 ? '' : 's'} outside the area of the items it serves`,
    });

  const points = reasons.reduce((s, x) => s + x.points, 0);
  const exclude = new Set([...input.changeAuthors, ...input.inactiveAuthors]);
  return {
    hotspotsTouched,
    complexityAdded,
    complexityFlagged,
    reviewers: suggestReviewers(
      input.files.filter((f) => f.status !== 'A').map((f) => f.oldPath ?? f.path),
      input.fileAuthors,
      exclude,
    ),
    outsideArea,
    risk: { level: getRiskLevel(points), points, reasons },
  };
}

/**
 * Item references in a branch name and commit messages: tracker keys such as `T-42` or `PROJ-7`, and issue
 * numbers such as `#123`, in order of first appearance, each once.
 *
 * @example
 * findItemReferences(['feature/T-42-login', 'fix login (#123)']); // ['T-42', '#123']
 */
export function findItemReferences(texts: readonly string[]): string[] {
  const found: string[] = [];
  const pattern = /\b([A-Z][A-Z0-9]*-\d+)\b|(?:^|[\s([,/])#(\d+)\b/g;
  for (const text of texts) {
    for (const m of text.matchAll(pattern)) {
      const ref = m[1] ?? `#${m[2] ?? ''}`;
      if (!found.includes(ref)) found.push(ref);
    }
  }
  return found;
}
