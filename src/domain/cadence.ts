/**
 * How a team works its backlog: Scrum (sprints with a capacity), Kanban (WIP limits and flow) or a hybrid
 * (sprints with WIP limits). Days are calendar dates YYYY-MM-DD (UTC); capacity and availability are person-days.
 */
import { TpoError } from './errors.js';
import { assertCalendarDate, ITEM_STATUSES, type ItemId, type ItemStatus } from './item.js';

export type Cadence = 'scrum' | 'kanban' | 'hybrid';
export const CADENCES: readonly Cadence[] = ['scrum', 'kanban', 'hybrid'];

/** Most items allowed in a status at once; a status without a limit is absent. */
export type WipLimits = Readonly<Partial<Record<ItemStatus, number>>>;

/** Statuses that may carry a WIP limit: the open ones (done and dropped grow without bound). */
export const WIP_STATUSES: readonly ItemStatus[] = ['idea', 'ready', 'in-progress'];

export interface CadenceSettings {
  readonly cadence: Cadence;
  readonly wipLimits: WipLimits;
  /** Unix seconds of the last change, or null while the defaults hold. */
  readonly updatedAt: number | null;
}

/** A workspace that never chose: Scrum-free Kanban without limits, which changes nothing until a team says. */
export const DEFAULT_CADENCE_SETTINGS: CadenceSettings = {
  cadence: 'kanban',
  wipLimits: {},
  updatedAt: null,
};

/** One member's availability in a sprint, in person-days (holidays and other duties already taken off). */
export interface SprintMember {
  readonly name: string;
  readonly days: number;
}

/** An item committed to a sprint, with its size when it was committed (for the burndown). */
export interface SprintCommitment {
  readonly id: ItemId;
  /** Person-days the sprint counted for it: the technical size when that is bigger than the stated one. */
  readonly sizeDays: number;
  /** The stated effort in person-days, or null when none was stated. */
  readonly statedDays: number | null;
  /** True when the item counted at its technical size (bigger than it looks). */
  readonly technical: boolean;
  /** Unix seconds: when it was committed. */
  readonly addedAt: number;
}

export interface Sprint {
  readonly name: string;
  /** First and last day of the sprint (both included); null for a sprint an import named without dates. */
  readonly start: string | null;
  readonly end: string | null;
  /** Person-days stated for the sprint, or null: then the members' availability adds up to the capacity. */
  readonly capacityDays: number | null;
  readonly members: readonly SprintMember[];
  readonly goal: string | null;
  /** Unix seconds when `tpo sprint start` committed it, or null while it is only planned. */
  readonly startedAt: number | null;
  readonly committed: readonly SprintCommitment[];
  /** Where an imported sprint came from (`jira`, `linear`), else null. */
  readonly tracker: string | null;
  readonly createdAt: number;
}

export function assertCadence(value: unknown): asserts value is Cadence {
  if (!CADENCES.includes(value as Cadence))
    throw new TpoError('Invalid', `cadence must be one of ${CADENCES.join(', ')}, got "${String(value)}"`, {
      field: 'cadence',
      value,
    });
}

/** A WIP limit: a whole number of items, at least 1, on an open status. */
export function assertWipLimit(status: unknown, limit: unknown): asserts status is ItemStatus {
  if (!WIP_STATUSES.includes(status as ItemStatus))
    throw new TpoError(
      'Invalid',
      ITEM_STATUSES.includes(status as ItemStatus)
        ? `a WIP limit goes on an open status (${WIP_STATUSES.join(', ')}), not on "${String(status)}"`
        : `status "${String(status)}" is not one of ${WIP_STATUSES.join(', ')}`,
      { field: 'status', value: status },
    );
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100_000)
    throw new TpoError(
      'Invalid',
      `a WIP limit must be a whole number of items from 1, got ${String(limit)}`,
      {
        field: 'limit',
        value: limit,
      },
    );
}

/** The capacity a sprint plans against: the stated one, else the members' availability added up. */
export function getSprintCapacity(sprint: Pick<Sprint, 'capacityDays' | 'members'>): number | null {
  if (sprint.capacityDays !== null) return sprint.capacityDays;
  if (sprint.members.length === 0) return null;
  return Math.round(sprint.members.reduce((s, m) => s + m.days, 0) * 100) / 100;
}

const NAME_PATTERN = /^[^\s].{0,99}$/;

/** Checks a sprint's name, dates, capacity and members; throws TpoError('Invalid') naming the field. */
export function assertSprintFields(
  sprint: Pick<Sprint, 'name' | 'start' | 'end' | 'capacityDays' | 'members'>,
): void {
  if (!NAME_PATTERN.test(sprint.name) || sprint.name !== sprint.name.trim())
    throw new TpoError('Invalid', `a sprint name is 1 to 100 characters without leading or trailing spaces`, {
      field: 'name',
      value: sprint.name,
    });
  if (sprint.start !== null) assertCalendarDate('start', sprint.start);
  if (sprint.end !== null) assertCalendarDate('end', sprint.end);
  if (sprint.start !== null && sprint.end !== null && sprint.end < sprint.start)
    throw new TpoError('Invalid', `the sprint ends (${sprint.end}) before it starts (${sprint.start})`, {
      field: 'end',
    });
  if (
    sprint.capacityDays !== null &&
    (!Number.isFinite(sprint.capacityDays) || sprint.capacityDays <= 0 || sprint.capacityDays > 100_000)
  )
    throw new TpoError(
      'Invalid',
      `capacity must be person-days above 0, got ${String(sprint.capacityDays)}`,
      {
        field: 'capacity',
      },
    );
  const names = new Set<string>();
  for (const m of sprint.members) {
    if (m.name.trim() === '' || m.name !== m.name.trim())
      throw new TpoError('Invalid', `a member needs a name, as in --member alice=8`, { field: 'member' });
    if (!Number.isFinite(m.days) || m.days < 0 || m.days > 1000)
      throw new TpoError(
        'Invalid',
        `${m.name}'s availability must be person-days from 0, got ${String(m.days)}`,
        {
          field: 'member',
        },
      );
    if (names.has(m.name))
      throw new TpoError('Invalid', `${m.name} is listed twice among the sprint's members`, {
        field: 'member',
      });
    names.add(m.name);
  }
}
