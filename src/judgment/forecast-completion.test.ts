import { describe, expect, it } from 'vitest';
import {
  createRandom,
  forecastCompletion,
  formatLongDate,
  type ForecastItem,
} from './forecast-completion.js';

const DAY = 86_400;
/** Monday 1 March 2027, 00:00 UTC. */
const START = Date.UTC(2027, 2, 1) / 1000;

function items(n: number, weight = 1): ForecastItem[] {
  return Array.from({ length: n }, (_, k) => ({ id: `T-${k + 1}`, weight }));
}

describe('forecastCompletion', () => {
  it('gives a single date per item at every percentile when throughput is constant', () => {
    const f = forecastCompletion([2, 2, 2, 2], items(3), { start: START });
    // 2 a week spread evenly over 7 days: T-1 at half a week (day 3.5, rounded up to 4), T-2 at day 7,
    // T-3 half-way through week 2 (day 7 + 4 = 11)
    expect(f.items.map((i) => [i.id, i.p50.days, i.p85.days, i.p95.days])).toEqual([
      ['T-1', 4, 4, 4],
      ['T-2', 7, 7, 7],
      ['T-3', 11, 11, 11],
    ]);
    // day 11 from Monday 1 March at midnight ends on 11 March
    expect(f.items[2]!.p85.date).toBe('2027-03-11');
    // every trial finishes T-1 on day 4: half of them by the middle of that day, 85 % by 0.85 of it
    expect([f.items[0]!.p50.fractionalDays, f.items[0]!.p85.fractionalDays]).toEqual([3.5, 3.85]);
    expect(f.items[0]!.p95.fractionalDays).toBeCloseTo(3.95, 10);
    expect(f.start).toBe('2027-03-01');
  });

  it('matches the geometric distribution worked out by hand for weeks of 0, 0 or 2 items', () => {
    // Each week finishes 2 items with probability 1/3, else none; one item is done in the first week that
    // finishes any: P(week <= w) = 1 - (2/3)^w = 0.33, 0.56, 0.70, 0.80, 0.87, 0.91, 0.94, 0.96 for w = 1..8.
    // P50 is week 2, P85 week 5, P95 week 8; the item is done half-way through its week (day 4 of 7).
    const f = forecastCompletion([0, 0, 2], items(1), { start: START, seed: 3, resampleWindow: false });
    expect([f.items[0]!.p50.days, f.items[0]!.p85.days, f.items[0]!.p95.days]).toEqual([
      7 + 4,
      4 * 7 + 4,
      7 * 7 + 4,
    ]);
  });

  it("finishes the items of a drawn week on that week's own days when the daily throughput is given", () => {
    // Weeks of 2, 0 and 0 finishes, the 2 both on the second day: as in the geometric case above, P50 is week 2,
    // P85 week 5 and P95 week 8, but the items are done on day 2 of the week, not spread over it.
    const zeros = [0, 0, 0, 0, 0, 0, 0];
    const f = forecastCompletion([2, 0, 0], items(2), {
      start: START,
      seed: 3,
      resampleWindow: false,
      daily: [0, 2, 0, 0, 0, 0, 0, ...zeros, ...zeros],
    });
    for (const item of f.items)
      expect([item.p50.days, item.p85.days, item.p95.days]).toEqual([7 + 2, 4 * 7 + 2, 7 * 7 + 2]);
    expect(() => forecastCompletion([2], items(1), { start: START, daily: [2] })).toThrow(/7 days per week/);
  });

  it('redraws only the effective weeks in each trial: with one, the rate of a trial is one past week', () => {
    // Weeks of 0, 4 and 4: a trial that redraws one week keeps its 0 for ever in a third of the trials, so P85
    // is beyond the horizon; redrawing all three weeks, only (1/3)^3 = 4 % of the trials never finish, so even P95
    // is a date.
    const one = forecastCompletion([0, 4, 4], items(1), { start: START, effectiveWeeks: 1, maxWeeks: 52 });
    // 4 a week spread evenly: the first is done a quarter through the week, on day 2
    expect([one.items[0]!.p50.days, one.items[0]!.p85.days]).toEqual([2, null]);
    const all = forecastCompletion([0, 4, 4], items(1), { start: START, maxWeeks: 52 });
    expect(all.items[0]!.p95.days).not.toBeNull();
    // as many effective weeks as weeks is the default
    expect(forecastCompletion([0, 4, 4], items(3), { start: START, effectiveWeeks: 3 })).toEqual(
      forecastCompletion([0, 4, 4], items(3), { start: START }),
    );
  });

  it('gives a single date with the daily throughput too when every week is the same', () => {
    // 2 a week, on Monday and Thursday: every trial's rate is the window's, every week the same
    const week = [1, 0, 0, 1, 0, 0, 0];
    const f = forecastCompletion([2, 2, 2], items(3), { start: START, daily: [...week, ...week, ...week] });
    expect(f.items.map((i) => [i.p50.days, i.p85.days, i.p95.days])).toEqual([
      [1, 1, 1],
      [4, 4, 4],
      [8, 8, 8],
    ]);
  });

  it("thins the drawn weeks' finishes to the trial's rate, one redrawn week making it zero a third of the time", () => {
    // Weeks of 0, 4 and 4 finishes, the 4 on Mondays, one effective week: the trial's rate is 0 (a third of the
    // trials: never done) or 1.5 x the window's. Weeks are drawn from all three: the first item is done on the
    // Monday of the first week with finishes, by day 1 in 2/3 x 2/3 = 44 % of the trials, by day 8 in
    // 2/3 x (1 - 1/9) = 59 %, never beyond 2/3.
    const zeros = [0, 0, 0, 0, 0, 0, 0];
    const monday = [4, 0, 0, 0, 0, 0, 0];
    const f = forecastCompletion([0, 4, 4], items(1), {
      start: START,
      daily: [...zeros, ...monday, ...monday],
      effectiveWeeks: 1,
      maxWeeks: 52,
    });
    expect([f.items[0]!.p50.days, f.items[0]!.p85.days, f.items[0]!.p95.days]).toEqual([8, null, null]);
  });

  it('counts an item bigger than it looks as more than one unit of throughput', () => {
    const f = forecastCompletion([1], [{ id: 'T-1', weight: 2.5 }, ...items(1)], { start: START });
    // 1 a week: T-1 needs 2.5 weeks (day 17.5 -> 18), T-2 one more (day 24.5 -> 25)
    expect(f.items.map((i) => i.p50.days)).toEqual([18, 25]);
    expect(f.items[1]!.cumulativeWeight).toBe(3.5);
  });

  it('spreads a week over the days the team works: nothing is finished at a weekend', () => {
    const saturday = START - 2 * DAY;
    // Finishes only from Monday to Friday (Sunday first), 5 a week: the first is done on Monday, the third day
    const weekdays = [0, 1, 1, 1, 1, 1, 0];
    const f = forecastCompletion([5], items(6), { start: saturday, weekdayShares: weekdays });
    expect(f.items.map((i) => i.p50.days)).toEqual([3, 4, 5, 6, 7, 10]);
    expect(f.items[0]!.p50.date).toBe('2027-03-01');
  });

  it('says how many items will be done by a date, at least that many in 50, 85 and 95 % of trials', () => {
    const f = forecastCompletion([2], items(10), { start: START, by: START + 14 * DAY - 1 });
    // 14 days: items at days 4, 7, 11 and 14
    expect(f.howMany).toEqual({ date: '2027-03-14', days: 14, p50: 4, p85: 4, p95: 4, planned: 10 });
    const g = forecastCompletion([0, 0, 2], items(1), {
      start: START,
      by: START + 7 * DAY,
      resampleWindow: false,
    });
    // done in week 1 with probability 1/3: at least 1 in 33 % of trials, so 0 at 50 % and above
    expect(g.howMany).toMatchObject({ p50: 0, p85: 0, p95: 0 });
    const h = forecastCompletion([0, 2, 2, 2], items(1), {
      start: START,
      by: START + 7 * DAY,
      resampleWindow: false,
    });
    // done in week 1 with probability 3/4: at least 1 in 75 % of trials (so at 50 %, not at 85 %)
    expect(h.howMany).toMatchObject({ p50: 1, p85: 0, p95: 0 });
  });

  it('is the same for the same seed and differs for another', () => {
    const weekly = [3, 0, 7, 1, 4, 2, 9, 0, 5, 6];
    const a = forecastCompletion(weekly, items(40), { start: START, seed: 42 });
    const b = forecastCompletion(weekly, items(40), { start: START, seed: 42 });
    const c = forecastCompletion(weekly, items(40), { start: START, seed: 43 });
    expect(a).toEqual(b);
    expect(c.items.map((i) => i.p85.days)).not.toEqual(a.items.map((i) => i.p85.days));
  });

  it('widens the spread when the window is redrawn in every trial (the rate itself is uncertain)', () => {
    const weekly = [1, 5, 2, 6, 3, 4, 0, 7, 2, 5, 3, 4];
    const plain = forecastCompletion(weekly, items(60), { start: START, resampleWindow: false });
    const twoLevel = forecastCompletion(weekly, items(60), { start: START });
    const spread = (f: typeof plain): number => f.items[59]!.p95.days! - f.items[59]!.p50.days!;
    expect(spread(twoLevel)).toBeGreaterThan(spread(plain));
    // the median barely moves
    expect(Math.abs(twoLevel.items[59]!.p50.days! - plain.items[59]!.p50.days!)).toBeLessThanOrEqual(7);
  });

  it('refuses a throughput that never finishes anything, and says "beyond" past the horizon', () => {
    expect(() => forecastCompletion([0, 0], items(1), { start: START })).toThrow(/no throughput/);
    const f = forecastCompletion([1], items(3), { start: START, maxWeeks: 2 });
    expect(f.items[2]!.p50).toEqual({ days: null, fractionalDays: null, date: null });
  });

  it('writes dates in words and draws from a repeatable generator', () => {
    expect(formatLongDate('2027-03-12')).toBe('12 March 2027');
    const r = createRandom(7);
    const s = createRandom(7);
    expect([r(), r(), r()]).toEqual([s(), s(), s()]);
  });
});
