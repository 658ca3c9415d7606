import { describe, expect, it } from 'vitest';
import { chooseThroughput, computeThroughput } from './compute-throughput.js';

const DAY = 86_400;
const END = Date.UTC(2027, 2, 1) / 1000;

describe('computeThroughput', () => {
  it('bins finish times into whole weeks that end at the start of the forecast, oldest first', () => {
    const finishTimes = [END - 1, END - 2 * DAY, END - 8 * DAY, END - 20 * DAY, END - 30 * DAY, END + DAY];
    const t = computeThroughput({ source: 'backlog', finishTimes }, { end: END, windowWeeks: 3 });
    // weeks [END-21d, END-14d), [END-14d, END-7d), [END-7d, END): the one 30 days ago is before the window,
    // the one after END is in the future
    expect(t.weekly).toEqual([1, 1, 2]);
    expect(t).toMatchObject({ weeks: 3, items: 4, historyItems: 5, windowStart: END - 21 * DAY });
    expect(t.mean).toBeCloseTo(4 / 3);
  });

  it('samples only the weeks since the first finish when the history is shorter than the window', () => {
    const t = computeThroughput(
      { source: 'git', finishTimes: [END - DAY, END - 8 * DAY] },
      { end: END, windowWeeks: 12 },
    );
    expect(t.weekly).toEqual([1, 1]);
    expect(t.weeks).toBe(2);
  });

  it('warns below 10 data points (Vacanti) and when nothing was finished', () => {
    const few = computeThroughput({ source: 'backlog', finishTimes: [END - DAY] }, { end: END });
    expect(few.warnings[0]).toMatch(/only 1 finished item over 1 week: .*fewer than 10 data points/);
    const none = computeThroughput({ source: 'backlog', finishTimes: [] }, { end: END });
    expect(none).toMatchObject({ weeks: 0, items: 0, weekly: [] });
    expect(none.warnings[0]).toMatch(/no items finished in the backlog/);
    const many = computeThroughput(
      { source: 'git', finishTimes: Array.from({ length: 24 }, (_, k) => END - (k * 7 + 1) * DAY * 0.5) },
      { end: END },
    );
    expect(many.warnings).toEqual([]);
  });

  it('counts the finishes of each day of the window, days counted from the start of each week', () => {
    const t = computeThroughput(
      { source: 'git', finishTimes: [END - 1, END - 1, END - 6 * DAY - 1, END - 14 * DAY + 1] },
      { end: END, windowWeeks: 2 },
    );
    expect(t.daily).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
    expect(t.weekly).toEqual([1, 3]);
  });

  it("measures how much more a window's total varies than independent weeks would make it", () => {
    // Weeks of 2, 2, 0, 0, 2, 2, 0, 0 and a window of 2: mean 1, variance of a week 8/7; the 7 sums of 2 weeks
    // are 4, 2, 0, 2, 4, 2, 0, squares around 2 add to 16, over 7 x (1 - 2/8) = 5.25 (Lo-MacKinlay's unbiased
    // divisor): 64/21, and 64/21 / (2 x 8/7) = 4/3
    const weeks = [2, 2, 0, 0, 2, 2, 0, 0];
    const times = weeks.flatMap((n, w) => Array.from({ length: n }, () => END - (8 - w) * 7 * DAY + DAY));
    const t = computeThroughput({ source: 'git', finishTimes: times }, { end: END, windowWeeks: 2 });
    expect(t.varianceRatio).toBeCloseTo(4 / 3, 10);
    expect(t.effectiveWeeks).toBeCloseTo(1.5, 10);
    // busy and quiet weeks that alternate make steadier totals than independent weeks: counted as independent
    const alternating = [2, 0, 2, 0, 2, 0, 2, 0].flatMap((n, w) =>
      Array.from({ length: n }, () => END - (8 - w) * 7 * DAY + DAY),
    );
    expect(
      computeThroughput({ source: 'git', finishTimes: alternating }, { end: END, windowWeeks: 2 })
        .varianceRatio,
    ).toBe(1);
    // fewer than two windows of history: too short to tell
    expect(
      computeThroughput({ source: 'git', finishTimes: times }, { end: END, windowWeeks: 5 }),
    ).toMatchObject({
      varianceRatio: 1,
      effectiveWeeks: 5,
    });
  });

  it('measures the share of finishes on each weekday, one added to every day', () => {
    // 1 March 2027 is a Monday: END - 1 s is Sunday, END - 2 days is Saturday
    const t = computeThroughput({ source: 'git', finishTimes: [END - 1, END - 2 * DAY + 1] }, { end: END });
    expect(t.weekdayShares).toEqual([2 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 2 / 9]);
  });
});

describe('chooseThroughput', () => {
  const recent = (n: number): number[] => Array.from({ length: n }, (_, k) => END - (k + 1) * DAY);

  it('prefers the backlog, then the tracker, then git, once a source has 10 finished items', () => {
    const histories = [
      { source: 'git' as const, finishTimes: recent(50) },
      { source: 'tracker' as const, finishTimes: recent(10) },
      { source: 'backlog' as const, finishTimes: recent(9) },
    ];
    expect(chooseThroughput(histories, { end: END })!.source).toBe('tracker');
  });

  it('takes the source with the most finished items when none has 10', () => {
    const histories = [
      { source: 'backlog' as const, finishTimes: recent(3) },
      { source: 'git' as const, finishTimes: recent(7) },
    ];
    expect(chooseThroughput(histories, { end: END })!.source).toBe('git');
    expect(chooseThroughput([], { end: END })).toBeNull();
  });
});
