import { describe, expect, it } from 'vitest';
import type { Item, ItemStatus, Sprint, StatusChange } from '../domain/index.js';
import { buildItem } from '../../test/helpers/item-builder.js';
import { computeSprintProgress, computeVelocity, getSprintState } from './compute-sprint-progress.js';
import { forecastSprints } from './forecast-sprints.js';

const at = (day: string, hour: number): number => Date.parse(`${day}T00:00:00Z`) / 1000 + hour * 3600;

function withHistory(id: string, changes: readonly (readonly [ItemStatus, string, number])[]): Item {
  const history: StatusChange[] = changes.map(([to, day, hour], k) => ({
    from: k === 0 ? null : changes[k - 1]![0],
    to,
    at: at(day, hour),
  }));
  const status = history[history.length - 1]!.to;
  return buildItem(id, { status, history, createdAt: history[0]!.at });
}

function sprint(name: string, start: string, end: string, spec: Partial<Sprint> = {}): Sprint {
  return {
    name,
    start,
    end,
    capacityDays: null,
    members: [],
    goal: null,
    startedAt: null,
    committed: [],
    tracker: null,
    createdAt: 0,
    ...spec,
  };
}

const commit = (id: string, sizeDays: number, technical = false) => ({
  id,
  sizeDays,
  statedDays: technical ? sizeDays / 2 : sizeDays,
  technical,
  addedAt: 0,
});

describe('computeSprintProgress', () => {
  it('burns down the committed person-days day by day, and a reopened item goes back up', () => {
    const s = sprint('Sprint 1', '2026-01-05', '2026-01-09', {
      members: [
        { name: 'alice', days: 8 },
        { name: 'bob', days: 4 },
      ],
      committed: [commit('T-1', 5), commit('T-2', 3), commit('T-3', 2, true), commit('T-9', 1)],
    });
    const items = [
      withHistory('T-1', [
        ['ready', '2026-01-02', 9],
        ['in-progress', '2026-01-05', 9],
        ['done', '2026-01-06', 16],
      ]),
      withHistory('T-2', [
        ['ready', '2026-01-02', 9],
        ['done', '2026-01-07', 11],
        ['in-progress', '2026-01-08', 10],
      ]),
      withHistory('T-3', [
        ['ready', '2026-01-02', 9],
        ['done', '2026-01-08', 11],
      ]),
    ];
    const progress = computeSprintProgress(s, items, at('2026-01-08', 12));
    expect(progress).toMatchObject({
      state: 'active',
      capacityDays: 12,
      committedItems: 3,
      committedDays: 10,
      doneItems: 2,
      doneDays: 7,
      capacityShare: 0.58,
      missing: ['T-9'],
    });
    // 10 at the end of Monday; T-1 done Tuesday (5 left); T-2 done Wednesday (2 left); Thursday T-2 reopens and T-3
    // is done: 3 left; Friday is still to come.
    expect(progress.burndown).toEqual([
      { day: '2026-01-05', remainingDays: 10, idealDays: 8 },
      { day: '2026-01-06', remainingDays: 5, idealDays: 6 },
      { day: '2026-01-07', remainingDays: 2, idealDays: 4 },
      { day: '2026-01-08', remainingDays: 3, idealDays: 2 },
      { day: '2026-01-09', remainingDays: null, idealDays: 0 },
    ]);
    expect(progress.items.map((i) => [i.id, i.status, i.done, i.technical])).toEqual([
      ['T-1', 'done', true, false],
      ['T-2', 'in-progress', false, false],
      ['T-3', 'done', true, true],
    ]);
  });

  it('knows planned, active, finished and undated sprints', () => {
    const s = sprint('S', '2026-01-05', '2026-01-09');
    expect(getSprintState(s, at('2026-01-04', 23))).toBe('planned');
    expect(getSprintState(s, at('2026-01-05', 0))).toBe('active');
    expect(getSprintState(s, at('2026-01-09', 23))).toBe('active');
    expect(getSprintState(s, at('2026-01-10', 0))).toBe('finished');
    expect(getSprintState({ start: null, end: null }, 0)).toBe('undated');
  });
});

describe('computeVelocity', () => {
  it('averages the last three finished sprints and learns the share of capacity they finished', () => {
    const done = (id: string, day: string) =>
      withHistory(id, [
        ['ready', '2025-12-01', 9],
        ['done', day, 12],
      ]);
    const items = [
      done('T-1', '2025-12-03'),
      done('T-2', '2025-12-10'),
      done('T-3', '2025-12-17'),
      done('T-4', '2025-12-18'),
      done('T-5', '2025-12-24'),
      // Finished after its sprint ended: not in that sprint's velocity.
      done('T-6', '2026-01-02'),
    ];
    const sprints = [
      sprint('S0', '2025-12-01', '2025-12-05', { capacityDays: 10, committed: [commit('T-1', 4)] }),
      sprint('S1', '2025-12-08', '2025-12-12', { capacityDays: 10, committed: [commit('T-2', 8)] }),
      sprint('S2', '2025-12-15', '2025-12-19', {
        capacityDays: 12,
        committed: [commit('T-3', 6), commit('T-4', 4)],
      }),
      sprint('S3', '2025-12-22', '2025-12-26', {
        capacityDays: 8,
        committed: [commit('T-5', 6), commit('T-6', 2)],
      }),
      sprint('S4', '2026-01-05', '2026-01-09', { capacityDays: 10, committed: [commit('T-7', 3)] }),
    ];
    const now = at('2026-01-06', 12);
    const velocity = computeVelocity(sprints.map((s) => computeSprintProgress(s, items, now)));
    // S1 8, S2 10, S3 6 (T-6 was late): mean 8 person-days and 4 / 3 items; focus 24 / 30 = 0.8.
    expect(velocity.sprints.map((s) => [s.name, s.doneDays, s.doneItems])).toEqual([
      ['S1', 8, 1],
      ['S2', 10, 2],
      ['S3', 6, 1],
    ]);
    expect(velocity).toMatchObject({ meanDays: 8, meanItems: 1.33, focusFactor: 0.8 });
  });
});

describe('forecastSprints', () => {
  it('counts sprints with the Monte Carlo engine: a steady 10 person-days a sprint', () => {
    const forecast = forecastSprints(
      [10, 10, 10],
      [
        { id: 'T-1', sizeDays: 6 },
        { id: 'T-2', sizeDays: 6 },
        { id: 'T-3', sizeDays: 6 },
        { id: 'T-4', sizeDays: 15 },
      ],
      { start: at('2026-01-05', 0), trials: 500 },
    );
    // Cumulative 6, 12, 18, 33 person-days at 10 a sprint: sprints 1, 2, 2 and 4, in every trial.
    expect(forecast.items.map((i) => [i.id, i.cumulativeDays, i.p50, i.p85, i.p95])).toEqual([
      ['T-1', 6, 1, 1, 1],
      ['T-2', 12, 2, 2, 2],
      ['T-3', 18, 2, 2, 2],
      ['T-4', 33, 4, 4, 4],
    ]);
  });

  it('spreads the sprints when velocity varies, the later percentiles no sooner than the earlier', () => {
    const forecast = forecastSprints([4, 16], [{ id: 'T-1', sizeDays: 16 }], { start: 0, trials: 4000 });
    const f = forecast.items[0]!;
    expect(f.p50).not.toBeNull();
    expect(f.p50!).toBeGreaterThanOrEqual(1);
    expect(f.p85!).toBeGreaterThanOrEqual(f.p50!);
    expect(f.p95!).toBeGreaterThan(f.p50!);
    expect(f.p95!).toBeLessThanOrEqual(4);
  });
});
