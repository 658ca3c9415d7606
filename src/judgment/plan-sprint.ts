/**
 * Sprint planning: the next sprint's items from the ranked plan, within the sprint's capacity in person-days.
 * An item bigger than it looks counts at its technical size, not the stated one, and says so. Pure.
 * Definitions: ./cadence-rationale.md ("Sprint planning").
 */
import type { Item, ItemId, ItemStatus } from '../domain/index.js';
import { JUDGMENT_DEFAULTS } from './judge-item.js';
import { formatFigure } from './rank-backlog.js';
import type { Plan } from './sequence-plan.js';

/** An open item the sprint may take, with its size in person-days. */
export interface SprintCandidate {
  readonly id: ItemId;
  readonly title: string;
  readonly status: ItemStatus;
  /** The plan's position (1 first). */
  readonly position: number;
  /** Person-days the sprint counts for it: max(stated, technical P50), or the plan's assumption. */
  readonly sizeDays: number;
  /** Stated effort in person-days, or null. */
  readonly statedDays: number | null;
  /** True when it counts at its technical size because that is bigger than the stated one (or none was stated). */
  readonly technical: boolean;
  /** True when neither a stated nor a technical size is known (the plan's median assumption). */
  readonly sizeAssumed: boolean;
  /** Why it counts at its technical size, in words; null otherwise. */
  readonly sizeReason: string | null;
  /** Open items it waits for. */
  readonly waitsFor: readonly ItemId[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The plan's open items as sprint candidates, sized in person-days (5 a person-week): the plan's adjusted
 * effort, which is the technical P50 when that is bigger than the stated effort.
 */
export function getSprintCandidates(plan: Plan, items: readonly Item[]): SprintCandidate[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const perWeek = JUDGMENT_DEFAULTS.daysPerWeek;
  return plan.items.map((p) => {
    const stated = byId.get(p.id)?.rice.effort ?? null;
    const sizeDays = round2(p.effortWeeks * perWeek);
    const statedDays = stated === null ? null : round2(stated * perWeek);
    const technical = !p.effortAssumed && (statedDays === null || sizeDays > statedDays);
    const why = p.reasons
      .find((r) => r.kind === 'adjusted' && r.text.startsWith('effort '))
      ?.text.replace(/^[^:]*: /, '');
    return {
      id: p.id,
      title: p.title,
      status: p.status,
      position: p.position,
      sizeDays,
      statedDays,
      technical,
      sizeAssumed: p.effortAssumed,
      sizeReason: technical
        ? `counts ${formatFigure(sizeDays)} person-day${sizeDays === 1 ? '' : 's'}, its technical size, ${statedDays === null ? 'as no effort was stated' : `not the stated ${formatFigure(statedDays)}`}${why ? ` (${why})` : ''}`
        : null,
      waitsFor: p.waitsFor,
    };
  });
}

export const SPRINT_PLAN_DEFAULTS = {
  /** Left-out items listed with their reasons (the rest are counted). */
  listedSkipped: 10,
} as const;

export interface SprintPlanOptions {
  /** The sprint's capacity in person-days (stated, or its members' availability added up). */
  readonly capacityDays: number;
  /**
   * Share of their capacity past sprints finished (done person-days / capacity), from computeVelocity; the sprint
   * then plans to capacity x min(1, focus factor). Null or absent: to capacity.
   */
  readonly focusFactor?: number | null;
  /** Items committed to another planned or running sprint: left out. */
  readonly taken?: ReadonlyMap<ItemId, string>;
}

export type SprintSkipReason = 'too-big' | 'waits-for' | 'taken';

export interface SkippedCandidate {
  readonly id: ItemId;
  readonly title: string;
  readonly sizeDays: number;
  readonly technical: boolean;
  readonly reason: SprintSkipReason;
  readonly text: string;
}

export interface SelectedCandidate extends SprintCandidate {
  /** Person-days planned up to and including this item. */
  readonly cumulativeDays: number;
}

export interface SprintPlan {
  readonly capacityDays: number;
  /** Person-days the sprint plans to: the capacity, or capacity x focus factor. */
  readonly limitDays: number;
  readonly limitReason: string;
  readonly selected: readonly SelectedCandidate[];
  readonly plannedDays: number;
  /** limitDays - plannedDays. */
  readonly leftDays: number;
  /**
   * Candidates ranked above the last selected item that did not get in, and the first one after it that did not
   * fit: the first 10 of them (`skippedTotal` counts them all).
   */
  readonly skipped: readonly SkippedCandidate[];
  readonly skippedTotal: number;
  /** Selected items that count at their technical size. */
  readonly technical: readonly ItemId[];
  /** Person-days the selected items would have taken at their stated sizes (assumed sizes where none). */
  readonly statedDays: number;
}

/**
 * Fills the sprint in plan order, in-progress items first (they carry over): an item goes in when its size fits
 * what is left and every item it waits for is done or already in this sprint; otherwise it is skipped with its
 * reason and smaller items further down may still fill the gap.
 *
 * @example
 * planSprint(candidates, { capacityDays: 10 }).selected.map((c) => c.id); // ['T-2', 'T-3', 'T-4']
 */
export function planSprint(candidates: readonly SprintCandidate[], options: SprintPlanOptions): SprintPlan {
  const capacity = Math.max(0, options.capacityDays);
  const factor = options.focusFactor ?? null;
  const limit = round2(factor === null ? capacity : capacity * Math.min(1, Math.max(0, factor)));
  const limitReason =
    factor === null
      ? `the capacity, ${formatFigure(capacity)} person-days (no finished sprint to learn a focus factor from)`
      : factor >= 1
        ? `the capacity, ${formatFigure(capacity)} person-days (past sprints finished ${Math.round(factor * 100)} % of theirs)`
        : `${formatFigure(capacity)} person-days of capacity x ${Math.round(factor * 100)} %, the share past sprints finished`;
  const ordered = [
    ...candidates.filter((c) => c.status === 'in-progress'),
    ...candidates.filter((c) => c.status !== 'in-progress'),
  ];
  const open = new Set(candidates.map((c) => c.id));
  const chosen = new Set<ItemId>();
  const selected: SelectedCandidate[] = [];
  const passed: { index: number; skip: SkippedCandidate }[] = [];
  let used = 0;
  let lastIndex = -1;
  for (let k = 0; k < ordered.length && used < limit; k += 1) {
    const c = ordered[k]!;
    const skip = (reason: SprintSkipReason, text: string): void => {
      passed.push({
        index: k,
        skip: { id: c.id, title: c.title, sizeDays: c.sizeDays, technical: c.technical, reason, text },
      });
    };
    const sprint = options.taken?.get(c.id);
    if (sprint !== undefined) {
      skip('taken', `already committed to "${sprint}"`);
      continue;
    }
    const waiting = c.waitsFor.filter((b) => !chosen.has(b) && (open.has(b) || options.taken?.has(b)));
    if (waiting.length > 0) {
      skip('waits-for', `waits for ${waiting.join(', ')}, not in this sprint`);
      continue;
    }
    if (used + c.sizeDays > limit + 1e-9) {
      skip(
        'too-big',
        `needs ${formatFigure(c.sizeDays)} person-days${c.technical ? ' (its technical size)' : ''}, ${formatFigure(round2(limit - used))} left`,
      );
      continue;
    }
    used = round2(used + c.sizeDays);
    chosen.add(c.id);
    selected.push({ ...c, cumulativeDays: used });
    lastIndex = k;
  }
  const firstAfter = passed.find((p) => p.index > lastIndex);
  const skipped = [
    ...passed.filter((p) => p.index < lastIndex).map((p) => p.skip),
    ...(firstAfter ? [firstAfter.skip] : []),
  ];
  return {
    skippedTotal: skipped.length,
    capacityDays: capacity,
    limitDays: limit,
    limitReason,
    selected,
    plannedDays: used,
    leftDays: round2(limit - used),
    skipped: skipped.slice(0, SPRINT_PLAN_DEFAULTS.listedSkipped),
    technical: selected.filter((c) => c.technical).map((c) => c.id),
    statedDays: round2(selected.reduce((s, c) => s + (c.statedDays ?? c.sizeDays), 0)),
  };
}
