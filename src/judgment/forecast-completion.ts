/**
 * Monte Carlo forecasts of when planned items will be done, and how many will be done by a date, from past weekly
 * throughput. Pure and deterministic: the start is a parameter and every trial draws from one seeded PRNG.
 * Method, sources, weighting and limits: ./forecast-rationale.md.
 */
import { TpoError, type ItemId } from '../domain/index.js';

/** An item to forecast, in the order the team will finish the work. */
export interface ForecastItem {
  readonly id: ItemId;
  /** Units of throughput the item uses up: 1 for an ordinary item, more for one bigger than it looks. */
  readonly weight: number;
}

export interface ForecastOptions {
  /** Unix seconds: when the forecast starts (the app passes today). */
  readonly start: number;
  /** Default 10,000. */
  readonly trials?: number;
  /** Seed of the PRNG (default 1): the same seed gives the same forecast. */
  readonly seed?: number;
  /**
   * Share of finishes on each weekday, Sunday first (UTC), from the throughput's history; default: every day the
   * same. Spreads a week's capacity over its days, so a team that rests at weekends finishes nothing on them.
   */
  readonly weekdayShares?: readonly number[];
  /**
   * Finishes per day of the sampled weeks, 7 per week in the order of `weekly` (computeThroughput's `daily`): day
   * j of every week on the same weekday as day j + 1 after the start. When given, a drawn week's finishes fall on
   * its own days, keeping the team's weekly rhythm and its bursts, instead of being spread by `weekdayShares`.
   */
  readonly daily?: readonly number[];
  /**
   * Redraw the sampled weeks in every trial before drawing from them (a two-level bootstrap, default true): the
   * team's rate over the coming weeks is uncertain too, not only week to week. See forecast-rationale.md.
   */
  readonly resampleWindow?: boolean;
  /**
   * Weeks each trial redraws (default: as many as `weekly` has; rounded, between 1 and that): fewer when the
   * weeks are correlated, so that the rate of a trial varies as much as a mean of that many independent weeks
   * (computeThroughput's `effectiveWeeks`). With `daily`, their mean (over the window's) is the trial's rate, and
   * every week drawn from the whole window keeps each of its finishes at that rate (binomial thinning); without,
   * the trial draws its weeks from the redrawn ones.
   */
  readonly effectiveWeeks?: number;
  /** Unix seconds: also forecast how many items will be done by then (whole days from the start). */
  readonly by?: number;
  /** Trials stop counting after this many weeks (default 520, ten years): later is "beyond". */
  readonly maxWeeks?: number;
}

export const FORECAST_DEFAULTS = { trials: 10_000, seed: 1, maxWeeks: 520 } as const;

/** The percentiles every forecast reports. */
export const FORECAST_PERCENTILES = [50, 85, 95] as const;
export type Percentile = (typeof FORECAST_PERCENTILES)[number];

/** A forecast date: whole days from the start, and the calendar day (UTC) on which the last of them ends. */
export interface ForecastDate {
  /** Days from the start; null when later than `maxWeeks` weeks in that share of trials. */
  readonly days: number | null;
  /**
   * Where within that day the percentile falls, in days from the start (between `days` - 1 and `days`): the
   * trials finishing on the day taken as spread evenly over it. The backtest compares real finishes with this
   * rather than with the end of the day, which would favour the forecast by up to a day.
   */
  readonly fractionalDays: number | null;
  /** YYYY-MM-DD, or null (beyond the horizon). */
  readonly date: string | null;
}

export interface ItemForecast {
  readonly id: ItemId;
  /** 1 for the first item the team will finish. */
  readonly position: number;
  readonly weight: number;
  /** Throughput units needed up to and including this item. */
  readonly cumulativeWeight: number;
  readonly p50: ForecastDate;
  readonly p85: ForecastDate;
  readonly p95: ForecastDate;
}

export interface HowManyForecast {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** Whole days between the start and the date. */
  readonly days: number;
  /** At least this many items done, in 50 %, 85 % and 95 % of trials. */
  readonly p50: number;
  readonly p85: number;
  readonly p95: number;
  /** Items in the plan (the most that can be done). */
  readonly planned: number;
}

export interface CompletionForecast {
  readonly trials: number;
  readonly seed: number;
  /** YYYY-MM-DD. */
  readonly start: string;
  readonly items: readonly ItemForecast[];
  readonly howMany: HowManyForecast | null;
}

/** mulberry32: a small, fast 32-bit PRNG, good enough for sampling (not for cryptography). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** YYYY-MM-DD (UTC) of a Unix time. */
export function toIsoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** "12 March 2027" (UTC). */
export function formatLongDate(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${d} ${month} ${y}`;
}

/**
 * Cumulative share of a week's finishes on each of the 7 days after `start` (day 1 = the 24 hours after it), from
 * the weekday shares (Sunday first, UTC); uniform without them.
 */
function getDayShares(start: number, weekdayShares: readonly number[] | undefined): Float64Array {
  const cumulative = new Float64Array(7);
  const total = weekdayShares?.reduce((a, b) => a + Math.max(0, b), 0) ?? 0;
  let acc = 0;
  for (let j = 0; j < 7; j += 1) {
    const weekday = new Date((start + (j + 0.5) * 86_400) * 1000).getUTCDay();
    acc += weekdayShares && total > 0 ? Math.max(0, weekdayShares[weekday] ?? 0) / total : 1 / 7;
    cumulative[j] = acc;
  }
  cumulative[6] = 1;
  return cumulative;
}

/**
 * Runs the trials. Each trial first redraws `effectiveWeeks` of the past weeks with replacement (unless
 * `resampleWindow` is false). With `daily`, their mean over the window's is the trial's rate; week after week, the
 * trial draws one of all the past weeks, thins its finishes to that rate and adds them to the capacity done so
 * far; the item at position k is done on the day of the finish that brings the capacity to the weights of items
 * 1..k. Without `daily`, it draws each week from the redrawn ones, and the item is done on the day where that
 * week's capacity, spread over its days by the weekday shares, reaches it. Per item, the P50/P85/P95 date is the
 * first day by which that share of trials had finished it; "how many by D" is the number of items done by day D in
 * at least that share of trials.
 *
 * Throws TpoError('Invalid') when the throughput has no week or never finishes anything, or `daily` does not
 * have 7 days per week.
 *
 * @example
 * forecastCompletion([2, 2, 2], [{ id: 'T-1', weight: 1 }, { id: 'T-2', weight: 1 }, { id: 'T-3', weight: 1 }],
 *   { start });
 * // constant throughput 2 a week: T-1 on day 4 (3.5 rounded up), T-2 on day 7, T-3 on day 11, at every percentile
 */
export function forecastCompletion(
  weekly: readonly number[],
  items: readonly ForecastItem[],
  options: ForecastOptions,
): CompletionForecast {
  const trials = Math.max(1, Math.floor(options.trials ?? FORECAST_DEFAULTS.trials));
  const seed = options.seed ?? FORECAST_DEFAULTS.seed;
  const maxWeeks = Math.max(1, Math.floor(options.maxWeeks ?? FORECAST_DEFAULTS.maxWeeks));
  if (weekly.length === 0 || !weekly.some((w) => w > 0))
    throw new TpoError(
      'Invalid',
      'there is no throughput to forecast from: nothing was finished in the sampled weeks',
    );
  const n = items.length;
  const cumulative = new Float64Array(n);
  let acc = 0;
  for (let k = 0; k < n; k += 1) {
    acc += Math.max(0, items[k]!.weight);
    // A hair below the exact sum, so that 3 x 1/3 reaches 1 despite rounding.
    cumulative[k] = acc - 1e-9;
  }
  const random = createRandom(seed);
  const values = Float64Array.from(weekly);
  const w = values.length;
  const daily = options.daily === undefined ? null : Float64Array.from(options.daily);
  if (daily !== null && daily.length !== 7 * w)
    throw new TpoError(
      'Invalid',
      `daily throughput needs 7 days per week: ${daily.length} days for ${w} weeks`,
    );
  const resample = options.resampleWindow ?? true;
  // Weeks a trial redraws (kept as indices into `weekly` without the days): all, or as many as the window is worth.
  const poolSize = resample ? Math.min(w, Math.max(1, Math.round(options.effectiveWeeks ?? w))) : w;
  const pool = Int32Array.from({ length: w }, (_, i) => i);
  // Without the days: each week's capacity by the end of each of its days, its total spread by the weekday shares.
  const dayShares = getDayShares(options.start, options.weekdayShares);
  const reachedBy = new Float64Array(7 * w);
  for (let i = 0; i < w; i += 1)
    for (let j = 0; j < 7; j += 1) reachedBy[i * 7 + j] = dayShares[j]! * values[i]!;
  // With them: each week's finishes as the day (0-6) of each, in order, week i's from weekStarts[i].
  const weekStarts = new Int32Array(w + 1);
  let finishDays: Uint8Array | null = null;
  if (daily !== null) {
    const counts = daily.map((c) => Math.max(0, Math.round(c)));
    finishDays = new Uint8Array(counts.reduce((a, b) => a + b, 0));
    let f = 0;
    for (let i = 0; i < w; i += 1) {
      weekStarts[i] = f;
      for (let j = 0; j < 7; j += 1) for (let c = 0; c < counts[i * 7 + j]!; c += 1) finishDays[f++] = j;
    }
    weekStarts[w] = f;
  }
  // How many trials finished each item on each day (day maxDays + 1 = beyond the horizon), day-major: within a
  // trial, items finish in order on the same or later days, so the writes sweep forward through memory.
  const maxDays = maxWeeks * 7;
  // Counts fit 16 bits up to 65,535 trials: half the memory to sweep.
  const cells = n * (maxDays + 2);
  const finishedIn = trials <= 0xffff ? new Uint16Array(cells) : new Uint32Array(cells);
  const byDays =
    options.by === undefined ? -1 : Math.max(0, Math.floor((options.by - options.start + 1) / 86_400));
  const doneBy = new Uint32Array(n + 1);
  let windowTotal = 0;
  for (let i = 0; i < w; i += 1) windowTotal += values[i]!;
  for (let trial = 0; trial < trials; trial += 1) {
    // With the days known, the trial's rate (a multiple of the window's) is the mean of `poolSize` redrawn weeks;
    // without, the trial draws its weeks from `poolSize` redrawn ones.
    let rate = 1;
    if (resample && daily !== null) {
      let sum = 0;
      for (let i = 0; i < poolSize; i += 1) sum += values[Math.floor(random() * w)]!;
      // (sum / poolSize) / (windowTotal / w), in an order that gives exactly 1 when every week is the same
      rate = (sum * w) / (windowTotal * poolSize);
    } else if (resample) for (let i = 0; i < poolSize; i += 1) pool[i] = Math.floor(random() * w);
    const whole = Math.floor(rate);
    // One finish in `part` counts once more: a 16-bit draw under `extraBelow`, two draws from each random number.
    const extraBelow = Math.round((rate - whole) * 0x10000);
    let spareBits = -1;
    let capacity = 0;
    let k = 0;
    let done = 0;
    // A trial whose redrawn weeks finished nothing never finishes anything: no need to run its weeks.
    const weeks = rate === 0 ? 0 : maxWeeks;
    for (let week = 0; k < n && week < weeks; week += 1) {
      const firstDay = week * 7 + 1;
      if (finishDays !== null) {
        // The drawn week's finishes in order, each counting `whole` times and once more with the probability left
        // (binomial thinning: whole finishes, at the trial's rate on average); an item is done on the day of the
        // finish that reaches it.
        const index = Math.floor(random() * w);
        for (let f = weekStarts[index]!, end = weekStarts[index + 1]!; f < end; f += 1) {
          capacity += whole;
          if (extraBelow > 0) {
            let bits = spareBits;
            if (bits < 0) {
              const r = random() * 0x100000000;
              bits = r & 0xffff;
              spareBits = r >>> 16;
            } else spareBits = -1;
            // 1 when bits < extraBelow (the sign bit of their difference), without a branch to mispredict
            capacity += (bits - extraBelow) >>> 31;
          }
          while (k < n && capacity >= cumulative[k]!) {
            const day = firstDay + finishDays[f]!;
            finishedIn[day * n + k]! += 1;
            if (day <= byDays) done += 1;
            k += 1;
          }
        }
        continue;
      }
      const index = pool[Math.floor(random() * poolSize)]!;
      const drawn = values[index]!;
      const before = capacity;
      capacity += drawn;
      if (capacity < cumulative[k]!) continue;
      // The items done this week, each on the day by whose end the week's capacity reaches it (its total spread by
      // the weekday shares): the day only moves forward as k rises.
      const row = index * 7;
      let j = 0;
      do {
        const needed = cumulative[k]! - before;
        while (j < 6 && reachedBy[row + j]! < needed) j += 1;
        const day = firstDay + j;
        finishedIn[day * n + k]! += 1;
        if (day <= byDays) done += 1;
        k += 1;
      } while (k < n && capacity >= cumulative[k]!);
    }
    for (let rest = k; rest < n; rest += 1) finishedIn[(maxDays + 1) * n + rest]! += 1;
    doneBy[done]! += 1;
  }

  const startDay = toIsoDay(options.start);
  const dateOf = (days: number | null, fractionalDays: number): ForecastDate =>
    days === null
      ? { days: null, fractionalDays: null, date: null }
      : { days, fractionalDays, date: toIsoDay(options.start + days * 86_400 - 1) };
  // Percentiles: one pass over the days, accumulating every item's finished trials.
  const percentileDays = FORECAST_PERCENTILES.map(() => new Int32Array(n).fill(-1));
  const percentileFractions = FORECAST_PERCENTILES.map(() => new Float64Array(n));
  const seen = new Uint32Array(n);
  let pending = n;
  const last = FORECAST_PERCENTILES.length - 1;
  for (let day = 0; day <= maxDays && pending > 0; day += 1) {
    const row = day * n;
    for (let k = 0; k < n; k += 1) {
      const count = finishedIn[row + k]!;
      if (count === 0) continue;
      seen[k]! += count;
      for (let p = 0; p <= last; p += 1) {
        if (percentileDays[p]![k] !== -1 || seen[k]! * 100 < FORECAST_PERCENTILES[p]! * trials) continue;
        percentileDays[p]![k] = day;
        // The share of the day's finishes needed to reach the percentile, as the share of the day gone by.
        percentileFractions[p]![k] =
          day - 1 + (FORECAST_PERCENTILES[p]! * trials - (seen[k]! - count) * 100) / (count * 100);
        if (p === last) pending -= 1;
      }
    }
  }
  const out: ItemForecast[] = [];
  for (let k = 0; k < n; k += 1) {
    const at = (p: number): ForecastDate =>
      dateOf(percentileDays[p]![k]! < 0 ? null : percentileDays[p]![k]!, percentileFractions[p]![k]!);
    out.push({
      id: items[k]!.id,
      position: k + 1,
      weight: items[k]!.weight,
      cumulativeWeight: Math.round((cumulative[k]! + 1e-9) * 100) / 100,
      p50: at(0),
      p85: at(1),
      p95: at(2),
    });
  }

  let howMany: HowManyForecast | null = null;
  if (options.by !== undefined) {
    // At least x items in q of the trials: the largest x with share(done >= x) >= q.
    const atLeast = (percent: number): number => {
      let share = 0;
      for (let x = n; x >= 0; x -= 1) {
        share += doneBy[x]!;
        if (share * 100 >= percent * trials) return x;
      }
      return 0;
    };
    howMany = {
      date: toIsoDay(options.by),
      days: byDays,
      p50: atLeast(50),
      p85: atLeast(85),
      p95: atLeast(95),
      planned: n,
    };
  }
  return { trials, seed, start: startDay, items: out, howMany };
}
