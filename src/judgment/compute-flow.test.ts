import { describe, expect, it } from 'vitest';
import type { Item, ItemStatus, StatusChange } from '../domain/index.js';
import { buildItem } from '../../test/helpers/item-builder.js';
import { computeFlow, getNearestRankPercentile } from './compute-flow.js';

const DAY = 86_400;
/** Monday 5 January 2026, 00:00 UTC. */
const BASE = Date.UTC(2026, 0, 5) / 1000;
const at = (day: number, hour: number): number => BASE + day * DAY + hour * 3600;

/** An item from its status changes [status, day, hour], the first being the status it was created with. */
function withHistory(id: string, changes: readonly (readonly [ItemStatus, number, number])[]): Item {
  const history: StatusChange[] = changes.map(([to, day, hour], k) => ({
    from: k === 0 ? null : changes[k - 1]![0],
    to,
    at: at(day, hour),
  }));
  const status = history[history.length - 1]!.to;
  const started = history.find((h) => h.to === 'in-progress')?.at ?? null;
  return buildItem(id, {
    status,
    history,
    createdAt: history[0]!.at,
    startedAt: started,
    finishedAt: status === 'done' ? history[history.length - 1]!.at : null,
  });
}

/**
 * Item k (1..20) starts on day 2k at 10:00 and finishes on day 3k - 1 at 15:00: a cycle time of k calendar days.
 * In progress now (day 70, noon): A since day 50 (21 days), C since day 54 (17), B since day 60 (11).
 */
function generatedHistory(): Item[] {
  const finished = Array.from({ length: 20 }, (_, j) => {
    const k = j + 1;
    return withHistory(`T-${k}`, [
      ['ready', 2 * k - 1, 9],
      ['in-progress', 2 * k, 10],
      ['done', 3 * k - 1, 15],
    ]);
  });
  return [
    ...finished,
    withHistory('T-21', [
      ['ready', 45, 9],
      ['in-progress', 50, 9],
    ]),
    withHistory('T-22', [
      ['ready', 45, 9],
      ['in-progress', 60, 9],
    ]),
    withHistory('T-23', [
      ['ready', 45, 9],
      ['in-progress', 54, 9],
    ]),
    withHistory('T-24', [['ready', 46, 9]]),
    withHistory('T-25', [['idea', 46, 9]]),
    // Straight from idea to done: no cycle time.
    withHistory('T-26', [
      ['idea', 30, 9],
      ['done', 40, 9],
    ]),
  ];
}

describe('getNearestRankPercentile', () => {
  it('takes the smallest value with at least p % of the values at or below it', () => {
    const days = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([50, 70, 85, 95, 100].map((p) => getNearestRankPercentile(days, p))).toEqual([5, 7, 9, 10, 10]);
    expect(getNearestRankPercentile([], 85)).toBeNull();
  });
});

describe('computeFlow', () => {
  it('gives cycle-time percentiles of a generated history and flags work older than the 85th percentile', () => {
    const flow = computeFlow(generatedHistory(), { now: at(70, 12), wipLimits: { 'in-progress': 2 } });
    // 20 cycle times 1..20 days; nearest rank: P50 = 10th, P70 = 14th, P85 = 17th, P95 = 19th.
    expect(flow.cycleTime).toMatchObject({ count: 20, withoutStart: 1, p50: 10, p70: 14, p85: 17, p95: 19 });
    expect(flow.cycleTime.days).toEqual(Array.from({ length: 20 }, (_, j) => j + 1));
    // Ages on day 70: 70 - 50 + 1 = 21 > 17 flagged; 17 is not over 17; 11.
    expect(flow.aging.map((a) => [a.id, a.started, a.ageDays, a.overP85])).toEqual([
      ['T-21', '2026-02-24', 21, true],
      ['T-23', '2026-02-28', 17, false],
      ['T-22', '2026-03-06', 11, false],
    ]);
    expect(flow.wip).toEqual([
      { status: 'idea', count: 1, limit: null, over: false },
      { status: 'ready', count: 1, limit: null, over: false },
      { status: 'in-progress', count: 3, limit: 2, over: true },
    ]);
    // 21 finished (T-26 too) over the 12 weeks since the first finish (day 2): at most 12 weeks.
    expect(flow.throughput.total).toBe(21);
    expect(flow.throughput.weekly.reduce((a, b) => a + b, 0)).toBe(21);
    expect(flow.warnings).toEqual([
      '1 item finished in the window never moved to in-progress, so it has no cycle time',
    ]);
  });

  it('rebuilds cumulative flow day by day and counts the days over a WIP limit', () => {
    const items = [
      withHistory('T-1', [
        ['ready', 0, 10],
        ['in-progress', 1, 10],
        ['done', 4, 10],
      ]),
      withHistory('T-2', [
        ['ready', 0, 10],
        ['in-progress', 2, 10],
      ]),
      // Created and started the same day: never an idea at the end of a day.
      withHistory('T-3', [
        ['idea', 3, 9],
        ['in-progress', 3, 12],
      ]),
      withHistory('T-4', [
        ['in-progress', -3, 10],
        ['done', 1, 9],
      ]),
    ];
    const flow = computeFlow(items, { now: at(7, 0) - 1, windowWeeks: 1, wipLimits: { 'in-progress': 2 } });
    expect(flow.window).toEqual({ start: '2026-01-04', end: '2026-01-11', weeks: 1 });
    expect(flow.cumulativeFlow.map((d) => d.day)).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
      '2026-01-11',
    ]);
    const series = (s: ItemStatus) => flow.cumulativeFlow.map((d) => d.counts[s]);
    expect(series('in-progress')).toEqual([1, 1, 2, 3, 2, 2, 2]);
    expect(series('ready')).toEqual([2, 1, 0, 0, 0, 0, 0]);
    expect(series('done')).toEqual([0, 1, 1, 1, 2, 2, 2]);
    expect(series('idea')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(flow.breaches).toEqual([{ status: 'in-progress', limit: 2, days: 1, worst: 3, now: false }]);
    expect(flow.wip.find((w) => w.status === 'in-progress')).toMatchObject({ count: 2, over: false });
    // T-1 took days 1 to 4: 4 days; T-4 days -3 to 1: 5 days.
    expect(flow.cycleTime.days).toEqual([4, 5]);
  });
});
