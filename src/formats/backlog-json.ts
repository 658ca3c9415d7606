/**
 * tpo's own JSON backlog format: everything an item states, its dependencies and its whole status history.
 * `tpo export --format json` then `tpo import` into an empty store, then export again gives the same bytes.
 *
 * ```json
 * { "format": "tpo-backlog", "version": 1, "items": [ { "id": "T-1", "title": "…", "status": "idea", … } ] }
 * ```
 */
import {
  assertItemFields,
  compareItemIds,
  createItemFields,
  getStatusTimes,
  IMPACT_VALUES,
  isItemId,
  isTpoError,
  ITEM_STATUSES,
  type ExternalRef,
  type Item,
  type ItemDraft,
  type ItemStatus,
  type StatusChange,
} from '../domain/index.js';
import { atLocation, createFormatError, type SourceLocation } from './format-error.js';
import type { ImportedBacklog, ImportedItem } from './imported-backlog.js';
import { toIso, toSeconds } from './map-values.js';
import { parseJson, type PositionedJson } from './parse-json.js';

export const BACKLOG_FORMAT = 'tpo-backlog';
export const BACKLOG_FORMAT_VERSION = 1;

/** One item as tpo's JSON writes it. */
export interface JsonItem {
  id: string;
  title: string;
  description: string;
  kind: string;
  status: string;
  reach: number | null;
  impact: number | null;
  confidence: number | null;
  effort: number | null;
  businessValue: number | null;
  timeCriticality: number | null;
  riskReduction: number | null;
  tags: string[];
  requester: string | null;
  targetDate: string | null;
  areas: string[];
  external: ExternalRef | null;
  blockedBy: string[];
  history: { from: string | null; to: string; at: string }[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

function toJsonItem(item: Item): JsonItem {
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    kind: item.kind,
    status: item.status,
    reach: item.rice.reach,
    impact: item.rice.impact,
    confidence: item.rice.confidence,
    effort: item.rice.effort,
    businessValue: item.costOfDelay.businessValue,
    timeCriticality: item.costOfDelay.timeCriticality,
    riskReduction: item.costOfDelay.riskReduction,
    tags: [...item.tags],
    requester: item.requester,
    targetDate: item.targetDate,
    areas: [...item.areas],
    external: item.external
      ? { tracker: item.external.tracker, key: item.external.key, url: item.external.url }
      : null,
    blockedBy: [...item.blockedBy],
    history: item.history.map((h) => ({ from: h.from, to: h.to, at: toIso(h.at) })),
    createdAt: toIso(item.createdAt),
    updatedAt: toIso(item.updatedAt),
    version: item.version,
  };
}

/** The backlog as tpo's JSON, items ordered by id, ending with a newline. */
export function exportJson(items: readonly Item[]): string {
  const sorted = [...items].sort((a, b) => compareItemIds(a.id, b.id));
  return `${JSON.stringify({ format: BACKLOG_FORMAT, version: BACKLOG_FORMAT_VERSION, items: sorted.map(toJsonItem) }, null, 2)}\n`;
}

const ITEM_KEYS = new Set<string>(Object.keys(toJsonItem(buildBlank())));

function buildBlank(): Item {
  const fields = createItemFields({ title: 'x' });
  return {
    ...fields,
    id: 'T-1',
    blockedBy: [],
    history: [],
    ...getStatusTimes(fields.status, []),
    createdAt: 0,
    updatedAt: 0,
    version: 1,
  };
}

/** Domain field names (in TpoError context) -> JSON property. */
const FIELD_KEYS: Readonly<Record<string, string>> = {
  title: 'title',
  description: 'description',
  kind: 'kind',
  status: 'status',
  reach: 'reach',
  impact: 'impact',
  confidence: 'confidence',
  effort: 'effort',
  'business value': 'businessValue',
  'time criticality': 'timeCriticality',
  'risk reduction': 'riskReduction',
  tag: 'tags',
  requester: 'requester',
  'target date': 'targetDate',
  area: 'areas',
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

class JsonReader {
  constructor(private readonly json: PositionedJson) {}

  at(container: object, key?: string | number): SourceLocation {
    return this.json.locate(container, key);
  }

  fail(container: object, key: string | number | undefined, message: string, expected: string): never {
    throw createFormatError(this.at(container, key), message, expected);
  }

  object(container: object, key: string | number): Record<string, unknown> {
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(container, key, `${String(key)} is ${JSON.stringify(value)}`, 'an object');
    return value as Record<string, unknown>;
  }

  array(container: object, key: string | number): unknown[] {
    const value = (container as Record<string | number, unknown>)[key];
    if (!Array.isArray(value))
      this.fail(container, key, `${String(key)} is ${JSON.stringify(value) ?? 'missing'}`, 'an array');
    return value as unknown[];
  }

  string(obj: Record<string, unknown>, key: string, optional = false): string | null {
    const value = obj[key];
    if (value === undefined && optional) return null;
    if (value === null && optional) return null;
    if (typeof value !== 'string')
      this.fail(
        obj,
        key,
        `${key} is ${JSON.stringify(value) ?? 'missing'}`,
        optional ? 'text or null' : 'text',
      );
    return value;
  }

  number(obj: Record<string, unknown>, key: string): number | null {
    const value = obj[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number')
      this.fail(obj, key, `${key} is ${JSON.stringify(value)}`, 'a number or null');
    return value;
  }

  strings(obj: Record<string, unknown>, key: string): string[] {
    if (obj[key] === undefined) return [];
    const list = this.array(obj, key);
    list.forEach((v, i) => {
      if (typeof v !== 'string') this.fail(list, i, `${key}[${i}] is ${JSON.stringify(v)}`, 'text');
    });
    return list as string[];
  }

  time(obj: Record<string, unknown>, key: string): number | undefined {
    const value = obj[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !ISO_TIME.test(value))
      this.fail(obj, key, `${key} is ${JSON.stringify(value)}`, 'a UTC time such as "2024-03-12T10:15:00Z"');
    return toSeconds(value);
  }
}

function readItem(reader: JsonReader, list: unknown[], index: number): ImportedItem {
  const obj = reader.object(list, index);
  for (const key of Object.keys(obj))
    if (!ITEM_KEYS.has(key))
      reader.fail(obj, key, `unknown property "${key}"`, `one of ${[...ITEM_KEYS].join(', ')}`);
  const id = reader.string(obj, 'id')!;
  if (!isItemId(id)) reader.fail(obj, 'id', `"${id}" is not an item id`, 'an id like T-42');
  const at = (key: string): SourceLocation => reader.at(obj, obj[key] === undefined ? undefined : key);
  let external: ExternalRef | null = null;
  if (obj.external !== undefined && obj.external !== null) {
    const ext = reader.object(obj, 'external');
    external = {
      tracker: reader.string(ext, 'tracker')!,
      key: reader.string(ext, 'key')!,
      url: reader.string(ext, 'url', true),
    };
  }
  const impact = reader.number(obj, 'impact');
  if (impact !== null && !IMPACT_VALUES.includes(impact as never))
    reader.fail(obj, 'impact', `impact is ${impact}`, `one of ${IMPACT_VALUES.join(', ')}`);
  const draft: ItemDraft = {
    title: reader.string(obj, 'title')!,
    description: reader.string(obj, 'description', true) ?? '',
    kind: (reader.string(obj, 'kind', true) ?? 'feature') as ItemDraft['kind'] & string,
    status: (reader.string(obj, 'status', true) ?? 'idea') as ItemStatus,
    rice: {
      reach: reader.number(obj, 'reach'),
      impact: impact as never,
      confidence: reader.number(obj, 'confidence'),
      effort: reader.number(obj, 'effort'),
    },
    costOfDelay: {
      businessValue: reader.number(obj, 'businessValue'),
      timeCriticality: reader.number(obj, 'timeCriticality'),
      riskReduction: reader.number(obj, 'riskReduction'),
    },
    tags: reader.strings(obj, 'tags'),
    requester: reader.string(obj, 'requester', true),
    targetDate: reader.string(obj, 'targetDate', true),
    areas: reader.strings(obj, 'areas'),
    external,
  };
  // Check every field once, pointing at the property the domain names.
  let fields: ReturnType<typeof createItemFields>;
  try {
    fields = assertItemFields(createItemFields(draft));
  } catch (error) {
    const field = isTpoError(error) && typeof error.context.field === 'string' ? error.context.field : '';
    const key = FIELD_KEYS[field] ?? (field.startsWith('external') ? 'external' : 'id');
    atLocation(at(key), () => {
      throw error;
    });
    throw error;
  }
  const blockedBy = reader.strings(obj, 'blockedBy');
  blockedBy.forEach((b, i) => {
    if (!isItemId(b))
      reader.fail(reader.array(obj, 'blockedBy'), i, `"${b}" is not an item id`, 'an id like T-42');
  });
  let history: StatusChange[] | undefined;
  if (obj.history !== undefined) {
    const entries = reader.array(obj, 'history');
    history = entries.map((_, i) => {
      const h = reader.object(entries, i);
      const from = reader.string(h, 'from', true);
      const to = reader.string(h, 'to')!;
      for (const [key, s] of [
        ['from', from],
        ['to', to],
      ] as const)
        if (s !== null && !ITEM_STATUSES.includes(s as ItemStatus))
          reader.fail(h, key, `${key} is "${s}"`, `one of ${ITEM_STATUSES.join(', ')}`);
      const when = reader.time(h, 'at');
      if (when === undefined) reader.fail(h, undefined, 'a status change without "at"', 'its time');
      return { from: from as ItemStatus | null, to: to as ItemStatus, at: when };
    });
    const last = history[history.length - 1];
    if (last && last.to !== fields.status)
      reader.fail(
        obj,
        'history',
        `the history ends in "${last.to}" but the status is "${fields.status}"`,
        'the last change to lead to the status',
      );
  }
  const version = reader.number(obj, 'version');
  if (version !== null && (!Number.isInteger(version) || version < 1))
    reader.fail(obj, 'version', `version is ${version}`, 'a whole number from 1');
  const createdAt = reader.time(obj, 'createdAt');
  const updatedAt = reader.time(obj, 'updatedAt');
  return {
    location: at('id'),
    id,
    fields,
    blockedBy: blockedBy.map((key) => ({ key, tracker: null })),
    ...(history ? { history } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    ...(version !== null ? { version } : {}),
  };
}

/** Reads tpo's JSON backlog; every error names the line and column of the value that is wrong. */
export function importJson(text: string, file: string): ImportedBacklog {
  const json = parseJson(text, file);
  const reader = new JsonReader(json);
  const root = json.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root))
    throw createFormatError(
      { file, line: 1, column: 1 },
      'the file is not a tpo backlog',
      `an object {"format": "${BACKLOG_FORMAT}", "version": 1, "items": […]}`,
    );
  const obj = root as Record<string, unknown>;
  if (obj.format !== BACKLOG_FORMAT)
    reader.fail(
      obj,
      obj.format === undefined ? undefined : 'format',
      `format is ${JSON.stringify(obj.format) ?? 'missing'}`,
      `"${BACKLOG_FORMAT}"`,
    );
  if (obj.version !== BACKLOG_FORMAT_VERSION)
    reader.fail(
      obj,
      'version',
      `version ${JSON.stringify(obj.version)} of the format is not one this tpo reads`,
      `${BACKLOG_FORMAT_VERSION}`,
    );
  const list = reader.array(obj, 'items');
  return { format: 'json', file, items: list.map((_, i) => readItem(reader, list, i)), notices: [] };
}
