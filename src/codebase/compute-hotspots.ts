/**
 * Hotspots (Tornhill): change frequency x complexity, each normalised within the repository.
 * See hotspots-rationale.md.
 */
import type { Hotspot } from '../domain/index.js';

export interface HotspotInput {
  readonly path: string;
  readonly revisions: number;
  readonly complexity: number;
  readonly loc: number;
}

/**
 * Scores every file with at least one revision: score = (revisions / max revisions) x (complexity / max complexity),
 * ranked highest first (ties by path). Files with no revisions or no complexity score 0 and are left out.
 */
export function computeHotspots(files: readonly HotspotInput[]): Hotspot[] {
  let maxRevisions = 0;
  let maxComplexity = 0;
  for (const f of files) {
    if (f.revisions > maxRevisions) maxRevisions = f.revisions;
    if (f.complexity > maxComplexity) maxComplexity = f.complexity;
  }
  if (maxRevisions === 0 || maxComplexity === 0) return [];
  const scored = files
    .filter((f) => f.revisions > 0 && f.complexity > 0)
    .map((f) => ({ ...f, score: (f.revisions / maxRevisions) * (f.complexity / maxComplexity) }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return scored.map((f, i) => ({
    path: f.path,
    revisions: f.revisions,
    complexity: f.complexity,
    loc: f.loc,
    score: f.score,
    rank: i + 1,
  }));
}
