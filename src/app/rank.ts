/**
 * The ranked backlog with technical judgment: the stated RICE (or WSJF) and the tech-adjusted score side by side,
 * and a flag on every item bigger than it looks, with its reasons.
 */
import { isOpenStatus, type ItemId, type ItemJudgment } from '../domain/index.js';
import {
  getJudgmentAdjustments,
  rankBacklog,
  type RankedBacklog,
  type RankedItem,
  type RankingScheme,
} from '../judgment/index.js';
import { listItems } from './backlog.js';
import { loadItemJudgments } from './item-judgments.js';
import type { Workspace } from './open-workspace.js';

export interface JudgedRankedItem extends RankedItem {
  /** The technical judgment's figures, when the item could be judged (declared or predicted area). */
  readonly technical: {
    /** Technical P50 in person-weeks. */
    readonly effortWeeks: number;
    readonly effortP85Weeks: number;
    readonly disguiseRatio: number | null;
    readonly biggerThanItLooks: boolean;
    readonly reasons: readonly string[];
    readonly areaSource: ItemJudgment['area']['source'];
  } | null;
}

export interface JudgedRanking extends Omit<RankedBacklog, 'items'> {
  readonly items: readonly JudgedRankedItem[];
  /** Open items with a technical judgment. */
  readonly judged: number;
  /** Open items without one (no declared area, nothing predicted, or the repository was never scanned). */
  readonly unjudged: number;
}

/**
 * Ranks the open backlog with the technical judgment of each item folded in (tech-adjusted RICE, DESIGN.md):
 * `score` is from the stated inputs, `adjustedScore` after the judgment's adjustments, each listed as a reason.
 * @example
 * const ranking = await getJudgedRanking(ws, { scheme: 'rice' });
 * ranking.items.filter((i) => i.technical?.biggerThanItLooks);
 */
export async function getJudgedRanking(
  ws: Pick<Workspace, 'repo' | 'store'>,
  options: { scheme?: RankingScheme } = {},
): Promise<JudgedRanking> {
  const items = await listItems(ws.store);
  const open = items.filter((i) => isOpenStatus(i.status));
  const judgments = await loadItemJudgments(ws, open);
  const { adjustments } = getJudgmentAdjustments(open, judgments);
  const ranked = rankBacklog(items, { ...(options.scheme ? { scheme: options.scheme } : {}), adjustments });
  const technical = (id: ItemId): JudgedRankedItem['technical'] => {
    const j = judgments.get(id);
    if (!j) return null;
    return {
      effortWeeks: Math.round((j.effort.p50 / 5) * 100) / 100,
      effortP85Weeks: Math.round((j.effort.p85 / 5) * 100) / 100,
      disguiseRatio: j.disguiseRatio,
      biggerThanItLooks: j.biggerThanItLooks,
      reasons: j.reasons,
      areaSource: j.area.source,
    };
  };
  return {
    ...ranked,
    items: ranked.items.map((item) => ({ ...item, technical: technical(item.id) })),
    judged: judgments.size,
    unjudged: open.length - judgments.size,
  };
}
