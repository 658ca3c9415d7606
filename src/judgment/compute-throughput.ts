/**
 * Weekly throughput: how many items (or change sets) a team finished in each of the recent weeks, from their
 * finish times. The sample a Monte Carlo forecast draws from. Pure: the window's end is a parameter.
 * Definitions, sources and the window choice: ./forecast-rationale.md.
 */

/** Where finish times come from, in order of preference. */
export type ThroughputSource = 'backlog' | 'tracker' | 'git';
export const THROUGHPUT_SOURCES: readonly ThroughputSource[] = ['backlog', 'tracker', 'git'];

export const SECONDS_PER_WEEK = 7 * 86_400;

/** Defaults chosen by backtesting; see forecast-rationale.md. */
export const THROUGHPUT_DEFAULTS = {
  /** Weeks of history a forecast samples from, ending at the forecast's start. */
  windowWeeks: 12,
  /** Fewer finished items (or weekly samples) than this and the forecast warns (Vacanti). */
  minDataPoints: 10,
} as const;

/** What a source counts, in words for the output. */
export const SOURCE_LABEL: Record<ThroughputSource, string> = {
  backlog: 'items finished in the backlog',
  tracker: 'items imported from a tracker, by their finish times',
  git: 'merged change sets in git (first-parent commits of the default branch)',
};

export interface ThroughputHistory {
  readonly source: ThroughputSource;
  /** Finish times, Unix seconds, any order. */
  readonly finishTimes: readonly number[];
}

export interface ThroughputOptions {
  /** End of the window, Unix seconds (exclusive): the forecast's start. */
  readonly end: number;
  /** Weeks in the window (default 12). */
  readonly windowWeeks?: number;
}

export interface Throughput {
  readonly source: ThroughputSource;
  /** Finished items per week, oldest week first; the last week ends at `end`. */
  readonly weekly: readonly number[];
  /** Start of the first week, Unix seconds. */
  readonly windowStart: number;
  readonly end: number;
  /** Weeks sampled (the window, or fewer when the history is shorter). */
  readonly weeks: number;
  /** Items finished in the window. */
  readonly items: number;
  /** Items finished before `end`, in all history. */
  readonly historyItems: number;
  /** Mean items per week over the window. */
  readonly mean: number;
  /**
   * Finished items per day of the window, 7 per week in the order of `weekly`: day 0 of each week is the 24 hours
   * from its start, so day j of every week falls on the same weekday (and hours) as day j + 1 after `end`.
   */
  readonly daily: readonly number[];
  /**
   * How much more a window's total throughput varies than independent weeks would make it: over all the weeks
   * since the first finish, the variance of the sums of `weeks` consecutive weeks over `weeks` times the variance
   * of one week (1 for independent weeks; more when busy and quiet weeks come in runs, or the rate drifts).
   * At least 1; 1 when the history is shorter than two windows (too short to tell).
   */
  readonly varianceRatio: number;
  /**
   * `weeks` / `varianceRatio`: how many independent weeks the window is worth for estimating the team's rate
   * (the variance of a mean of autocorrelated weeks). Each trial of a forecast takes its rate from this many
   * redrawn weeks.
   */
  readonly effectiveWeeks: number;
  /**
   * Share of the window's finishes on each weekday, Sunday first (UTC), with one finish added to every day so that
   * a short history does not rule a day out.
   */
  readonly weekdayShares: readonly number[];
  /** Plain-language warnings: too few data points, no throughput at all. */
  readonly warnings: readonly string[];
}

/**
 * Bins the finish times before `end` into whole weeks ending at `end`. The window covers `windowWeeks` weeks, or
 * only the weeks since the first finish when the history is shorter (weeks before a team started are not zeros).
 *
 * @example
 * computeThroughput({ source: 'git', finishTimes: [t - 86_400, t - 8 * 86_400] }, { end: t, windowWeeks: 4 });
 * // weekly [1, 1]: the first finish was 8 days ago, so only 2 weeks are sampled
 */
export function computeThroughput(history: ThroughputHistory, options: ThroughputOptions): Throughput {
  const windowWeeks = Math.max(1, Math.floor(options.windowWeeks ?? THROUGHPUT_DEFAULTS.windowWeeks));
  const end = options.end;
  let first = Infinity;
  let historyItems = 0;
  for (const t of history.finishTimes) {
    if (t >= end) continue;
    historyItems += 1;
    if (t < first) first = t;
  }
  const weeks =
    historyItems === 0 ? 0 : Math.min(windowWeeks, Math.max(1, Math.ceil((end - first) / SECONDS_PER_WEEK)));
  const windowStart = end - weeks * SECONDS_PER_WEEK;
  const weekly = new Array<number>(weeks).fill(0);
  const byWeekday = [1, 1, 1, 1, 1, 1, 1];
  let items = 0;
  for (const t of history.finishTimes) {
    if (t >= end || t < windowStart) continue;
    const k = Math.min(weeks - 1, Math.floor((t - windowStart) / SECONDS_PER_WEEK));
    weekly[k]! += 1;
    byWeekday[new Date(t * 1000).getUTCDay()]! += 1;
    items += 1;
  }
  const daily = new Array<number>(weeks * 7).fill(0);
  for (const t of history.finishTimes) {
    if (t >= end || t < windowStart) continue;
    daily[Math.min(weeks * 7 - 1, Math.floor((t - windowStart) / 86_400))]! += 1;
  }
  const varianceRatio = computeVarianceRatio(history.finishTimes, end, first, weeks);
  const warnings: string[] = [];
  const min = THROUGHPUT_DEFAULTS.minDataPoints;
  if (items === 0) {
    warnings.push(
      historyItems === 0
        ? `no ${SOURCE_LABEL[history.source]} before the start: there is no throughput to forecast from`
        : `nothing was finished in the last ${windowWeeks} weeks: there is no recent throughput to forecast from`,
    );
  } else if (items < min || weeks < min) {
    warnings.push(
      `only ${items} finished item${items === 1 ? '' : 's'} over ${weeks} week${weeks === 1 ? '' : 's'}: forecasts from fewer than ${min} data points are unreliable (Vacanti); treat these dates as rough`,
    );
  }
  return {
    source: history.source,
    weekly,
    windowStart,
    end,
    weeks,
    items,
    historyItems,
    mean: weeks === 0 ? 0 : items / weeks,
    daily,
    varianceRatio,
    effectiveWeeks: weeks / varianceRatio,
    weekdayShares: byWeekday.map((x) => x / (items + 7)),
    warnings,
  };
}

/**
 * The variance ratio of weekly throughput at a horizon of `span` weeks (Lo and MacKinlay 1988, their unbiased
 * overlapping estimator): the
 * variance of the sums of `span` consecutive weeks over `span` times the variance of one week, over all the
 * weeks before `end` since the first finish. For weeks with lag-k autocorrelation r(k) it is 1 + 2 x the sum of
 * (1 - k / span) r(k): the factor by which a sum (or mean) of `span` weeks varies more than independent weeks
 * would make it. At least 1; 1 below two spans of history or when every week is the same.
 */
function computeVarianceRatio(
  finishTimes: readonly number[],
  end: number,
  first: number,
  span: number,
): number {
  if (span < 2 || !Number.isFinite(first)) return 1;
  const total = Math.ceil((end - first) / SECONDS_PER_WEEK);
  if (total < 2 * span) return 1;
  const weekly = new Float64Array(total);
  const start = end - total * SECONDS_PER_WEEK;
  for (const t of finishTimes) {
    if (t >= end || t < start) continue;
    weekly[Math.min(total - 1, Math.floor((t - start) / SECONDS_PER_WEEK))]! += 1;
  }
  let mean = 0;
  for (let i = 0; i < total; i += 1) mean += weekly[i]!;
  mean /= total;
  let one = 0;
  for (let i = 0; i < total; i += 1) one += (weekly[i]! - mean) ** 2;
  one /= total - 1;
  // Overlapping sums around span x the mean, with Lo and MacKinlay's unbiased divisor: (total - span + 1) sums,
  // less the share (span / total) of a sum's variance that the estimated mean absorbs.
  let squares = 0;
  let running = 0;
  for (let i = 0; i < total; i += 1) {
    running += weekly[i]!;
    if (i >= span) running -= weekly[i - span]!;
    if (i >= span - 1) squares += (running - span * mean) ** 2;
  }
  const sums = squares / ((total - span + 1) * (1 - span / total));
  return one > 0 ? Math.max(1, sums / (span * one)) : 1;
}

/**
 * The throughput of the first source, in order of preference (backlog, tracker, git), with at least 10 items
 * finished in the window; when none has that many, the one with the most (its warning says so). Null when no
 * history is given.
 */
export function chooseThroughput(
  histories: readonly ThroughputHistory[],
  options: ThroughputOptions,
): Throughput | null {
  const ordered = [...histories].sort(
    (a, b) => THROUGHPUT_SOURCES.indexOf(a.source) - THROUGHPUT_SOURCES.indexOf(b.source),
  );
  const computed = ordered.map((h) => computeThroughput(h, options));
  return (
    computed.find((t) => t.items >= THROUGHPUT_DEFAULTS.minDataPoints) ??
    computed.reduce<Throughput | null>((best, t) => (best === null || t.items > best.items ? t : best), null)
  );
}
