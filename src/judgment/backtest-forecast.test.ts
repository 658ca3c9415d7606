import { describe, expect, it } from 'vitest';
import { backtestForecast } from './backtest-forecast.js';
import { createRandom } from './forecast-completion.js';

const WEEK = 7 * 86_400;
const T0 = Date.UTC(2020, 0, 6) / 1000;

/** A stationary history: Poisson(5) items a week for `weeks` weeks, each at a uniform time in its week. */
function poissonHistory(weeks: number, seed: number): number[] {
  const random = createRandom(seed);
  const lambda = 5;
  const times: number[] = [];
  for (let w = 0; w < weeks; w += 1) {
    let k = 0;
    let p = Math.exp(-lambda);
    let c = p;
    const u = random();
    while (u > c) {
      k += 1;
      p *= lambda / k;
      c += p;
    }
    for (let i = 0; i < k; i += 1) times.push(T0 + w * WEEK + random() * WEEK);
  }
  return times;
}

describe('backtestForecast', () => {
  it('hits its percentiles within sampling error on a history of known, steady throughput', () => {
    const result = backtestForecast({ source: 'git', finishTimes: poissonHistory(300, 11) });
    for (const h of result.horizons) {
      expect(h.forecasts).toBeGreaterThan(180);
      // Forecasts 10 days apart about the next N items (N / 5 weeks) overlap: count one in every
      // ceil(N / 5 x 7 / 10) as independent.
      const effective = h.forecasts / Math.ceil(((h.items / 5) * 7) / 10);
      for (const [rate, q] of [
        [h.p50.rate, 0.5],
        [h.p85.rate, 0.85],
        [h.p95.rate, 0.95],
      ] as const) {
        const sigma = Math.sqrt((q * (1 - q)) / effective);
        expect(Math.abs(rate - q)).toBeLessThan(3 * sigma);
      }
      expect(h.p50.rate).toBeLessThan(h.p85.rate);
      expect(h.p85.rate).toBeLessThanOrEqual(h.p95.rate);
    }
  });

  it("compares the real finish with the moment within the percentile's day, not with the day's end", () => {
    // One item a day at 01:00, forecasts at 05:00: the next 7 items finish 20 hours into days 1 to 7. Every trial
    // finishes the 7th on day 7 (the window has one finish in each of its days), so P50 falls half-way through
    // day 7 (6.5 days, before the real 6.83) and P85 at 6.85 days (after it).
    const times = Array.from({ length: 280 }, (_, k) => T0 + k * 86_400 + 3600);
    const result = backtestForecast(
      { source: 'backlog', finishTimes: times },
      { horizons: [7], stepDays: 7, from: T0 + 12 * WEEK + 5 * 3600 },
    );
    const h = result.horizons[0]!;
    expect(h.forecasts).toBeGreaterThan(20);
    expect([h.p50.rate, h.p85.rate, h.p95.rate]).toEqual([0, 1, 1]);
    expect(h.points[0]).toMatchObject({ p50: h.points[0]!.actual, p85: h.points[0]!.actual });
  });

  it('forecasts only from what was known then, and checks against the real finish of the N-th next item', () => {
    // One item a day for 40 weeks: the next 7 items always take exactly 7 days
    const times = Array.from({ length: 280 }, (_, k) => T0 + k * 86_400 + 3600);
    const result = backtestForecast(
      { source: 'backlog', finishTimes: times },
      { horizons: [7], stepDays: 7 },
    );
    const h = result.horizons[0]!;
    expect(h.forecasts).toBeGreaterThan(20);
    expect(h.p85.rate).toBe(1);
    expect(h.points[0]).toMatchObject({ at: '2020-03-30', actual: '2020-04-05' });
    expect(result).toMatchObject({ source: 'backlog', windowWeeks: 12, stepDays: 7, skipped: 0 });
  });

  it('skips dates whose window holds fewer than 10 finished items, and reports nothing for an empty history', () => {
    const sparse = Array.from({ length: 30 }, (_, k) => T0 + k * 3 * WEEK);
    expect(backtestForecast({ source: 'git', finishTimes: sparse }).skipped).toBeGreaterThan(0);
    const empty = backtestForecast({ source: 'git', finishTimes: [] });
    expect(empty.horizons.map((h) => h.forecasts)).toEqual([0, 0, 0]);
    expect(empty.from).toBeNull();
  });
});
