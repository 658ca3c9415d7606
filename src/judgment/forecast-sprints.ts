/**
 * Forecasts in sprints ("85 % likely within 3 sprints"): the Monte Carlo engine of forecast-completion.ts run
 * with one sprint per step, drawing from the person-days done in past sprints, each item weighing its size in
 * person-days (its technical size when it is bigger than it looks). Pure. See ./cadence-rationale.md.
 */
import type { ItemId } from '../domain/index.js';
import { forecastCompletion, type ForecastDate } from './forecast-completion.js';

export interface SprintForecastItem {
  readonly id: ItemId;
  /** Person-days. */
  readonly sizeDays: number;
}

export interface SprintForecastOptions {
  /** Unix seconds: the start of the first sprint forecast (only for determinism; results are in sprints). */
  readonly start: number;
  readonly trials?: number;
  readonly seed?: number;
}

export interface ItemSprintForecast {
  readonly id: ItemId;
  readonly position: number;
  readonly sizeDays: number;
  /** Person-days up to and including this item. */
  readonly cumulativeDays: number;
  /** Sprints from now within which the item is done in 50, 85 and 95 % of the trials; null beyond 520 sprints. */
  readonly p50: number | null;
  readonly p85: number | null;
  readonly p95: number | null;
}

export interface SprintForecast {
  readonly trials: number;
  readonly seed: number;
  /** The past sprints' done person-days sampled. */
  readonly samples: readonly number[];
  readonly items: readonly ItemSprintForecast[];
}

// forecastCompletion counts in weeks of 7 days; here each "week" is one sprint, so day d falls in sprint ceil(d/7).
const toSprints = (date: ForecastDate): number | null =>
  date.days === null ? null : Math.ceil(date.days / 7);

/**
 * How many sprints until each item (in finish order) is done, from the person-days finished in past sprints.
 * Throws TpoError('Invalid') (from the engine) when no past sprint finished anything.
 *
 * @example
 * forecastSprints([10, 10], [{ id: 'T-1', sizeDays: 15 }], { start }).items[0].p85; // 2
 */
export function forecastSprints(
  doneDaysPerSprint: readonly number[],
  items: readonly SprintForecastItem[],
  options: SprintForecastOptions,
): SprintForecast {
  const forecast = forecastCompletion(
    doneDaysPerSprint,
    items.map((i) => ({ id: i.id, weight: i.sizeDays })),
    {
      start: options.start,
      ...(options.trials !== undefined ? { trials: options.trials } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      // Only a handful of past sprints: redrawing them per trial widens the range, as for weekly throughput.
      resampleWindow: true,
    },
  );
  return {
    trials: forecast.trials,
    seed: forecast.seed,
    samples: doneDaysPerSprint,
    items: forecast.items.map((f) => ({
      id: f.id,
      position: f.position,
      sizeDays: f.weight,
      cumulativeDays: f.cumulativeWeight,
      p50: toSprints(f.p50),
      p85: toSprints(f.p85),
      p95: toSprints(f.p95),
    })),
  };
}
