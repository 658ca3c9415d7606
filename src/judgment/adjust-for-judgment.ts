/**
 * From an item's technical judgment to what the ranking and the forecast use: RICE adjustments (tech-adjusted
 * RICE, DESIGN.md) and a throughput weight for items bigger than they look. Pure.
 * Definitions: ./rice-rationale.md ("Adjustments") and ./forecast-rationale.md ("Items bigger than they look").
 */
import type { Item, ItemId, ItemJudgment } from '../domain/index.js';
import { JUDGMENT_DEFAULTS } from './judge-item.js';
import { formatFigure, type Adjustment } from './rank-backlog.js';

export const ADJUSTMENT_DEFAULTS = {
  /** Confidence is lowered by the technical uncertainty, to no less than this share of the stated confidence. */
  minConfidenceShare: 0.5,
  /** The most units of throughput one item may weigh. */
  maxWeight: 10,
} as const;

export interface JudgmentAdjustment {
  /** For rankBacklog, in order: effort, then confidence; empty when the judgment changes nothing. */
  readonly adjustments: readonly Adjustment[];
  /** Technical P50 in person-weeks. */
  readonly technicalWeeks: number;
  /** Units of throughput the item uses up in a forecast: max(1, disguise ratio), at most 10. */
  readonly weight: number;
  /** Why the weight is above 1, in words; null when it is 1. */
  readonly weightReason: string | null;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** What makes the item big, in a few words: the estimate's basis, its top risk, who reads the area. */
function describeSize(judgment: ItemJudgment): string {
  const { effort, risks, blastRadius } = judgment;
  const parts = [
    effort.model === 'history'
      ? `technical estimate ${formatFigure(effort.p50)} working days from ${effort.similar.length} similar past changes`
      : `technical estimate ${formatFigure(effort.p50)} working days (size model)`,
  ];
  const top = [...risks].sort((a, b) => b.effortFactor - a.effortFactor)[0];
  if (top) parts.push(`${top.label}${top.files[0] ? ` (${top.files[0]})` : ''}`);
  if (blastRadius.dependents.length > 0) {
    const modules = blastRadius.modules.length;
    parts.push(
      `read by ${blastRadius.dependents.length} file${blastRadius.dependents.length === 1 ? '' : 's'} in ${modules} module${modules === 1 ? '' : 's'}`,
    );
  }
  return parts.join('; ');
}

/**
 * Turns one judgment into adjustments and a weight.
 * - effort = max(stated, technical P50 in person-weeks of 5 working days); set when none is stated;
 * - confidence (when stated) x max(0.5, 1 - u), where u = (P85 - P50) / P85 is the technical uncertainty, when
 *   the spread is measured (not the size model's assumed one);
 * - weight = max(1, disguise ratio), at most 10 (1 without a stated effort: nothing to compare with).
 *
 * @example
 * adjustForJudgment(item, judgment).adjustments;
 * // [{ input: 'effort', value: 3.5, reason: 'technical estimate 17.5 working days from 12 similar past changes;
 * //    touches a hotspot (src/billing/invoice.ts); read by 23 files in 5 modules' }]
 */
export function adjustForJudgment(item: Pick<Item, 'rice'>, judgment: ItemJudgment): JudgmentAdjustment {
  const technicalWeeks = round2(judgment.effort.p50 / JUDGMENT_DEFAULTS.daysPerWeek);
  const adjustments: Adjustment[] = [];
  const stated = item.rice.effort;
  if (technicalWeeks > 0 && (stated === null || technicalWeeks > stated))
    adjustments.push({ input: 'effort', value: technicalWeeks, reason: describeSize(judgment) });
  const { p50, p85, spread } = judgment.effort;
  const confidence = item.rice.confidence;
  // An assumed spread is the same for every item: it would lower every confidence alike and explain nothing.
  if (confidence !== null && spread === 'measured' && p85 > p50 && p85 > 0) {
    const uncertainty = (p85 - p50) / p85;
    const lowered = Math.round(
      confidence * Math.max(ADJUSTMENT_DEFAULTS.minConfidenceShare, 1 - uncertainty),
    );
    if (lowered < confidence)
      adjustments.push({
        input: 'confidence',
        value: lowered,
        reason: `technical uncertainty (P85 - P50) / P85 = ${Math.round(uncertainty * 100)} % (P50 ${formatFigure(p50)}, P85 ${formatFigure(p85)} working days)`,
      });
  }
  const ratio = judgment.disguiseRatio;
  const weight = ratio === null ? 1 : Math.min(ADJUSTMENT_DEFAULTS.maxWeight, Math.max(1, round2(ratio)));
  return {
    adjustments,
    technicalWeeks,
    weight,
    weightReason:
      weight > 1
        ? `${judgment.biggerThanItLooks ? 'bigger than it looks: ' : ''}technical P50 ${formatFigure(technicalWeeks)} person-weeks is ${formatFigure(ratio!)} x the stated ${formatFigure(stated ?? 0)}, so it counts as ${formatFigure(weight)} items of throughput`
        : null,
  };
}

/**
 * The adjustments and weights of every item that has a judgment, for rankBacklog (`adjustments`) and the
 * forecast (`weights`); items without a judgment keep their stated inputs and weigh 1.
 */
export function getJudgmentAdjustments(
  items: readonly Pick<Item, 'id' | 'rice'>[],
  judgments: ReadonlyMap<ItemId, ItemJudgment>,
): {
  readonly adjustments: ReadonlyMap<ItemId, readonly Adjustment[]>;
  readonly byItem: ReadonlyMap<ItemId, JudgmentAdjustment>;
} {
  const adjustments = new Map<ItemId, readonly Adjustment[]>();
  const byItem = new Map<ItemId, JudgmentAdjustment>();
  for (const item of items) {
    const judgment = judgments.get(item.id);
    if (!judgment) continue;
    const adjusted = adjustForJudgment(item, judgment);
    byItem.set(item.id, adjusted);
    if (adjusted.adjustments.length > 0) adjustments.set(item.id, adjusted.adjustments);
  }
  return { adjustments, byItem };
}
