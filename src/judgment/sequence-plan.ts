/**
 * The plan: the order of work (explicit dependencies first, then tech-adjusted RICE or WSJF), which items run in
 * parallel within a WIP limit and when each starts, and the dependencies tpo suggests (pay the debt first when the
 * trade-off says so; one change at a time in unhealthy code). Pure. Definitions: ./plan-rationale.md.
 */
import {
  compareItemIds,
  type Item,
  type ItemId,
  type ItemJudgment,
  type ItemKind,
  type ItemStatus,
} from '../domain/index.js';
import { getJudgmentAdjustments } from './adjust-for-judgment.js';
import { computeTradeoff } from './compute-tradeoff.js';
import { formatFigure, rankBacklog, type RankReason, type RankingScheme } from './rank-backlog.js';

export const PLAN_DEFAULTS = {
  /** Items in progress at once when the team states no limit. */
  wip: 3,
  /** Person-weeks assumed for an item whose effort is unknown when no item states one. */
  unknownEffortWeeks: 1,
  /** Hours in a person-week (for the trade-off, which counts hours). */
  hoursPerWeek: 40,
  /** Weeks in a month (for the trade-off's horizon). */
  weeksPerMonth: 365 / 12 / 7,
} as const;

/** The debt model of an open debt item's area (from the interest model of the debt register). */
export interface DebtAreaCost {
  /** Extra time a change in the area takes because of the debt (0.62 = 62 % longer). */
  readonly extraTime: number;
  /** Person-hours to pay the debt down. */
  readonly principalHours: number;
  /** Interest the area charges from its change rate, person-hours a month. */
  readonly interestHoursPerMonth: number;
}

export interface SequencePlanOptions {
  readonly scheme?: RankingScheme;
  /** Items in progress at once (default 3). */
  readonly wip?: number;
  /** Technical judgments of items (those with none keep their stated inputs). */
  readonly judgments?: ReadonlyMap<ItemId, ItemJudgment>;
  /** Debt models of open debt items, for the build-now / pay-first trade-off. */
  readonly debts?: ReadonlyMap<ItemId, DebtAreaCost>;
  /** Months the trade-off looks ahead (default 6). */
  readonly horizonMonths?: number;
}

export interface PlannedItem {
  /** 1 for the item to start first. */
  readonly position: number;
  readonly id: ItemId;
  readonly title: string;
  readonly kind: ItemKind;
  readonly status: ItemStatus;
  /** The ranking's figures and reasons (rank-backlog.ts). */
  readonly score: number | null;
  readonly adjustedScore: number | null;
  readonly priority: number | null;
  readonly reasons: readonly RankReason[];
  readonly waitsFor: readonly ItemId[];
  readonly unblocks: readonly ItemId[];
  /** Person-weeks the schedule gives it: the adjusted effort, or an assumption (then `effortAssumed`). */
  readonly effortWeeks: number;
  readonly effortAssumed: boolean;
  /** Units of throughput it uses up in a forecast, and why when above 1. */
  readonly weight: number;
  readonly weightReason: string | null;
  /** 1..wip: which of the parallel slots it runs in. */
  readonly lane: number;
  /** Nominal start and finish, person-weeks of effort from now in its lane (order, not dates: see the forecast). */
  readonly startWeek: number;
  readonly finishWeek: number;
  /** What it starts after: its open blockers, and the item before it in its lane. */
  readonly startsAfter: readonly ItemId[];
  /** Modules of its code area (from its judgment). */
  readonly modules: readonly string[];
  /** Files of its area with low code health (below 4), and their modules. */
  readonly unhealthyFiles: readonly string[];
  readonly unhealthyModules: readonly string[];
}

export type SuggestionKind = 'pay-debt-first' | 'one-at-a-time';

/** A dependency tpo suggests; it holds only once someone accepts it (`tpo block <blocker> <blocked>`). */
export interface SuggestedDependency {
  readonly kind: SuggestionKind;
  readonly blocker: ItemId;
  readonly blocked: ItemId;
  /** The unhealthy files the two share, and their modules. */
  readonly files: readonly string[];
  readonly modules: readonly string[];
  readonly reason: string;
  /** For pay-debt-first: the trade-off's break-even in months and its horizon. */
  readonly breakEvenMonths?: number | null;
  readonly horizonMonths?: number;
}

export interface Plan {
  readonly scheme: RankingScheme;
  readonly wip: number;
  readonly items: readonly PlannedItem[];
  /** Ids in the order the items are expected to finish (by nominal finish, then position): the forecast's order. */
  readonly finishOrder: readonly ItemId[];
  readonly suggested: readonly SuggestedDependency[];
  /** Items with a technical judgment. */
  readonly judged: number;
  /** Done and dropped items left out. */
  readonly closed: number;
  readonly notices: readonly string[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface AreaHealth {
  readonly modules: readonly string[];
  /** Low-health files of the area and their modules. */
  readonly unhealthy: ReadonlyMap<string, string>;
  /** The worst health among them (the low-health risk's figure). */
  readonly health: number | null;
}

/** Modules of a judgment's area, and its low-health files (from the judgment's low-health risk). */
function getAreaHealth(judgment: ItemJudgment | undefined): AreaHealth {
  if (!judgment) return { modules: [], unhealthy: new Map(), health: null };
  const moduleOf = new Map(judgment.area.files.map((f) => [f.path, f.module]));
  const unhealthy = new Map<string, string>();
  let health: number | null = null;
  for (const risk of judgment.risks) {
    if (risk.kind !== 'low-health') continue;
    health = health === null ? risk.figure : Math.min(health, risk.figure);
    for (const file of risk.files) unhealthy.set(file, moduleOf.get(file) ?? '.');
  }
  return { modules: judgment.area.modules, unhealthy, health };
}

/**
 * Sequences the open backlog.
 *
 * Order: rankBacklog's (a topological order of the explicit dependencies, refusing a cycle with TpoError('Invalid')
 * naming it, then by priority, the tech-adjusted score where judgments exist). Schedule: in that order, each item
 * takes the slot (of `wip`) that frees first, and starts once that slot is free and its blockers are finished;
 * in-progress items are placed first. Durations are the adjusted efforts (person-weeks), so the schedule says
 * what runs in parallel and what starts after what; the forecast turns its order into dates.
 *
 * @example
 * const plan = sequencePlan(items, { wip: 2, judgments });
 * plan.items[0].startsAfter; // []
 */
export function sequencePlan(items: readonly Item[], options: SequencePlanOptions = {}): Plan {
  const wip = Math.max(1, Math.floor(options.wip ?? PLAN_DEFAULTS.wip));
  const judgments = options.judgments ?? new Map<ItemId, ItemJudgment>();
  const { adjustments, byItem } = getJudgmentAdjustments(items, judgments);
  const ranked = rankBacklog(items, { ...(options.scheme ? { scheme: options.scheme } : {}), adjustments });
  const byId = new Map(items.map((i) => [i.id, i]));
  const notices: string[] = [];

  // Efforts: the adjusted effort (max of stated and technical), else the median of the known ones.
  const effortOf = new Map<ItemId, number | null>();
  for (const r of ranked.items) {
    const item = byId.get(r.id)!;
    const technical = byItem.get(r.id)?.technicalWeeks ?? null;
    const stated = item.rice.effort;
    effortOf.set(
      r.id,
      stated === null && technical === null ? null : Math.max(stated ?? 0, technical ?? 0) || null,
    );
  }
  const known = [...effortOf.values()].filter((e): e is number => e !== null);
  const fallback = median(known) ?? PLAN_DEFAULTS.unknownEffortWeeks;
  const unknown = ranked.items.filter((r) => effortOf.get(r.id) === null).length;
  if (unknown > 0)
    notices.push(
      `${unknown} item${unknown === 1 ? ' has' : 's have'} no effort: the schedule gives ${unknown === 1 ? 'it' : 'each'} ${formatFigure(round2(fallback))} person-weeks (${known.length > 0 ? 'the median of the stated ones' : 'a default'})`,
    );

  // Schedule: in-progress items first (they already hold a slot), then the ranking's order.
  const inProgress = ranked.items.filter((r) => r.status === 'in-progress');
  if (inProgress.length > wip)
    notices.push(
      `${inProgress.length} items are in progress over a WIP limit of ${wip}: finish some before starting more`,
    );
  const order = [...inProgress, ...ranked.items.filter((r) => r.status !== 'in-progress')];
  const laneFree = new Array<number>(wip).fill(0);
  const laneLast = new Array<ItemId | null>(wip).fill(null);
  const finish = new Map<ItemId, number>();
  const scheduled = new Map<ItemId, { lane: number; start: number; finish: number; after: ItemId[] }>();
  for (const r of order) {
    let lane = 0;
    for (let l = 1; l < wip; l += 1) if (laneFree[l]! < laneFree[lane]!) lane = l;
    const ready = Math.max(0, ...r.waitsFor.map((b) => finish.get(b) ?? 0));
    const start = Math.max(ready, laneFree[lane]!);
    const end = start + (effortOf.get(r.id) ?? fallback);
    const after = [...r.waitsFor];
    const previous = laneLast[lane];
    if (previous && !after.includes(previous)) after.push(previous);
    laneFree[lane] = end;
    laneLast[lane] = r.id;
    finish.set(r.id, end);
    scheduled.set(r.id, { lane: lane + 1, start, finish: end, after: after.sort(compareItemIds) });
  }

  const health = new Map(ranked.items.map((r) => [r.id, getAreaHealth(judgments.get(r.id))]));
  const planned: PlannedItem[] = ranked.items.map((r) => {
    const s = scheduled.get(r.id)!;
    const adjusted = byItem.get(r.id);
    const h = health.get(r.id)!;
    return {
      position: r.position,
      id: r.id,
      title: r.title,
      kind: r.kind,
      status: r.status,
      score: r.score,
      adjustedScore: r.adjustedScore,
      priority: r.priority,
      reasons: r.reasons,
      waitsFor: r.waitsFor,
      unblocks: r.unblocks,
      effortWeeks: round2(effortOf.get(r.id) ?? fallback),
      effortAssumed: effortOf.get(r.id) === null,
      weight: adjusted?.weight ?? 1,
      weightReason: adjusted?.weightReason ?? null,
      lane: s.lane,
      startWeek: round2(s.start),
      finishWeek: round2(s.finish),
      startsAfter: s.after,
      modules: h.modules,
      unhealthyFiles: [...h.unhealthy.keys()].sort(),
      unhealthyModules: [...new Set(h.unhealthy.values())].sort(),
    };
  });
  const finishOrder = [...planned]
    .sort((a, b) => a.finishWeek - b.finishWeek || a.position - b.position)
    .map((p) => p.id);
  return {
    scheme: ranked.scheme,
    wip,
    items: planned,
    finishOrder,
    suggested: suggestDependencies(planned, byId, health, options),
    judged: ranked.items.filter((r) => judgments.has(r.id)).length,
    closed: ranked.closed,
    notices,
  };
}

/**
 * Suggested dependencies between items whose areas share unhealthy code (files with code health below 4):
 * - an open debt item and another item: the debt first when computeTradeoff recommends paying first (the other
 *   item's effort in hours, the debt's extra time, principal and interest, the later items in the same unhealthy
 *   files as upcoming work);
 * - two other items the schedule runs at the same time: the earlier in the plan first, one change at a time.
 */
function suggestDependencies(
  planned: readonly PlannedItem[],
  items: ReadonlyMap<ItemId, Item>,
  health: ReadonlyMap<ItemId, AreaHealth>,
  options: SequencePlanOptions,
): SuggestedDependency[] {
  const out: SuggestedDependency[] = [];
  const horizon = options.horizonMonths ?? 6;
  const withArea = planned.filter((p) => p.unhealthyFiles.length > 0);
  const shared = (a: PlannedItem, b: PlannedItem): string[] =>
    a.unhealthyFiles.filter((f) => b.unhealthyFiles.includes(f));
  const modulesOf = (a: PlannedItem, files: readonly string[]): string[] => [
    ...new Set(files.map((f) => health.get(a.id)!.unhealthy.get(f)!)),
  ];
  const explicit = (blocker: ItemId, blocked: ItemId): boolean =>
    items.get(blocked)?.blockedBy.includes(blocker) === true ||
    items.get(blocker)?.blockedBy.includes(blocked) === true;
  const describe = (a: PlannedItem, files: readonly string[]): string =>
    `${files.length === 1 ? files[0]! : `${files[0]!} and ${files.length - 1} more unhealthy file${files.length === 2 ? '' : 's'}`} (code health ${formatFigure(health.get(a.id)!.health!)})`;

  for (const debt of withArea) {
    const cost = options.debts?.get(debt.id);
    if (debt.kind !== 'debt' || !cost) continue;
    const others = withArea.filter((p) => p.kind !== 'debt' && shared(debt, p).length > 0);
    for (const item of others) {
      if (explicit(debt.id, item.id)) continue;
      const statedWeeks = items.get(item.id)!.rice.effort;
      const effortHours = (statedWeeks ?? item.effortWeeks) * PLAN_DEFAULTS.hoursPerWeek;
      const tradeoff = computeTradeoff({
        effortHours,
        extraTime: cost.extraTime,
        extraTimeAfter: 0,
        principalHours: cost.principalHours,
        interestHoursPerMonth: cost.interestHoursPerMonth,
        upcoming: others
          .filter((o) => o.id !== item.id && o.startWeek >= item.startWeek)
          .map((o) => ({
            id: o.id,
            effortHours: (items.get(o.id)!.rice.effort ?? o.effortWeeks) * PLAN_DEFAULTS.hoursPerWeek,
            inMonths: o.startWeek / PLAN_DEFAULTS.weeksPerMonth,
          })),
        horizonMonths: horizon,
      });
      if (tradeoff.recommendation !== 'pay-first') continue;
      const files = shared(debt, item);
      out.push({
        kind: 'pay-debt-first',
        blocker: debt.id,
        blocked: item.id,
        files,
        modules: modulesOf(item, files),
        reason: `pay the debt of ${debt.id} first: ${item.id} changes ${describe(debt, files)}; ${tradeoff.reasons[tradeoff.reasons.length - 1]!}`,
        breakEvenMonths: tradeoff.breakEvenMonths,
        horizonMonths: tradeoff.horizonMonths,
      });
    }
  }

  const features = withArea.filter((p) => p.kind !== 'debt');
  for (let i = 0; i < features.length; i += 1) {
    for (let j = i + 1; j < features.length; j += 1) {
      const a = features[i]!;
      const b = features[j]!;
      const files = shared(a, b);
      const overlap = a.startWeek < b.finishWeek && b.startWeek < a.finishWeek;
      if (files.length === 0 || !overlap || explicit(a.id, b.id)) continue;
      const [first, second] = a.position < b.position ? [a, b] : [b, a];
      out.push({
        kind: 'one-at-a-time',
        blocker: first.id,
        blocked: second.id,
        files,
        modules: modulesOf(first, files),
        reason: `${first.id} and ${second.id} would both change ${describe(first, files)} at the same time: one change at a time in unhealthy code avoids conflicting edits and double review; ${first.id} ranks higher`,
      });
    }
  }
  return out;
}
