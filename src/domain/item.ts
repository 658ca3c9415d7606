/**
 * The backlog's nouns: items, their business scoring inputs, their dependencies and their status history.
 * Times are Unix epoch seconds; effort is in person-weeks; confidence is a percentage (0-100).
 */
import { TpoError } from './errors.js';

/** A short, stable, human-friendly item id: a prefix, a dash and a number, e.g. `T-42`. */
export type ItemId = string;

export type ItemKind = 'feature' | 'bug' | 'debt' | 'chore';
export const ITEM_KINDS: readonly ItemKind[] = ['feature', 'bug', 'debt', 'chore'];

export type ItemStatus = 'idea' | 'ready' | 'in-progress' | 'done' | 'dropped';
export const ITEM_STATUSES: readonly ItemStatus[] = ['idea', 'ready', 'in-progress', 'done', 'dropped'];
/** Statuses of items still to be done: the ones that are ranked and whose dependencies hold others back. */
export const OPEN_STATUSES: readonly ItemStatus[] = ['idea', 'ready', 'in-progress'];

/** RICE impact on the usual scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal. */
export type Impact = 0.25 | 0.5 | 1 | 2 | 3;
export const IMPACT_VALUES: readonly Impact[] = [0.25, 0.5, 1, 2, 3];

/** The inputs of RICE, each unknown (null) until someone states it. */
export interface RiceInputs {
  /** People (or events) reached per quarter. */
  readonly reach: number | null;
  readonly impact: Impact | null;
  /** Confidence in reach and impact, percent in [0, 100]. */
  readonly confidence: number | null;
  /** Effort in person-weeks, as stated by whoever asked (> 0). */
  readonly effort: number | null;
}

/**
 * The components of cost of delay for WSJF (SAFe), each on a relative scale (usually 1, 2, 3, 5, 8, 13, 20);
 * the job size is the RICE effort.
 */
export interface CostOfDelay {
  readonly businessValue: number | null;
  readonly timeCriticality: number | null;
  /** Risk reduction and/or opportunity enablement. */
  readonly riskReduction: number | null;
}

/** Where an item came from: the tracker, its key there (e.g. `acme/shop#12`, `PROJ-7`) and a link. */
export interface ExternalRef {
  readonly tracker: string;
  readonly key: string;
  readonly url: string | null;
}

/** One status change; the history that throughput and forecasts count. */
export interface StatusChange {
  /** Null for the status an item was created with. */
  readonly from: ItemStatus | null;
  readonly to: ItemStatus;
  readonly at: number;
}

/** `blocker` must be done before `blocked` can be. */
export interface Dependency {
  readonly blocker: ItemId;
  readonly blocked: ItemId;
}

/** What a person (or an import) states about an item. */
export interface ItemFields {
  /** One line. */
  readonly title: string;
  /** Markdown. */
  readonly description: string;
  readonly kind: ItemKind;
  readonly status: ItemStatus;
  readonly rice: RiceInputs;
  readonly costOfDelay: CostOfDelay;
  readonly tags: readonly string[];
  readonly requester: string | null;
  /** A calendar date, YYYY-MM-DD. */
  readonly targetDate: string | null;
  /** Code areas named explicitly: paths or globs relative to the repository root. */
  readonly areas: readonly string[];
  readonly external: ExternalRef | null;
}

export interface Item extends ItemFields {
  readonly id: ItemId;
  /** Items this one waits for (its blockers), sorted by id. */
  readonly blockedBy: readonly ItemId[];
  /** Every status change, oldest first; the first is the status the item was created with. */
  readonly history: readonly StatusChange[];
  /** When work started: the first move to in-progress, or null. */
  readonly startedAt: number | null;
  /** When the item was finished: the last move to done while it is done, else null. */
  readonly finishedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Optimistic-concurrency version: 1 when created, one more at every change. */
  readonly version: number;
}

/** A change to an item's fields; RICE and cost-of-delay inputs may be changed one at a time. */
export type ItemPatch = {
  readonly [K in Exclude<keyof ItemFields, 'rice' | 'costOfDelay'>]?: ItemFields[K];
} & {
  readonly rice?: Partial<RiceInputs>;
  readonly costOfDelay?: Partial<CostOfDelay>;
};

/** An item to create: a title and whatever else is known. */
export type ItemDraft = ItemPatch & { readonly title: string };

export const DEFAULT_ID_PREFIX = 'T';
const ID_PATTERN = /^([A-Z][A-Z0-9]*)-([1-9][0-9]*)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRACKER_PATTERN = /^[a-z][a-z0-9-]*$/;
export const MAX_TITLE_LENGTH = 300;
const MAX_LINE_LENGTH = 200;

const EMPTY_RICE: RiceInputs = { reach: null, impact: null, confidence: null, effort: null };
const EMPTY_COST_OF_DELAY: CostOfDelay = { businessValue: null, timeCriticality: null, riskReduction: null };

function invalid(field: string, message: string, value?: unknown): TpoError {
  return new TpoError('Invalid', message, { field, ...(value !== undefined ? { value } : {}) });
}

/** `T-42` from `T-42`, `t-42` or `42`; throws for anything else. */
export function normalizeItemId(text: string, prefix = DEFAULT_ID_PREFIX): ItemId {
  const trimmed = text.trim();
  if (/^[1-9][0-9]*$/.test(trimmed)) return `${prefix}-${trimmed}`;
  const upper = trimmed.toUpperCase();
  if (ID_PATTERN.test(upper)) return upper;
  throw invalid('id', `"${text}" is not an item id; expected something like ${prefix}-42`, text);
}

export function isItemId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** The prefix and number of an item id (`T-42` -> ['T', 42]). */
export function splitItemId(id: ItemId): readonly [string, number] {
  const m = ID_PATTERN.exec(id);
  if (!m) throw invalid('id', `"${id}" is not an item id; expected something like T-42`, id);
  return [m[1]!, Number(m[2])];
}

/** Orders item ids by prefix, then number (T-2 before T-10). Called a lot when sorting: no regular expressions. */
export function compareItemIds(a: ItemId, b: ItemId): number {
  const da = a.lastIndexOf('-');
  const db = b.lastIndexOf('-');
  const pa = a.slice(0, da);
  const pb = b.slice(0, db);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return Number(a.slice(da + 1)) - Number(b.slice(db + 1));
}

export function isOpenStatus(status: ItemStatus): boolean {
  return status === 'idea' || status === 'ready' || status === 'in-progress';
}

export function assertItemKind(value: unknown): asserts value is ItemKind {
  if (!ITEM_KINDS.includes(value as ItemKind))
    throw invalid('kind', `kind "${String(value)}" is not one of ${ITEM_KINDS.join(', ')}`, value);
}

export function assertItemStatus(value: unknown): asserts value is ItemStatus {
  if (!ITEM_STATUSES.includes(value as ItemStatus))
    throw invalid('status', `status "${String(value)}" is not one of ${ITEM_STATUSES.join(', ')}`, value);
}

function assertNumber(field: string, value: unknown, min: number, max: number, minExclusive = false): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value > max || value < min)
    throw invalid(
      field,
      `${field} must be a number ${minExclusive ? 'above' : 'from'} ${min}${Number.isFinite(max) ? ` to ${max}` : ''}, got ${String(value)}`,
      value,
    );
  if (minExclusive && value <= min)
    throw invalid(field, `${field} must be a number above ${min}, got ${String(value)}`, value);
}

/** Reach: people or events per quarter, a number >= 0. */
export function assertReach(value: unknown): asserts value is number {
  assertNumber('reach', value, 0, Infinity);
}

export function assertImpact(value: unknown): asserts value is Impact {
  if (!IMPACT_VALUES.includes(value as Impact))
    throw invalid(
      'impact',
      `impact must be one of ${IMPACT_VALUES.join(', ')} (minimal to massive), got ${String(value)}`,
      value,
    );
}

/** Confidence: a percentage from 0 to 100. */
export function assertConfidence(value: unknown): asserts value is number {
  assertNumber('confidence', value, 0, 100);
}

/** Effort: person-weeks, above 0. */
export function assertEffort(value: unknown): asserts value is number {
  assertNumber('effort', value, 0, Infinity, true);
}

function assertLine(field: string, value: unknown, max: number, allowEmpty = false): asserts value is string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be text`, value);
  if (!allowEmpty && value.trim() === '') throw invalid(field, `${field} must not be empty`, value);
  if (/[\r\n]/.test(value)) throw invalid(field, `${field} must fit on one line`, value);
  if (value.length > max) throw invalid(field, `${field} is longer than ${max} characters`, value);
}

export function assertTitle(value: unknown): asserts value is string {
  assertLine('title', value, MAX_TITLE_LENGTH);
}

/** A tag: one line of text without commas (lists of tags are written comma-separated). */
export function assertTag(value: unknown): asserts value is string {
  assertLine('tag', value, 100);
  if (value.includes(',')) throw invalid('tag', `tag "${value}" must not contain a comma`, value);
  if (value !== value.trim())
    throw invalid('tag', `tag "${value}" must not start or end with a space`, value);
}

/** A calendar date written YYYY-MM-DD that exists. */
export function assertCalendarDate(field: string, value: unknown): asserts value is string {
  const m = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  const ok =
    m !== null &&
    (() => {
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1;
    })();
  if (!ok) throw invalid(field, `${field} must be a date written YYYY-MM-DD, got "${String(value)}"`, value);
}

export function assertArea(value: unknown): asserts value is string {
  assertLine('area', value, 500);
  if (value !== value.trim())
    throw invalid('area', `area "${value}" must not start or end with a space`, value);
}

export function assertExternalRef(value: unknown): asserts value is ExternalRef {
  const ref = value as ExternalRef;
  if (typeof ref !== 'object' || ref === null)
    throw invalid('external', 'external reference must be an object');
  if (typeof ref.tracker !== 'string' || !TRACKER_PATTERN.test(ref.tracker))
    throw invalid(
      'external.tracker',
      `tracker "${String(ref.tracker)}" must be a lowercase word such as github, jira or linear`,
      ref.tracker,
    );
  assertLine('external.key', ref.key, MAX_LINE_LENGTH);
  if (ref.url !== null && (typeof ref.url !== 'string' || !/^https?:\/\/\S+$/.test(ref.url)))
    throw invalid('external.url', `url "${String(ref.url)}" must be an http(s) address`, ref.url);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Checks every field of an item and returns them as stored: lists without duplicates, text as given.
 * Throws TpoError('Invalid') naming the first field that is wrong.
 */
export function assertItemFields(fields: ItemFields): ItemFields {
  assertTitle(fields.title);
  if (typeof fields.description !== 'string') throw invalid('description', 'description must be text');
  assertItemKind(fields.kind);
  assertItemStatus(fields.status);
  const { reach, impact, confidence, effort } = fields.rice;
  if (reach !== null) assertReach(reach);
  if (impact !== null) assertImpact(impact);
  if (confidence !== null) assertConfidence(confidence);
  if (effort !== null) assertEffort(effort);
  for (const [field, value] of [
    ['business value', fields.costOfDelay.businessValue],
    ['time criticality', fields.costOfDelay.timeCriticality],
    ['risk reduction', fields.costOfDelay.riskReduction],
  ] as const) {
    if (value !== null) assertNumber(field, value, 0, Infinity);
  }
  for (const tag of fields.tags) assertTag(tag);
  if (fields.requester !== null) assertLine('requester', fields.requester, MAX_LINE_LENGTH);
  if (fields.targetDate !== null) assertCalendarDate('target date', fields.targetDate);
  for (const area of fields.areas) assertArea(area);
  if (fields.external !== null) assertExternalRef(fields.external);
  return {
    ...fields,
    title: fields.title.trim(),
    tags: dedupe(fields.tags),
    areas: dedupe(fields.areas),
  };
}

/** The fields of a new item: the draft's, with defaults (kind feature, status idea, nothing else known). */
export function createItemFields(draft: ItemDraft): ItemFields {
  return assertItemFields({
    title: draft.title,
    description: draft.description ?? '',
    kind: draft.kind ?? 'feature',
    status: draft.status ?? 'idea',
    rice: { ...EMPTY_RICE, ...draft.rice },
    costOfDelay: { ...EMPTY_COST_OF_DELAY, ...draft.costOfDelay },
    tags: draft.tags ?? [],
    requester: draft.requester ?? null,
    targetDate: draft.targetDate ?? null,
    areas: draft.areas ?? [],
    external: draft.external ?? null,
  });
}

/** The fields after a patch, checked. */
export function applyItemPatch(fields: ItemFields, patch: ItemPatch): ItemFields {
  return assertItemFields({
    ...fields,
    ...patch,
    rice: { ...fields.rice, ...patch.rice },
    costOfDelay: { ...fields.costOfDelay, ...patch.costOfDelay },
  });
}

/** Only the item's stated fields (no id, history or version). */
export function getItemFields(item: ItemFields): ItemFields {
  return {
    title: item.title,
    description: item.description,
    kind: item.kind,
    status: item.status,
    rice: item.rice,
    costOfDelay: item.costOfDelay,
    tags: item.tags,
    requester: item.requester,
    targetDate: item.targetDate,
    areas: item.areas,
    external: item.external,
  };
}

/** What tpo keeps about an item besides its stated fields. */
export type ItemState = Omit<Item, keyof ItemFields>;

/**
 * An item from its fields and state. Written out property by property: V8 builds an object spread with many
 * added properties on a slow path, which costs seconds over an import of 100,000 items.
 */
export function composeItem(fields: ItemFields, state: ItemState): Item {
  return {
    title: fields.title,
    description: fields.description,
    kind: fields.kind,
    status: fields.status,
    rice: fields.rice,
    costOfDelay: fields.costOfDelay,
    tags: fields.tags,
    requester: fields.requester,
    targetDate: fields.targetDate,
    areas: fields.areas,
    external: fields.external,
    id: state.id,
    blockedBy: state.blockedBy,
    history: state.history,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    version: state.version,
  };
}

/** The state part of an item (everything but its stated fields). */
export function getItemState(item: Item): ItemState {
  return {
    id: item.id,
    blockedBy: item.blockedBy,
    history: item.history,
    startedAt: item.startedAt,
    finishedAt: item.finishedAt,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
}

/** When work started and finished, from the status history (see Item.startedAt and Item.finishedAt). */
export function getStatusTimes(
  status: ItemStatus,
  history: readonly StatusChange[],
): { startedAt: number | null; finishedAt: number | null } {
  let startedAt: number | null = null;
  let finishedAt: number | null = null;
  for (const change of history) {
    if (change.to === 'in-progress' && startedAt === null) startedAt = change.at;
    if (change.to === 'done') finishedAt = change.at;
  }
  return { startedAt, finishedAt: status === 'done' ? finishedAt : null };
}

/** The history with one more change, when the status actually changes. */
export function appendStatusChange(
  history: readonly StatusChange[],
  from: ItemStatus | null,
  to: ItemStatus,
  at: number,
): readonly StatusChange[] {
  if (from === to) return history;
  return [...history, { from, to, at }];
}

/** Every dependency among the items, from their blockedBy lists. */
export function getDependencies(items: readonly Pick<Item, 'id' | 'blockedBy'>[]): Dependency[] {
  const out: Dependency[] = [];
  for (const item of items) for (const blocker of item.blockedBy) out.push({ blocker, blocked: item.id });
  return out;
}
