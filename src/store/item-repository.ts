/**
 * Persistence of the backlog: items with their tags, areas, dependencies and status history, per workspace.
 * Functions take a Kysely instance so callers can pass a transaction; callers wrap every multi-row write in one.
 * Updates are optimistic: `update … where key = ? and version = ?`, and TpoError('Conflict') when no row matched.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import {
  compareItemIds,
  TpoError,
  type Dependency,
  type Impact,
  type Item,
  type ItemId,
  type ItemKind,
  type ItemStatus,
  type StatusChange,
} from '../domain/index.js';
import { chunk, insertRows, insertRowsReturning } from './batch.js';
import type { Database, ItemsTable } from './schema.js';

type ItemRow = Selectable<ItemsTable>;

/** What `loadItems` can select on; every given filter must hold. */
export interface ItemFilter {
  readonly statuses?: readonly ItemStatus[];
  readonly kinds?: readonly ItemKind[];
  /** Items carrying every one of these tags. */
  readonly tags?: readonly string[];
  /** Case-insensitive text in the id, title, description or external key. */
  readonly text?: string;
  readonly ids?: readonly ItemId[];
}

export const DEFAULT_WORKSPACE = 'default';

/** The id of a workspace (the default one unless named); it exists from the first migration on. */
export async function loadWorkspaceId(db: Kysely<Database>, name = DEFAULT_WORKSPACE): Promise<number> {
  const row = await db.selectFrom('workspaces').select('id').where('name', '=', name).executeTakeFirst();
  if (!row) throw new TpoError('NotFound', `there is no workspace named "${name}" in this store`, { name });
  return row.id;
}

/** Reserves `count` consecutive item numbers and returns the first. Run it inside the writing transaction. */
export async function reserveItemNumbers(
  db: Kysely<Database>,
  workspaceId: number,
  count: number,
): Promise<number> {
  const row = await db
    .updateTable('workspaces')
    .set((eb) => ({ next_item_number: eb('next_item_number', '+', count) }))
    .where('id', '=', workspaceId)
    .returning('next_item_number')
    .executeTakeFirstOrThrow();
  return row.next_item_number - count;
}

/** Makes sure the next reserved number is above `number` (after items were saved with ids of their own). */
export async function raiseItemCounter(
  db: Kysely<Database>,
  workspaceId: number,
  number: number,
): Promise<void> {
  await db
    .updateTable('workspaces')
    .set({ next_item_number: number + 1 })
    .where('id', '=', workspaceId)
    .where('next_item_number', '<=', number)
    .execute();
}

function toRow(workspaceId: number, item: Item): Insertable<ItemsTable> {
  return {
    workspace_id: workspaceId,
    key: item.id,
    title: item.title,
    description: item.description,
    kind: item.kind,
    status: item.status,
    reach: item.rice.reach,
    impact: item.rice.impact,
    confidence: item.rice.confidence,
    effort: item.rice.effort,
    business_value: item.costOfDelay.businessValue,
    time_criticality: item.costOfDelay.timeCriticality,
    risk_reduction: item.costOfDelay.riskReduction,
    requester: item.requester,
    target_date: item.targetDate,
    tracker: item.external?.tracker ?? null,
    external_key: item.external?.key ?? null,
    external_url: item.external?.url ?? null,
    started_at: item.startedAt,
    finished_at: item.finishedAt,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    version: item.version,
  };
}

interface Children {
  readonly tags: Map<number, string[]>;
  readonly areas: Map<number, string[]>;
  readonly blockedBy: Map<number, ItemId[]>;
  readonly history: Map<number, StatusChange[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Tags, areas, blockers and history of the given item rows (all of the workspace's when `rowIds` is null). */
async function loadChildren(
  db: Kysely<Database>,
  workspaceId: number,
  rowIds: readonly number[] | null,
): Promise<Children> {
  const children: Children = { tags: new Map(), areas: new Map(), blockedBy: new Map(), history: new Map() };
  const parts = rowIds === null ? [null] : chunk(rowIds, 900);
  for (const part of parts) {
    if (part !== null && part.length === 0) continue;
    const ofItems = db.selectFrom('items').select('id').where('workspace_id', '=', workspaceId);
    const tags = await db
      .selectFrom('item_tags')
      .select(['item_id', 'tag'])
      .where('item_id', 'in', part ?? ofItems)
      .orderBy('item_id')
      .orderBy('position')
      .execute();
    for (const t of tags) push(children.tags, t.item_id, t.tag);
    const areas = await db
      .selectFrom('item_areas')
      .select(['item_id', 'pattern'])
      .where('item_id', 'in', part ?? ofItems)
      .orderBy('item_id')
      .orderBy('position')
      .execute();
    for (const a of areas) push(children.areas, a.item_id, a.pattern);
    const deps = await db
      .selectFrom('item_dependencies as d')
      .innerJoin('items as b', 'b.id', 'd.blocker_id')
      .select(['d.blocked_id', 'b.key'])
      .where('d.blocked_id', 'in', part ?? ofItems)
      .execute();
    for (const d of deps) push(children.blockedBy, d.blocked_id, d.key);
    const history = await db
      .selectFrom('item_status_changes')
      .select(['item_id', 'from_status', 'to_status', 'at'])
      .where('item_id', 'in', part ?? ofItems)
      .orderBy('item_id')
      .orderBy('at')
      .orderBy('id')
      .execute();
    for (const h of history)
      push(children.history, h.item_id, {
        from: h.from_status as ItemStatus | null,
        to: h.to_status as ItemStatus,
        at: h.at,
      });
  }
  return children;
}

// Rows were checked by the domain on the way in, so the text columns hold valid kinds, statuses and impacts.
function toItem(row: ItemRow, children: Children): Item {
  return {
    id: row.key,
    title: row.title,
    description: row.description,
    kind: row.kind as ItemKind,
    status: row.status as ItemStatus,
    rice: {
      reach: row.reach,
      impact: row.impact as Impact | null,
      confidence: row.confidence,
      effort: row.effort,
    },
    costOfDelay: {
      businessValue: row.business_value,
      timeCriticality: row.time_criticality,
      riskReduction: row.risk_reduction,
    },
    tags: children.tags.get(row.id) ?? [],
    requester: row.requester,
    targetDate: row.target_date,
    areas: children.areas.get(row.id) ?? [],
    external:
      row.tracker !== null && row.external_key !== null
        ? { tracker: row.tracker, key: row.external_key, url: row.external_url }
        : null,
    blockedBy: (children.blockedBy.get(row.id) ?? []).sort(compareItemIds),
    history: children.history.get(row.id) ?? [],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The workspace's items that pass the filter, ordered by id (T-2 before T-10). */
export async function loadItems(
  db: Kysely<Database>,
  workspaceId: number,
  filter: ItemFilter = {},
): Promise<Item[]> {
  let query = db.selectFrom('items').selectAll().where('workspace_id', '=', workspaceId);
  const filtered =
    (filter.statuses?.length ?? 0) > 0 ||
    (filter.kinds?.length ?? 0) > 0 ||
    (filter.tags?.length ?? 0) > 0 ||
    (filter.text ?? '') !== '' ||
    filter.ids !== undefined;
  if (filter.statuses && filter.statuses.length > 0) query = query.where('status', 'in', filter.statuses);
  if (filter.kinds && filter.kinds.length > 0) query = query.where('kind', 'in', filter.kinds);
  for (const tag of filter.tags ?? [])
    query = query.where('id', 'in', db.selectFrom('item_tags').select('item_id').where('tag', '=', tag));
  if (filter.text) {
    const pattern = `%${escapeLike(filter.text.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or(
        (['key', 'title', 'description', 'external_key'] as const).map((column) =>
          eb(eb.fn('lower', [eb.ref(column)]), 'like', eb.val(pattern)),
        ),
      ),
    );
  }
  let rows: ItemRow[];
  if (filter.ids !== undefined) {
    rows = [];
    for (const part of chunk(filter.ids, 900)) rows.push(...(await query.where('key', 'in', part).execute()));
  } else rows = await query.execute();
  const children = await loadChildren(db, workspaceId, filtered ? rows.map((r) => r.id) : null);
  return rows.map((row) => toItem(row, children)).sort((a, b) => compareItemIds(a.id, b.id));
}

export async function loadItem(
  db: Kysely<Database>,
  workspaceId: number,
  id: ItemId,
): Promise<Item | undefined> {
  const [item] = await loadItems(db, workspaceId, { ids: [id] });
  return item;
}

/** Row ids of the given item ids; throws NotFound naming the first id that is not in the workspace. */
async function loadRowIds(
  db: Kysely<Database>,
  workspaceId: number,
  ids: readonly ItemId[],
): Promise<Map<ItemId, number>> {
  const out = new Map<ItemId, number>();
  for (const part of chunk([...new Set(ids)], 900)) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'key'])
      .where('workspace_id', '=', workspaceId)
      .where('key', 'in', part)
      .execute();
    for (const r of rows) out.set(r.key, r.id);
  }
  for (const id of ids)
    if (!out.has(id)) throw new TpoError('NotFound', `there is no item ${id} in the backlog`, { id });
  return out;
}

async function saveChildren(
  db: Kysely<Database>,
  workspaceId: number,
  entries: readonly {
    rowId: number;
    item: Item;
    tags: boolean;
    areas: boolean;
    deps: boolean;
    history: readonly StatusChange[];
  }[],
  known: Map<ItemId, number>,
): Promise<void> {
  const missing = entries.flatMap((e) => (e.deps ? e.item.blockedBy.filter((b) => !known.has(b)) : []));
  if (missing.length > 0) for (const [k, v] of await loadRowIds(db, workspaceId, missing)) known.set(k, v);
  await insertRows(
    db,
    'item_tags',
    entries.flatMap((e) =>
      e.tags ? e.item.tags.map((tag, position) => ({ item_id: e.rowId, position, tag })) : [],
    ),
  );
  await insertRows(
    db,
    'item_areas',
    entries.flatMap((e) =>
      e.areas ? e.item.areas.map((pattern, position) => ({ item_id: e.rowId, position, pattern })) : [],
    ),
  );
  await insertRows(
    db,
    'item_dependencies',
    entries.flatMap((e) =>
      e.deps ? e.item.blockedBy.map((b) => ({ blocker_id: known.get(b)!, blocked_id: e.rowId })) : [],
    ),
  );
  await insertRows(
    db,
    'item_status_changes',
    entries.flatMap((e) =>
      e.history.map((h) => ({ item_id: e.rowId, from_status: h.from, to_status: h.to, at: h.at })),
    ),
  );
}

/**
 * Inserts new items (ids already assigned) with their tags, areas, history and dependencies. Blockers may be
 * among the new items or already in the workspace.
 */
export async function saveNewItems(
  db: Kysely<Database>,
  workspaceId: number,
  items: readonly Item[],
): Promise<void> {
  if (items.length === 0) return;
  const known = new Map<ItemId, number>();
  const rows = await insertRowsReturning(
    db,
    'items',
    items.map((item) => toRow(workspaceId, item)),
    ['id', 'key'],
  );
  for (const r of rows) known.set(r.key as string, r.id as number);
  await saveChildren(
    db,
    workspaceId,
    items.map((item) => ({
      rowId: known.get(item.id)!,
      item,
      tags: true,
      areas: true,
      deps: true,
      history: item.history,
    })),
    known,
  );
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameChange(a: StatusChange, b: StatusChange): boolean {
  return a.from === b.from && a.to === b.to && a.at === b.at;
}

/** Why a write found no row at the expected version: the item is gone, or someone else changed it. */
async function explainMissedUpdate(
  db: Kysely<Database>,
  workspaceId: number,
  id: ItemId,
  expectedVersion: number,
): Promise<TpoError> {
  const row = await db
    .selectFrom('items')
    .select('version')
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', id)
    .executeTakeFirst();
  if (!row) return new TpoError('NotFound', `there is no item ${id} in the backlog`, { id });
  return new TpoError(
    'Conflict',
    `${id} was changed by someone else (it is now at version ${row.version}, you had version ${expectedVersion}); nothing was saved: look at it again ("tpo show ${id}") and redo your change`,
    { id, expectedVersion, currentVersion: row.version },
  );
}

/**
 * Saves a changed item: `after` replaces `before` if the stored item is still at `before.version`, else
 * TpoError('Conflict') and nothing is written. Only the rows that changed are rewritten; a history that
 * extends the stored one is appended to, any other replaces it.
 */
export async function saveItemChange(
  db: Kysely<Database>,
  workspaceId: number,
  before: Item,
  after: Item,
): Promise<void> {
  const { workspace_id: _w, key: _k, ...values } = toRow(workspaceId, after);
  const updated = await db
    .updateTable('items')
    .set(values)
    .where('workspace_id', '=', workspaceId)
    .where('key', '=', before.id)
    .where('version', '=', before.version)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw await explainMissedUpdate(db, workspaceId, before.id, before.version);
  const rowId = updated.id;
  const tags = !sameList(before.tags, after.tags);
  const areas = !sameList(before.areas, after.areas);
  const deps = !sameList(before.blockedBy, after.blockedBy);
  const extendsHistory =
    after.history.length >= before.history.length &&
    before.history.every((h, i) => sameChange(h, after.history[i]!));
  if (tags) await db.deleteFrom('item_tags').where('item_id', '=', rowId).execute();
  if (areas) await db.deleteFrom('item_areas').where('item_id', '=', rowId).execute();
  if (deps) await db.deleteFrom('item_dependencies').where('blocked_id', '=', rowId).execute();
  if (!extendsHistory) await db.deleteFrom('item_status_changes').where('item_id', '=', rowId).execute();
  await saveChildren(
    db,
    workspaceId,
    [
      {
        rowId,
        item: after,
        tags,
        areas,
        deps,
        history: extendsHistory ? after.history.slice(before.history.length) : after.history,
      },
    ],
    new Map([[after.id, rowId]]),
  );
}

/** Deletes an item (and, with it, its dependencies both ways); Conflict if it changed since `expectedVersion`. */
export async function deleteItem(
  db: Kysely<Database>,
  workspaceId: number,
  id: ItemId,
  expectedVersion?: number,
): Promise<void> {
  let query = db.deleteFrom('items').where('workspace_id', '=', workspaceId).where('key', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw await explainMissedUpdate(db, workspaceId, id, expectedVersion ?? 0);
}

/** Ids of the items that wait for `id` (the items it blocks). */
export async function loadBlockedItemIds(
  db: Kysely<Database>,
  workspaceId: number,
  id: ItemId,
): Promise<ItemId[]> {
  const rows = await db
    .selectFrom('item_dependencies as d')
    .innerJoin('items as blocker', 'blocker.id', 'd.blocker_id')
    .innerJoin('items as blocked', 'blocked.id', 'd.blocked_id')
    .select('blocked.key')
    .where('blocker.workspace_id', '=', workspaceId)
    .where('blocker.key', '=', id)
    .execute();
  return rows.map((r) => r.key).sort(compareItemIds);
}

/** Every dependency between the workspace's items, as item ids. */
export async function loadDependencies(db: Kysely<Database>, workspaceId: number): Promise<Dependency[]> {
  const rows = await db
    .selectFrom('item_dependencies as d')
    .innerJoin('items as blocker', 'blocker.id', 'd.blocker_id')
    .innerJoin('items as blocked', 'blocked.id', 'd.blocked_id')
    .select(['blocker.key as blocker', 'blocked.key as blocked'])
    .where('blocker.workspace_id', '=', workspaceId)
    .execute();
  return rows;
}

/**
 * A stamp that changes whenever the workspace's backlog does (an item created, changed or deleted): its item count,
 * the sum of their versions, the newest change and the highest row id. Cheap enough to ask on every read, so
 * computed views of the backlog (the ranking, the plan) can be kept until it moves.
 */
export async function loadBacklogStamp(db: Kysely<Database>, workspaceId: number): Promise<string> {
  const row = await db
    .selectFrom('items')
    .select((eb) => [
      eb.fn.countAll<number | string | bigint>().as('count'),
      eb.fn.sum<number | string | bigint | null>('version').as('versions'),
      eb.fn.max<number | string | null>('updated_at').as('updated'),
      eb.fn.max<number | string | null>('id').as('last'),
    ])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return [row.count, row.versions ?? 0, row.updated ?? 0, row.last ?? 0].map(String).join(':');
}
