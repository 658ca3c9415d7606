/**
 * Calibration: replays a team's history, forecasting at many past dates when the next N items would be done from
 * only the throughput known then, and counts how often the real finish came by the P50, P85 and P95 dates.
 * Pure: the history is a parameter. See ./forecast-rationale.md ("Calibration").
 */
import { TpoError } from '../domain/index.js';
import {
  computeThroughput,
  SECONDS_PER_WEEK,
  THROUGHPUT_DEFAULTS,
  type ThroughputHistory,
} from './compute-throughput.js';
import { forecastCompletion, toIsoDay, type ForecastDate, type ForecastItem } from './forecast-completion.js';

export interface BacktestOptions {
  /** How many next items each forecast is about (default [5, 10, 20]). */
  readonly horizons?: readonly number[];
  /**
   * Days between two forecast dates (default 10: not a whole number of weeks, so that forecasts start on every
   * weekday in turn; a team that does not work weekends finishes less in a week that starts on a Friday).
   */
  readonly stepDays?: number;
  /** Weeks of throughput each forecast samples (default: THROUGHPUT_DEFAULTS.windowWeeks). */
  readonly windowWeeks?: number;
  /** Trials per forecast (default 2,000: each forecast only needs three percentiles of one item). */
  readonly trials?: number;
  readonly seed?: number;
  /** Unix seconds: first and last forecast dates (default: one window after the first finish, the last finish). */
  readonly from?: number;
  readonly to?: number;
}

export const BACKTEST_DEFAULTS = { horizons: [5, 10, 20], stepDays: 10, trials: 2_000 } as const;

/** One past forecast and what really happened. */
export interface BacktestPoint {
  /** YYYY-MM-DD the forecast was made. */
  readonly at: string;
  readonly p50: string;
  readonly p85: string;
  readonly p95: string;
  /** YYYY-MM-DD the N-th next item really finished. */
  readonly actual: string;
}

export interface HitRate {
  /** Forecasts whose real finish came by the percentile's date. */
  readonly hits: number;
  /** hits / forecasts, in [0, 1]. */
  readonly rate: number;
}

export interface BacktestHorizon {
  /** Forecasts of the next `items` items. */
  readonly items: number;
  /** Forecasts made (sample size). */
  readonly forecasts: number;
  readonly p50: HitRate;
  readonly p85: HitRate;
  readonly p95: HitRate;
  readonly points: readonly BacktestPoint[];
}

export interface Backtest {
  readonly source: ThroughputHistory['source'];
  readonly windowWeeks: number;
  readonly stepDays: number;
  readonly trials: number;
  /** YYYY-MM-DD of the first and last forecast dates; null without any forecast. */
  readonly from: string | null;
  readonly to: string | null;
  /** Forecast dates left out: fewer than 10 items finished in the window then. */
  readonly skipped: number;
  readonly horizons: readonly BacktestHorizon[];
}

/**
 * Replays the history. At each forecast date t (every `stepDays` days from `from` to `to`), the throughput of
 * the window ending at t (and the variance ratio of all weeks before t) gives a forecast of the next N items (each
 * of weight 1); it counts when the N-th item that really finished after t finished by the forecast's P50, P85 and
 * P95 moments (`fractionalDays`: within the percentile's day, not at its end). Dates whose window holds fewer
 * than 10 finished items are skipped (Vacanti's threshold), as are those whose N-th next item has not finished.
 *
 * Successive forecasts overlap (the same weeks are in several windows and several outcomes), so the sample size
 * overstates the independent evidence; see forecast-rationale.md.
 *
 * @example
 * const result = backtestForecast({ source: 'git', finishTimes }, { horizons: [10] });
 * result.horizons[0].p85.rate; // e.g. 0.84 over result.horizons[0].forecasts forecasts
 */
export function backtestForecast(history: ThroughputHistory, options: BacktestOptions = {}): Backtest {
  const horizons = options.horizons ?? BACKTEST_DEFAULTS.horizons;
  const stepDays = Math.max(1, Math.floor(options.stepDays ?? BACKTEST_DEFAULTS.stepDays));
  const windowWeeks = Math.max(1, Math.floor(options.windowWeeks ?? THROUGHPUT_DEFAULTS.windowWeeks));
  const trials = options.trials ?? BACKTEST_DEFAULTS.trials;
  const times = [...history.finishTimes].sort((a, b) => a - b);
  if (horizons.some((n) => !Number.isInteger(n) || n < 1))
    throw new TpoError('Invalid', 'each backtest horizon must be a whole number of items, 1 or more');
  const maxHorizon = Math.max(...horizons);
  const empty: Backtest = {
    source: history.source,
    windowWeeks,
    stepDays,
    trials,
    from: null,
    to: null,
    skipped: 0,
    horizons: horizons.map((items) => ({
      items,
      forecasts: 0,
      p50: { hits: 0, rate: 0 },
      p85: { hits: 0, rate: 0 },
      p95: { hits: 0, rate: 0 },
      points: [],
    })),
  };
  if (times.length === 0) return empty;
  const from = options.from ?? times[0]! + windowWeeks * SECONDS_PER_WEEK;
  const to = options.to ?? times[times.length - 1]!;
  const items: ForecastItem[] = Array.from({ length: maxHorizon }, (_, k) => ({
    id: `N-${k + 1}`,
    weight: 1,
  }));
  const points = horizons.map(() => [] as BacktestPoint[]);
  const hits = horizons.map(() => [0, 0, 0]);
  let skipped = 0;
  let first: number | null = null;
  let last: number | null = null;
  let cursor = 0;
  for (let t = from; t <= to; t += stepDays * 86_400) {
    while (cursor < times.length && times[cursor]! < t) cursor += 1;
    if (cursor >= times.length) break;
    const throughput = computeThroughput(
      { source: history.source, finishTimes: times.slice(0, cursor) },
      {
        end: t,
        windowWeeks,
      },
    );
    if (throughput.items < THROUGHPUT_DEFAULTS.minDataPoints) {
      skipped += 1;
      continue;
    }
    const available = times.length - cursor;
    const forecast = forecastCompletion(throughput.weekly, items.slice(0, Math.min(maxHorizon, available)), {
      start: t,
      trials,
      daily: throughput.daily,
      effectiveWeeks: throughput.effectiveWeeks,
      seed: (options.seed ?? 1) + Math.floor(t / 86_400),
    });
    first ??= t;
    last = t;
    horizons.forEach((n, h) => {
      if (n > available) return;
      const f = forecast.items[n - 1]!;
      const actual = times[cursor + n - 1]!;
      // The moment within the percentile's day, not the day's end: a forecast of 5 items a day and a half away
      // would otherwise get up to a day of slack, and its P50 hold well over half the time.
      const deadline = (d: ForecastDate): number =>
        d.fractionalDays === null ? Infinity : t + d.fractionalDays * 86_400;
      const row = hits[h]!;
      if (actual <= deadline(f.p50)) row[0]! += 1;
      if (actual <= deadline(f.p85)) row[1]! += 1;
      if (actual <= deadline(f.p95)) row[2]! += 1;
      points[h]!.push({
        at: toIsoDay(t),
        p50: f.p50.date ?? 'beyond',
        p85: f.p85.date ?? 'beyond',
        p95: f.p95.date ?? 'beyond',
        actual: toIsoDay(actual),
      });
    });
  }
  return {
    ...empty,
    from: first === null ? null : toIsoDay(first),
    to: last === null ? null : toIsoDay(last),
    skipped,
    horizons: horizons.map((items, h) => {
      const count = points[h]!.length;
      const rate = (x: number): HitRate => ({ hits: x, rate: count === 0 ? 0 : x / count });
      return {
        items,
        forecasts: count,
        p50: rate(hits[h]![0]!),
        p85: rate(hits[h]![1]!),
        p95: rate(hits[h]![2]!),
        points: points[h]!,
      };
    }),
  };
}
