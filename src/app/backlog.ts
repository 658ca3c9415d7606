/**
 * The backlog use cases: add, edit, move, block, remove, show, list and rank items. Every write is one
 * transaction and optimistic: a change made from an old version of an item is refused with
 * TpoError('Conflict') and nothing is lost.
 */
import {
  appendStatusChange,
  applyItemPatch,
  compareItemIds,
  composeItem,
  createItemFields,
  DEFAULT_ID_PREFIX,
  getItemFields,
  getStatusTimes,
  TpoError,
  type Item,
  type ItemDraft,
  type ItemFields,
  type ItemId,
  type ItemPatch,
  type ItemStatus,
} from '../domain/index.js';
import {
  assertNoDependencyCycle,
  computeRice,
  computeWsjf,
  rankBacklog,
  type Adjustment,
  type RankedBacklog,
  type RankingScheme,
} from '../judgment/index.js';
import {
  deleteItem,
  loadBacklogStamp,
  loadBlockedItemIds,
  loadDependencies,
  loadItem,
  loadItems,
  loadWorkspaceId,
  reserveItemNumbers,
  saveItemChange,
  saveNewItems,
  type Database,
  type ItemFilter,
  type Store,
} from '../store/index.js';
import type { Kysely } from 'kysely';

export type { ItemFilter } from '../store/index.js';

export interface BacklogWriteOptions {
  /** Refuse the change (Conflict) unless the item is still at this version. */
  readonly expectedVersion?: number;
  /** Clock in Unix seconds; default: now. */
  readonly now?: number;
}

/** Dependencies to set along with an item's fields. */
export interface DependencyChange {
  /** Items the item waits for (replaces the list). */
  readonly blockedBy?: readonly ItemId[];
  /** Items that wait for the item (added to theirs). */
  readonly blocks?: readonly ItemId[];
}

function currentTime(options: { now?: number }): number {
  return options.now ?? Math.floor(Date.now() / 1000);
}

/** Builds a stored item from its fields (used for new items and imports). */
export function createItem(
  id: ItemId,
  fields: ItemFields,
  options: {
    now: number;
    blockedBy?: readonly ItemId[];
    history?: Item['history'];
    createdAt?: number;
    version?: number;
  },
): Item {
  const createdAt = options.createdAt ?? options.now;
  const history = options.history ?? [{ from: null, to: fields.status, at: createdAt }];
  const { startedAt, finishedAt } = getStatusTimes(fields.status, history);
  return composeItem(fields, {
    id,
    blockedBy: [...new Set(options.blockedBy ?? [])].sort(compareItemIds),
    history,
    startedAt,
    finishedAt,
    createdAt,
    updatedAt: options.now,
    version: options.version ?? 1,
  });
}

/** The item after a change of fields (and status history, when the status changes), one version on. */
export function reviseItem(
  item: Item,
  fields: ItemFields,
  options: { now: number; blockedBy?: readonly ItemId[]; statusAt?: number },
): Item {
  const history = appendStatusChange(
    item.history,
    item.status,
    fields.status,
    options.statusAt ?? options.now,
  );
  const { startedAt, finishedAt } = getStatusTimes(fields.status, history);
  return composeItem(fields, {
    id: item.id,
    blockedBy: options.blockedBy ? [...new Set(options.blockedBy)].sort(compareItemIds) : item.blockedBy,
    history,
    startedAt,
    finishedAt,
    createdAt: item.createdAt,
    updatedAt: options.now,
    version: item.version + 1,
  });
}

function sameList<T>(
  a: readonly T[],
  b: readonly T[],
  same: (x: T, y: T) => boolean = (x, y) => x === y,
): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]!));
}

/** True when the two items state the same things (ignoring version and updated time). */
export function isSameItem(a: Item, b: Item): boolean {
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.description === b.description &&
    a.kind === b.kind &&
    a.status === b.status &&
    a.rice.reach === b.rice.reach &&
    a.rice.impact === b.rice.impact &&
    a.rice.confidence === b.rice.confidence &&
    a.rice.effort === b.rice.effort &&
    a.costOfDelay.businessValue === b.costOfDelay.businessValue &&
    a.costOfDelay.timeCriticality === b.costOfDelay.timeCriticality &&
    a.costOfDelay.riskReduction === b.costOfDelay.riskReduction &&
    a.requester === b.requester &&
    a.targetDate === b.targetDate &&
    a.external?.tracker === b.external?.tracker &&
    a.external?.key === b.external?.key &&
    a.external?.url === b.external?.url &&
    a.startedAt === b.startedAt &&
    a.finishedAt === b.finishedAt &&
    a.createdAt === b.createdAt &&
    sameList(a.tags, b.tags) &&
    sameList(a.areas, b.areas) &&
    sameList(a.blockedBy, b.blockedBy) &&
    sameList(a.history, b.history, (x, y) => x.from === y.from && x.to === y.to && x.at === y.at)
  );
}

async function requireItem(db: Kysely<Database>, workspaceId: number, id: ItemId): Promise<Item> {
  const item = await loadItem(db, workspaceId, id);
  if (!item)
    throw new TpoError('NotFound', `there is no item ${id} in the backlog; "tpo list" shows them`, { id });
  return item;
}

function assertVersion(item: Item, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && item.version !== expectedVersion) {
    throw new TpoError(
      'Conflict',
      `${item.id} was changed by someone else (it is now at version ${item.version}, you had version ${expectedVersion}); nothing was saved: look at it again ("tpo show ${item.id}") and redo your change`,
      { id: item.id, expectedVersion, currentVersion: item.version },
    );
  }
}

/** Refuses a dependency of an item on itself, then any cycle among the stored dependencies. */
async function assertAcyclic(db: Kysely<Database>, workspaceId: number): Promise<void> {
  assertNoDependencyCycle(await loadDependencies(db, workspaceId));
}

/** Adds `blocker` to the blockedBy list of each item in `blocked` (inside the caller's transaction). */
async function addBlocker(
  db: Kysely<Database>,
  workspaceId: number,
  blocker: ItemId,
  blocked: readonly ItemId[],
  now: number,
): Promise<void> {
  for (const id of blocked) {
    if (id === blocker) throw new TpoError('Invalid', `${id} cannot block itself`, { id });
    const item = await requireItem(db, workspaceId, id);
    if (item.blockedBy.includes(blocker)) continue;
    await saveItemChange(
      db,
      workspaceId,
      item,
      reviseItem(item, item, { now, blockedBy: [...item.blockedBy, blocker] }),
    );
  }
}

/**
 * Adds an item to the backlog with the next T-n id.
 * @example
 * const item = await addItem(store, { title: 'Export invoices as PDF', rice: { reach: 2000, impact: 2 } });
 * item.id; // 'T-1'
 */
export async function addItem(
  store: Store,
  draft: ItemDraft & DependencyChange,
  options: BacklogWriteOptions = {},
): Promise<Item> {
  const { blockedBy = [], blocks = [], ...rest } = draft;
  const fields = createItemFields(rest);
  const now = currentTime(options);
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const number = await reserveItemNumbers(trx, workspaceId, 1);
    const id = `${DEFAULT_ID_PREFIX}-${number}`;
    if (blockedBy.includes(id) || blocks.includes(id))
      throw new TpoError('Invalid', `${id} cannot block itself`, { id });
    const item = createItem(id, fields, { now, blockedBy });
    await saveNewItems(trx, workspaceId, [item]);
    await addBlocker(trx, workspaceId, id, blocks, now);
    if (blockedBy.length > 0 || blocks.length > 0) await assertAcyclic(trx, workspaceId);
    return item;
  });
}

/**
 * Changes an item's fields (and, if given, what it waits for). Nothing changes, and the version stays, when
 * the patch states what the item already says.
 * @example
 * await editItem(store, 'T-3', { rice: { effort: 4 } }, { expectedVersion: 2 });
 */
export async function editItem(
  store: Store,
  id: ItemId,
  patch: ItemPatch & DependencyChange,
  options: BacklogWriteOptions = {},
): Promise<Item> {
  const { blockedBy, blocks = [], ...fieldPatch } = patch;
  const now = currentTime(options);
  const workspaceId = await loadWorkspaceId(store.db);
  const item = await requireItem(store.db, workspaceId, id);
  assertVersion(item, options.expectedVersion);
  if (blockedBy?.includes(id)) throw new TpoError('Invalid', `${id} cannot block itself`, { id });
  const fields = applyItemPatch(getItemFields(item), fieldPatch);
  const after = reviseItem(item, fields, { now, ...(blockedBy ? { blockedBy } : {}) });
  if (isSameItem(after, item) && blocks.length === 0) return item;
  return store.db.transaction().execute(async (trx) => {
    await saveItemChange(trx, workspaceId, item, after);
    await addBlocker(trx, workspaceId, id, blocks, now);
    if (blockedBy !== undefined || blocks.length > 0) await assertAcyclic(trx, workspaceId);
    return after;
  });
}

/** Moves an item to a status; the change is recorded with its time. */
export async function moveItem(
  store: Store,
  id: ItemId,
  status: ItemStatus,
  options: BacklogWriteOptions = {},
): Promise<Item> {
  return editItem(store, id, { status }, options);
}

export interface DependencyResult {
  readonly blocker: ItemId;
  readonly blocked: Item;
  /** False when the dependency already was (or, for a removal, already was not) there. */
  readonly changed: boolean;
}

/**
 * Records that `blocker` blocks `blocked` (or, with `remove`, that it no longer does). Refuses a dependency
 * that would close a cycle, naming it.
 */
export async function setDependency(
  store: Store,
  blocker: ItemId,
  blocked: ItemId,
  options: BacklogWriteOptions & { remove?: boolean } = {},
): Promise<DependencyResult> {
  if (blocker === blocked) throw new TpoError('Invalid', `${blocker} cannot block itself`, { id: blocker });
  const now = currentTime(options);
  const workspaceId = await loadWorkspaceId(store.db);
  await requireItem(store.db, workspaceId, blocker);
  const item = await requireItem(store.db, workspaceId, blocked);
  assertVersion(item, options.expectedVersion);
  const has = item.blockedBy.includes(blocker);
  if (has !== (options.remove === true)) return { blocker, blocked: item, changed: false };
  const blockedBy = options.remove
    ? item.blockedBy.filter((b) => b !== blocker)
    : [...item.blockedBy, blocker];
  const after = reviseItem(item, item, { now, blockedBy });
  return store.db.transaction().execute(async (trx) => {
    await saveItemChange(trx, workspaceId, item, after);
    if (!options.remove) await assertAcyclic(trx, workspaceId);
    return { blocker, blocked: after, changed: true };
  });
}

/** Deletes an item; the items it blocked no longer wait for it. */
export async function removeItem(
  store: Store,
  id: ItemId,
  options: Pick<BacklogWriteOptions, 'expectedVersion'> = {},
): Promise<void> {
  const workspaceId = await loadWorkspaceId(store.db);
  await store.db.transaction().execute(async (trx) => {
    await deleteItem(trx, workspaceId, id, options.expectedVersion);
  });
}

export interface ItemDetails {
  readonly item: Item;
  /** Items that wait for this one. */
  readonly blocks: readonly ItemId[];
  /** RICE from the stated inputs, or null. */
  readonly rice: number | null;
  /** WSJF from the stated inputs, or null. */
  readonly wsjf: number | null;
}

/** One item with what it blocks and its scores. */
export async function getItem(store: Store, id: ItemId): Promise<ItemDetails> {
  const workspaceId = await loadWorkspaceId(store.db);
  const item = await requireItem(store.db, workspaceId, id);
  return {
    item,
    blocks: await loadBlockedItemIds(store.db, workspaceId, id),
    rice: computeRice(item.rice),
    wsjf: computeWsjf(item.costOfDelay, item.rice.effort),
  };
}

/** The items that pass the filter, ordered by id. */
export async function listItems(store: Store, filter: ItemFilter = {}): Promise<Item[]> {
  return loadItems(store.db, await loadWorkspaceId(store.db), filter);
}

/**
 * A stamp of the backlog's state: it changes whenever an item is created, changed or deleted. Views computed from
 * the backlog (ranking, plan) can be kept, and revalidated over HTTP, until it moves.
 * @example
 * const before = await getBacklogVersion(store);
 * await moveItem(store, 'T-1', 'done');
 * (await getBacklogVersion(store)) !== before; // true
 */
export async function getBacklogVersion(store: Store): Promise<string> {
  return loadBacklogStamp(store.db, await loadWorkspaceId(store.db));
}

export interface RankOptions {
  readonly scheme?: RankingScheme;
  readonly adjustments?: ReadonlyMap<ItemId, readonly Adjustment[]>;
}

/**
 * The open backlog in the order to do it, with the reason for each position.
 * @example
 * const { items } = await rankItems(store, { scheme: 'rice' });
 * items[0].reasons; // [{ kind: 'score', text: 'RICE 2,400 = …' }, { kind: 'ranked-up', text: 'ranked up: unblocks T-7, RICE 3,000' }]
 */
export async function rankItems(store: Store, options: RankOptions = {}): Promise<RankedBacklog> {
  const items = await listItems(store);
  return rankBacklog(items, options);
}

/** An item to create in a group: it may wait for items created before it in the same group (by index). */
export interface GroupItemDraft extends ItemDraft {
  /** Indexes of earlier drafts in the group that this item waits for. */
  readonly blockedByDrafts?: readonly number[];
  /** Existing items that wait for this one. */
  readonly blocks?: readonly ItemId[];
}

/**
 * Adds several items at once with consecutive ids, their dependencies on each other and on existing items, in one
 * transaction: all of them or, on any error (a missing item, a cycle), none.
 * @example
 * const [data, domain] = await addItemGroup(store, [{ title: 'Data' }, { title: 'Domain', blockedByDrafts: [0] }]);
 */
export async function addItemGroup(
  store: Store,
  drafts: readonly GroupItemDraft[],
  options: BacklogWriteOptions = {},
): Promise<Item[]> {
  const now = currentTime(options);
  const fields = drafts.map(({ blockedByDrafts: _b, blocks: _c, ...rest }) => createItemFields(rest));
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const first = await reserveItemNumbers(trx, workspaceId, drafts.length);
    const ids = drafts.map((_, k) => `${DEFAULT_ID_PREFIX}-${first + k}`);
    const items = drafts.map((draft, k) => {
      const blockedBy = (draft.blockedByDrafts ?? []).map((i) => {
        if (!Number.isInteger(i) || i < 0 || i >= k)
          throw new TpoError('Invalid', `item ${k + 1} of the group can only wait for items before it`);
        return ids[i]!;
      });
      return createItem(ids[k]!, fields[k]!, { now, blockedBy });
    });
    await saveNewItems(trx, workspaceId, items);
    for (const [k, draft] of drafts.entries())
      if ((draft.blocks ?? []).length > 0) await addBlocker(trx, workspaceId, ids[k]!, draft.blocks!, now);
    await assertAcyclic(trx, workspaceId);
    return items;
  });
}
