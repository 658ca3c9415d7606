/**
 * Where a sprint stands (committed versus done, the burndown in person-days) and the velocity of past sprints.
 * Pure: the clock is a parameter. Definitions: ./cadence-rationale.md ("Sprints").
 */
import { getSprintCapacity, type Item, type ItemId, type ItemStatus, type Sprint } from '../domain/index.js';
import { getStatusAt } from './compute-flow.js';

const DAY = 86_400;
const round2 = (x: number): number => Math.round(x * 100) / 100;

export type SprintState = 'planned' | 'active' | 'finished' | 'undated';

/** Unix seconds of a day's first second (UTC). */
const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;

/** Where a sprint is at `now`: undated, planned (before its first day), active, or finished (after its last day). */
export function getSprintState(sprint: Pick<Sprint, 'start' | 'end'>, now: number): SprintState {
  if (sprint.start === null || sprint.end === null) return 'undated';
  if (now < dayStart(sprint.start)) return 'planned';
  if (now >= dayStart(sprint.end) + DAY) return 'finished';
  return 'active';
}

export interface SprintItemProgress {
  readonly id: ItemId;
  readonly title: string;
  /** The item's status now (or at the sprint's end, once it is over). */
  readonly status: ItemStatus;
  readonly sizeDays: number;
  readonly technical: boolean;
  /** True when done by the end of the sprint's last day (or by now while it runs). */
  readonly done: boolean;
}

export interface BurndownPoint {
  /** YYYY-MM-DD: remaining work at the end of this day. */
  readonly day: string;
  /** Person-days of committed items not done at the end of the day; null for days still to come. */
  readonly remainingDays: number | null;
  /** The straight line from everything committed to nothing at the end of the last day. */
  readonly idealDays: number;
}

export interface SprintProgress {
  readonly name: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly state: SprintState;
  readonly capacityDays: number | null;
  readonly committedItems: number;
  readonly committedDays: number;
  readonly doneItems: number;
  readonly doneDays: number;
  /** doneDays / capacityDays, or null without a capacity. */
  readonly capacityShare: number | null;
  readonly items: readonly SprintItemProgress[];
  /** One point per day of the sprint; empty for an undated sprint. */
  readonly burndown: readonly BurndownPoint[];
  /** Committed items that are no longer in the backlog. */
  readonly missing: readonly ItemId[];
}

/**
 * Committed versus done and the daily burndown of one sprint. An item counts as done on a day when its status at
 * the end of that day was done (a reopened item goes back up); the sizes are the ones it was committed at.
 *
 * @example
 * computeSprintProgress(sprint, items, now).burndown.map((p) => p.remainingDays); // [20, 20, 15, 12, null, …]
 */
export function computeSprintProgress(sprint: Sprint, items: readonly Item[], now: number): SprintProgress {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = getSprintState(sprint, now);
  const lastMoment = sprint.end === null ? now : Math.min(now, dayStart(sprint.end) + DAY - 1);
  const present = sprint.committed.filter((c) => byId.has(c.id));
  const missing = sprint.committed.filter((c) => !byId.has(c.id)).map((c) => c.id);
  const progress: SprintItemProgress[] = present.map((c) => {
    const item = byId.get(c.id)!;
    const status = getStatusAt(item.history, lastMoment) ?? item.status;
    return {
      id: c.id,
      title: item.title,
      status,
      sizeDays: c.sizeDays,
      technical: c.technical,
      done: status === 'done',
    };
  });
  const committedDays = round2(present.reduce((s, c) => s + c.sizeDays, 0));
  const done = progress.filter((p) => p.done);
  const doneDays = round2(done.reduce((s, p) => s + p.sizeDays, 0));

  const burndown: BurndownPoint[] = [];
  if (sprint.start !== null && sprint.end !== null) {
    const first = dayStart(sprint.start);
    const count = Math.round((dayStart(sprint.end) - first) / DAY) + 1;
    for (let d = 0; d < count; d += 1) {
      const end = first + (d + 1) * DAY - 1;
      const remaining =
        first + d * DAY > now
          ? null
          : round2(
              present.reduce(
                (s, c) =>
                  s + (getStatusAt(byId.get(c.id)!.history, Math.min(end, now)) === 'done' ? 0 : c.sizeDays),
                0,
              ),
            );
      burndown.push({
        day: new Date(end * 1000).toISOString().slice(0, 10),
        remainingDays: remaining,
        idealDays: round2(committedDays * (1 - (d + 1) / count)),
      });
    }
  }
  const capacity = getSprintCapacity(sprint);
  return {
    name: sprint.name,
    start: sprint.start,
    end: sprint.end,
    state,
    capacityDays: capacity,
    committedItems: present.length,
    committedDays,
    doneItems: done.length,
    doneDays,
    capacityShare: capacity === null || capacity === 0 ? null : round2(doneDays / capacity),
    items: progress,
    burndown,
    missing,
  };
}

export const VELOCITY_DEFAULTS = {
  /** Finished sprints the velocity averages (the most recent). */
  sprints: 3,
} as const;

export interface Velocity {
  /** The finished sprints averaged, oldest first. */
  readonly sprints: readonly {
    readonly name: string;
    readonly end: string;
    readonly doneDays: number;
    readonly doneItems: number;
    readonly capacityDays: number | null;
  }[];
  /** Mean person-days done per sprint; null without a finished sprint. */
  readonly meanDays: number | null;
  readonly meanItems: number | null;
  /**
   * Done person-days / capacity over the averaged sprints that state a capacity: how much of its capacity the
   * team turns into finished work. Null when none states one.
   */
  readonly focusFactor: number | null;
}

/**
 * Velocity of the last `count` finished sprints (person-days and items done by each sprint's end), and the
 * focus factor that sprint planning scales the capacity by.
 *
 * @example
 * computeVelocity(progress).meanDays; // 14.5 person-days a sprint over the last 3 sprints
 */
export function computeVelocity(
  progress: readonly SprintProgress[],
  count: number = VELOCITY_DEFAULTS.sprints,
): Velocity {
  const finished = progress
    .filter((p) => p.state === 'finished' && p.committedItems > 0)
    .sort((a, b) => a.end!.localeCompare(b.end!))
    .slice(-Math.max(1, count));
  if (finished.length === 0) return { sprints: [], meanDays: null, meanItems: null, focusFactor: null };
  const withCapacity = finished.filter((p) => p.capacityDays !== null && p.capacityDays > 0);
  const capacity = withCapacity.reduce((s, p) => s + p.capacityDays!, 0);
  return {
    sprints: finished.map((p) => ({
      name: p.name,
      end: p.end!,
      doneDays: p.doneDays,
      doneItems: p.doneItems,
      capacityDays: p.capacityDays,
    })),
    meanDays: round2(finished.reduce((s, p) => s + p.doneDays, 0) / finished.length),
    meanItems: round2(finished.reduce((s, p) => s + p.doneItems, 0) / finished.length),
    focusFactor:
      withCapacity.length === 0 ? null : round2(withCapacity.reduce((s, p) => s + p.doneDays, 0) / capacity),
  };
}
