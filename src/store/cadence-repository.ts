/**
 * Persistence of a workspace's cadence settings (Scrum, Kanban or hybrid; WIP limits) and of its sprints with
 * the items committed to them. Functions take a Kysely instance so callers can pass a transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import {
  DEFAULT_CADENCE_SETTINGS,
  TpoError,
  type Cadence,
  type CadenceSettings,
  type ItemId,
  type Sprint,
  type SprintCommitment,
  type SprintMember,
  type WipLimits,
} from '../domain/index.js';
import { insertRows } from './batch.js';
import type { Database, SprintsTable } from './schema.js';

/** The workspace's cadence and WIP limits; the defaults when it never chose. */
export async function loadCadenceSettings(
  db: Kysely<Database>,
  workspaceId: number,
): Promise<CadenceSettings> {
  const row = await db
    .selectFrom('workspace_settings')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return DEFAULT_CADENCE_SETTINGS;
  return {
    cadence: row.cadence as Cadence,
    wipLimits: JSON.parse(row.wip_limits) as WipLimits,
    updatedAt: row.updated_at,
  };
}

/** Replaces the workspace's settings (insert or update). */
export async function saveCadenceSettings(
  db: Kysely<Database>,
  workspaceId: number,
  settings: { readonly cadence: Cadence; readonly wipLimits: WipLimits; readonly now: number },
): Promise<void> {
  const values = {
    cadence: settings.cadence,
    wip_limits: JSON.stringify(settings.wipLimits),
    updated_at: settings.now,
  };
  await db
    .insertInto('workspace_settings')
    .values({ workspace_id: workspaceId, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
}

type SprintRow = Selectable<SprintsTable>;

function toSprint(row: SprintRow, committed: readonly SprintCommitment[]): Sprint {
  return {
    name: row.name,
    start: row.start_day,
    end: row.end_day,
    capacityDays: row.capacity_days,
    members: JSON.parse(row.members) as SprintMember[],
    goal: row.goal,
    startedAt: row.started_at,
    committed,
    tracker: row.tracker,
    createdAt: row.created_at,
  };
}

/** Every sprint of the workspace with its commitments, by start day (undated ones last), then name. */
export async function loadSprints(db: Kysely<Database>, workspaceId: number): Promise<Sprint[]> {
  const rows = await db.selectFrom('sprints').selectAll().where('workspace_id', '=', workspaceId).execute();
  const items = await db
    .selectFrom('sprint_items as s')
    .innerJoin('items as i', 'i.id', 's.item_id')
    .innerJoin('sprints as p', 'p.id', 's.sprint_id')
    .select(['s.sprint_id', 'i.key', 's.size_days', 's.stated_days', 's.technical', 's.added_at'])
    .where('p.workspace_id', '=', workspaceId)
    .orderBy('s.sprint_id')
    .orderBy('s.position')
    .execute();
  const bySprint = new Map<number, SprintCommitment[]>();
  for (const r of items) {
    const list = bySprint.get(r.sprint_id) ?? [];
    list.push({
      id: r.key,
      sizeDays: r.size_days,
      statedDays: r.stated_days,
      technical: r.technical === 1,
      addedAt: r.added_at,
    });
    bySprint.set(r.sprint_id, list);
  }
  return rows
    .map((r) => toSprint(r, bySprint.get(r.id) ?? []))
    .sort((a, b) => (a.start ?? '9999').localeCompare(b.start ?? '9999') || a.name.localeCompare(b.name));
}

async function loadSprintRowId(db: Kysely<Database>, workspaceId: number, name: string): Promise<number> {
  const row = await db
    .selectFrom('sprints')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row)
    throw new TpoError('NotFound', `there is no sprint named "${name}"; "tpo sprint list" lists them`, {
      name,
    });
  return row.id;
}

/** Inserts a sprint, or updates the one with its name (its commitments stay). */
export async function saveSprint(
  db: Kysely<Database>,
  workspaceId: number,
  sprint: Omit<Sprint, 'committed' | 'createdAt'> & { readonly now: number },
): Promise<void> {
  const values = {
    start_day: sprint.start,
    end_day: sprint.end,
    capacity_days: sprint.capacityDays,
    members: JSON.stringify(sprint.members),
    goal: sprint.goal,
    started_at: sprint.startedAt,
    tracker: sprint.tracker,
  };
  await db
    .insertInto('sprints')
    .values({ workspace_id: workspaceId, name: sprint.name, created_at: sprint.now, ...values })
    .onConflict((oc) => oc.columns(['workspace_id', 'name']).doUpdateSet(values))
    .execute();
}

/**
 * Replaces the items committed to a sprint by `commitments` (in order). Items must exist in the workspace;
 * NotFound names the first that does not.
 */
export async function saveSprintCommitments(
  db: Kysely<Database>,
  workspaceId: number,
  name: string,
  commitments: readonly SprintCommitment[],
): Promise<void> {
  const sprintId = await loadSprintRowId(db, workspaceId, name);
  await db.deleteFrom('sprint_items').where('sprint_id', '=', sprintId).execute();
  if (commitments.length === 0) return;
  const keys = [...new Set(commitments.map((c) => c.id))];
  const rows: { id: number; key: ItemId }[] = [];
  for (let i = 0; i < keys.length; i += 900)
    rows.push(
      ...(await db
        .selectFrom('items')
        .select(['id', 'key'])
        .where('workspace_id', '=', workspaceId)
        .where('key', 'in', keys.slice(i, i + 900))
        .execute()),
    );
  const rowId = new Map(rows.map((r) => [r.key, r.id]));
  const missing = keys.find((k) => !rowId.has(k));
  if (missing !== undefined)
    throw new TpoError('NotFound', `there is no item ${missing} in the backlog`, { id: missing });
  await insertRows(
    db,
    'sprint_items',
    commitments.map((c, position) => ({
      sprint_id: sprintId,
      item_id: rowId.get(c.id)!,
      position,
      size_days: c.sizeDays,
      stated_days: c.statedDays,
      technical: c.technical ? 1 : 0,
      added_at: c.addedAt,
    })),
  );
}
