/**
 * Flow metrics from the status history of the backlog (Kanban, after Vacanti): throughput, cycle-time
 * percentiles, the age of work in progress with the items older than the 85th percentile flagged, work in
 * progress against the WIP limits, and cumulative flow (items in each status at the end of every day). Pure: the
 * clock is a parameter. Definitions: ./cadence-rationale.md ("Flow").
 */
import {
  ITEM_STATUSES,
  WIP_STATUSES,
  type Item,
  type ItemId,
  type ItemStatus,
  type StatusChange,
  type WipLimits,
} from '../domain/index.js';
import { computeThroughput, SECONDS_PER_WEEK, THROUGHPUT_DEFAULTS } from './compute-throughput.js';
import { toIsoDay } from './forecast-completion.js';

export const FLOW_DEFAULTS = {
  /** Weeks of history the metrics look at, ending now. */
  windowWeeks: 12,
  /** Percentiles of cycle time reported (ActionableAgile's lines). */
  percentiles: [50, 70, 85, 95] as const,
  /** Work older than this percentile of cycle time is flagged as aging. */
  agingPercentile: 85,
} as const;

const DAY = 86_400;

export interface FlowOptions {
  /** Unix seconds: the end of the window (the app passes now). */
  readonly now: number;
  readonly windowWeeks?: number;
  readonly wipLimits?: WipLimits;
}

export interface CycleTimes {
  /** Finished items in the window with a start (a move to in-progress). */
  readonly count: number;
  /** Finished items in the window that never went through in-progress (no cycle time). */
  readonly withoutStart: number;
  /** Days (calendar days, start and finish day both counted), nearest-rank percentiles; null without items. */
  readonly p50: number | null;
  readonly p70: number | null;
  readonly p85: number | null;
  readonly p95: number | null;
  /** Every cycle time in the window, ascending (for the scatter and histogram). */
  readonly days: readonly number[];
}

export interface AgingItem {
  readonly id: ItemId;
  readonly title: string;
  readonly status: ItemStatus;
  /** YYYY-MM-DD: the first move to in-progress. */
  readonly started: string;
  /** Calendar days since it started, today counted. */
  readonly ageDays: number;
  /** True when older than the 85th percentile of cycle time: it is now slower than 85 % of finished work. */
  readonly overP85: boolean;
}

export interface WipCount {
  readonly status: ItemStatus;
  readonly count: number;
  readonly limit: number | null;
  readonly over: boolean;
}

export interface WipBreach {
  readonly status: ItemStatus;
  readonly limit: number;
  /** Days of the window that ended with more items in the status than its limit. */
  readonly days: number;
  /** The most items in the status at the end of a day of the window. */
  readonly worst: number;
  /** True when the status is over its limit now. */
  readonly now: boolean;
}

export interface CumulativeFlowDay {
  /** YYYY-MM-DD: the counts hold at the end of this day (UTC). */
  readonly day: string;
  readonly counts: Readonly<Record<ItemStatus, number>>;
}

export interface FlowMetrics {
  readonly window: { readonly start: string; readonly end: string; readonly weeks: number };
  readonly throughput: {
    /** Items finished in each week of the window, oldest first. */
    readonly weekly: readonly number[];
    readonly total: number;
    readonly meanPerWeek: number;
  };
  readonly cycleTime: CycleTimes;
  readonly wip: readonly WipCount[];
  /** Items in progress, oldest first. */
  readonly aging: readonly AgingItem[];
  readonly breaches: readonly WipBreach[];
  readonly cumulativeFlow: readonly CumulativeFlowDay[];
  readonly warnings: readonly string[];
}

/** Days since the epoch of a Unix time (UTC). */
const dayIndex = (t: number): number => Math.floor(t / DAY);

/** Nearest-rank percentile of ascending values: the smallest value with at least p % of them at or below it. */
export function getNearestRankPercentile(sorted: readonly number[], percent: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** An item's status at time t from its history (the last change at or before t), or null before it existed. */
export function getStatusAt(history: readonly StatusChange[], t: number): ItemStatus | null {
  let status: ItemStatus | null = null;
  for (const h of history) {
    if (h.at > t) break;
    status = h.to;
  }
  return status;
}

/** Calendar days from start to finish, both counted (Vacanti): started and finished the same day = 1 day. */
export function getElapsedDays(start: number, finish: number): number {
  return dayIndex(finish) - dayIndex(start) + 1;
}

/**
 * Flow metrics of the backlog over the window ending at `now`.
 *
 * @example
 * const flow = computeFlow(items, { now, wipLimits: { 'in-progress': 3 } });
 * flow.cycleTime.p85; // 9: 85 % of the items finished in the window took 9 days or less
 * flow.aging.filter((a) => a.overP85); // in-progress items already older than that
 */
export function computeFlow(items: readonly Item[], options: FlowOptions): FlowMetrics {
  const now = options.now;
  const weeks = Math.max(1, Math.floor(options.windowWeeks ?? FLOW_DEFAULTS.windowWeeks));
  const windowStart = now - weeks * SECONDS_PER_WEEK;
  const limits = options.wipLimits ?? {};
  const warnings: string[] = [];

  const finished = items.filter((i) => i.status === 'done' && i.finishedAt !== null && i.finishedAt < now);
  const throughput = computeThroughput(
    { source: 'backlog', finishTimes: finished.map((i) => i.finishedAt!) },
    { end: now, windowWeeks: weeks },
  );

  const inWindow = finished.filter((i) => i.finishedAt! >= windowStart);
  const cycle = inWindow
    .filter((i) => i.startedAt !== null && i.startedAt <= i.finishedAt!)
    .map((i) => getElapsedDays(i.startedAt!, i.finishedAt!))
    .sort((a, b) => a - b);
  const withoutStart = inWindow.length - cycle.length;
  const pct = (p: number): number | null => getNearestRankPercentile(cycle, p);
  const cycleTime: CycleTimes = {
    count: cycle.length,
    withoutStart,
    p50: pct(50),
    p70: pct(70),
    p85: pct(85),
    p95: pct(95),
    days: cycle,
  };
  if (cycle.length === 0)
    warnings.push(
      `no item finished in the last ${weeks} weeks went through in-progress: cycle time needs a start ("tpo move T-1 in-progress") and a finish`,
    );
  else if (cycle.length < THROUGHPUT_DEFAULTS.minDataPoints)
    warnings.push(
      `cycle-time percentiles from only ${cycle.length} finished item${cycle.length === 1 ? '' : 's'}: fewer than ${THROUGHPUT_DEFAULTS.minDataPoints} are unreliable (Vacanti)`,
    );
  if (withoutStart > 0)
    warnings.push(
      `${withoutStart} item${withoutStart === 1 ? '' : 's'} finished in the window never moved to in-progress, so ${withoutStart === 1 ? 'it has' : 'they have'} no cycle time`,
    );

  const p85 = cycleTime.p85;
  const aging: AgingItem[] = items
    .filter((i) => i.status === 'in-progress' && i.startedAt !== null)
    .map((i) => {
      const ageDays = getElapsedDays(i.startedAt!, now);
      return {
        id: i.id,
        title: i.title,
        status: i.status,
        started: toIsoDay(i.startedAt!),
        ageDays,
        overP85: p85 !== null && ageDays > p85,
      };
    })
    .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id));

  const wip: WipCount[] = WIP_STATUSES.map((status) => {
    const count = items.filter((i) => i.status === status).length;
    const limit = limits[status] ?? null;
    return { status, count, limit, over: limit !== null && count > limit };
  });

  // Cumulative flow: the status of every item at the end of each day of the window (today: now).
  const firstDay = dayIndex(windowStart) + 1;
  const lastDay = dayIndex(now);
  const days = Math.max(0, lastDay - firstDay + 1);
  const counts = ITEM_STATUSES.map(() => new Array<number>(days).fill(0));
  const statusIndex = new Map(ITEM_STATUSES.map((s, k) => [s, k]));
  for (const item of items) {
    const history = item.history;
    let p = 0;
    let status: ItemStatus | null = null;
    for (let d = 0; d < days; d += 1) {
      const end = Math.min(now, (firstDay + d + 1) * DAY - 1);
      while (p < history.length && history[p]!.at <= end) {
        status = history[p]!.to;
        p += 1;
      }
      if (status !== null) counts[statusIndex.get(status)!]![d]! += 1;
    }
  }
  const cumulativeFlow: CumulativeFlowDay[] = Array.from({ length: days }, (_, d) => ({
    day: toIsoDay((firstDay + d) * DAY),
    counts: Object.fromEntries(ITEM_STATUSES.map((s, k) => [s, counts[k]![d]!])) as Record<
      ItemStatus,
      number
    >,
  }));

  const breaches: WipBreach[] = [];
  for (const status of WIP_STATUSES) {
    const limit = limits[status];
    if (limit === undefined) continue;
    const series = counts[statusIndex.get(status)!]!;
    const over = series.filter((c) => c > limit).length;
    const current = wip.find((w) => w.status === status)!;
    if (over === 0 && !current.over) continue;
    breaches.push({
      status,
      limit,
      days: over,
      worst: Math.max(current.count, ...series),
      now: current.over,
    });
  }

  return {
    window: { start: toIsoDay(windowStart), end: toIsoDay(now), weeks },
    throughput: {
      weekly: throughput.weekly,
      total: throughput.items,
      meanPerWeek: Math.round(throughput.mean * 100) / 100,
    },
    cycleTime,
    wip,
    aging,
    breaches,
    cumulativeFlow,
    warnings,
  };
}
