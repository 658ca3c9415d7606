/**
 * The generic CSV importer: one row per item, columns found by name (see CSV_FIELDS for the names each field
 * answers to) or named with `--map field=Column`. It also reads back what `tpo export --format csv` writes.
 */
import {
  assertArea,
  assertTag,
  ITEM_KINDS,
  ITEM_STATUSES,
  isItemId,
  TpoError,
  type ItemDraft,
  type ItemKind,
  type ItemStatus,
  type RiceInputs,
} from '../domain/index.js';
import { findColumns, headerAt, normalizeHeader, readCell, type Cell } from './csv-columns.js';
import { atLocation, createFormatError } from './format-error.js';
import type { ImportedBacklog, ImportedItem, ImportOptions, ItemRef } from './imported-backlog.js';
import {
  buildHistory,
  mapKind,
  mapStatus,
  parseCalendarDate,
  parseNumber,
  parseRiceInput,
  parseTime,
  splitList,
} from './map-values.js';
import { parseCsv, type CsvTable } from './parse-csv.js';

/** The fields a CSV column can carry, in the order `tpo export --format csv` writes them, with their names. */
export const CSV_FIELDS = {
  id: ['id'],
  title: ['title', 'summary', 'name'],
  description: ['description', 'body', 'details'],
  kind: ['kind', 'type', 'issue type'],
  status: ['status', 'state'],
  reach: ['reach'],
  impact: ['impact'],
  confidence: ['confidence', 'confidence %'],
  effort: ['effort', 'effort (person weeks)', 'effort weeks'],
  'business-value': ['business value', 'value'],
  'time-criticality': ['time criticality'],
  'risk-reduction': ['risk reduction', 'risk reduction opportunity enablement'],
  tags: ['tags', 'labels'],
  requester: ['requester', 'requested by', 'reporter'],
  'target-date': ['target date', 'due date', 'due'],
  areas: ['areas', 'area', 'code areas'],
  tracker: ['tracker'],
  key: ['key', 'external key', 'external id'],
  url: ['url', 'link'],
  'blocked-by': ['blocked by', 'depends on'],
  blocks: ['blocks'],
  created: ['created', 'created at'],
  started: ['started', 'started at'],
  finished: ['finished', 'finished at', 'completed', 'resolved'],
} as const satisfies Record<string, readonly string[]>;

export type CsvField = keyof typeof CSV_FIELDS;
export const CSV_FIELD_NAMES = Object.keys(CSV_FIELDS) as CsvField[];

function resolveColumns(
  table: CsvTable,
  map: Readonly<Record<string, string>>,
): Partial<Record<CsvField, number>> {
  const columns: Partial<Record<CsvField, number>> = {};
  const mapped = new Map<string, CsvField>();
  for (const [rawField, column] of Object.entries(map)) {
    const field = CSV_FIELD_NAMES.find((f) => normalizeHeader(f) === normalizeHeader(rawField));
    if (!field)
      throw new TpoError(
        'Invalid',
        `--map names the field "${rawField}", which tpo does not have; fields: ${CSV_FIELD_NAMES.join(', ')}`,
        { field: rawField },
      );
    const found = findColumns(table, [column]);
    if (found.length === 0)
      throw createFormatError(
        { file: table.file, line: table.header.line, column: 1 },
        `there is no column "${column}" (named by --map ${field}=${column})`,
        `one of the columns in the header: ${table.header.cells.join(', ')}`,
      );
    columns[field] = found[0]!;
    mapped.set(normalizeHeader(column), field);
  }
  for (const field of CSV_FIELD_NAMES) {
    if (columns[field] !== undefined) continue;
    const found = findColumns(table, CSV_FIELDS[field]).filter((c) => {
      const by = mapped.get(normalizeHeader(table.header.cells[c]!));
      return by === undefined;
    });
    if (found.length > 1)
      throw createFormatError(
        headerAt(table, found[1]!),
        `two columns carry the ${field} ("${table.header.cells[found[0]!]!}" and "${table.header.cells[found[1]!]!}")`,
        `one column for it, or --map ${field}=<column> to choose`,
      );
    if (found.length === 1) columns[field] = found[0]!;
  }
  if (columns.title === undefined)
    throw createFormatError(
      { file: table.file, line: table.header.line, column: 1 },
      `no column carries the title (the header has: ${table.header.cells.join(', ')})`,
      `a column named ${CSV_FIELDS.title.join(', ')}, or --map title=<column>`,
    );
  return columns;
}

/** Reads a status cell, in tpo's words, a tracker's, or through --status-map. */
export function readStatus(cell: Cell, statusMap: Readonly<Record<string, string>> | undefined): ItemStatus {
  const status = atLocation(cell, () => mapStatus(cell.value, statusMap));
  if (status === null)
    throw createFormatError(
      cell.at,
      `status "${cell.value}" is not one tpo knows`,
      `one of ${ITEM_STATUSES.join(', ')} (or a usual tracker name such as "To Do", "In Progress", "Done"), or --status-map "${cell.value}=<status>"`,
    );
  return status;
}

export function readKind(cell: Cell): ItemKind {
  const kind = mapKind(cell.value);
  if (kind === null)
    throw createFormatError(
      cell.at,
      `kind "${cell.value}" is not one tpo knows`,
      `one of ${ITEM_KINDS.join(', ')} (or an issue type such as Story, Bug, Task)`,
    );
  return kind;
}

export function readTags(cell: Cell | null, separators?: RegExp): string[] {
  if (!cell) return [];
  const tags = splitList(cell.value, separators);
  for (const tag of tags) atLocation(cell, () => assertTag(tag));
  return tags;
}

function readRefs(cell: Cell | null, tracker: string | null): ItemRef[] {
  if (!cell) return [];
  return splitList(cell.value).map((key) => ({
    key: isItemId(key.toUpperCase()) && tracker === null ? key.toUpperCase() : key,
    tracker,
  }));
}

/** Parses a generic CSV backlog. Throws a located format error for the first malformed cell. */
export function importCsv(text: string, file: string, options: ImportOptions = {}): ImportedBacklog {
  const table = parseCsv(text, file);
  const columns = resolveColumns(table, options.map ?? {});
  const used = new Set(Object.values(columns));
  const ignored = table.header.cells.filter((_, i) => !used.has(i));
  const notices: string[] = [];
  if (ignored.length > 0) notices.push(`${file}: columns not imported: ${ignored.join(', ')}`);
  if (columns.id === undefined && columns.key === undefined)
    notices.push(
      `${file}: no id or key column, so items cannot be matched on a later import: importing this file again adds them again`,
    );

  const items: ImportedItem[] = [];
  for (const row of table.rows) {
    const cell = (field: CsvField): Cell | null => readCell(table, row, columns[field]);
    const title = cell('title');
    if (!title)
      throw createFormatError(
        { file, line: row.line, column: row.columns[columns.title!]! },
        'the title is empty',
        'a title on every row',
      );
    const fields: { -readonly [K in keyof ItemDraft]: ItemDraft[K] } = { title: title.value };
    const description = columns.description !== undefined ? row.cells[columns.description]! : undefined;
    if (description !== undefined) fields.description = description;
    const kind = cell('kind');
    if (kind) fields.kind = readKind(kind);
    const status = cell('status');
    if (status) fields.status = readStatus(status, options.statusMap);
    const rice: { -readonly [K in keyof RiceInputs]?: RiceInputs[K] } = {};
    for (const input of ['reach', 'impact', 'confidence', 'effort'] as const) {
      if (columns[input] === undefined) continue;
      const c = cell(input);
      rice[input] = c ? (atLocation(c, () => parseRiceInput(input, c.value)) as never) : null;
    }
    if (Object.keys(rice).length > 0) fields.rice = rice;
    const cod: Record<string, number | null> = {};
    for (const [field, key] of [
      ['business-value', 'businessValue'],
      ['time-criticality', 'timeCriticality'],
      ['risk-reduction', 'riskReduction'],
    ] as const) {
      if (columns[field] === undefined) continue;
      const c = cell(field);
      cod[key] = c
        ? atLocation(c, () => {
            const n = parseNumber(field.replace('-', ' '), c.value);
            if (n < 0)
              throw new TpoError('Invalid', `${field.replace('-', ' ')} must not be negative, got ${n}`);
            return n;
          })
        : null;
    }
    if (Object.keys(cod).length > 0) fields.costOfDelay = cod;
    if (columns.tags !== undefined) fields.tags = readTags(cell('tags'));
    if (columns.requester !== undefined) fields.requester = cell('requester')?.value ?? null;
    if (columns['target-date'] !== undefined) {
      const c = cell('target-date');
      fields.targetDate = c ? atLocation(c, () => parseCalendarDate('target date', c.value)) : null;
    }
    if (columns.areas !== undefined) {
      const c = cell('areas');
      const areas = c ? splitList(c.value) : [];
      if (c) for (const a of areas) atLocation(c, () => assertArea(a));
      fields.areas = areas;
    }
    const key = cell('key');
    const tracker = cell('tracker')?.value ?? options.tracker ?? 'csv';
    if (key) fields.external = { tracker, key: key.value, url: cell('url')?.value ?? null };

    let id: string | null = null;
    const idCell = cell('id');
    if (idCell) {
      id = idCell.value.toUpperCase();
      if (!isItemId(id))
        throw createFormatError(
          idCell.at,
          `"${idCell.value}" is not an item id`,
          'an id like T-42, or an empty cell',
        );
    }
    const time = (field: 'created' | 'started' | 'finished'): number | null => {
      const c = cell(field);
      return c ? atLocation(c, () => parseTime(field, c.value)) : null;
    };
    const created = time('created');
    const item: { -readonly [K in keyof ImportedItem]: ImportedItem[K] } = {
      location: { file, line: row.line },
      id,
      fields,
    };
    const refTracker = key ? tracker : null;
    if (columns['blocked-by'] !== undefined) item.blockedBy = readRefs(cell('blocked-by'), refTracker);
    if (columns.blocks !== undefined) item.blocks = readRefs(cell('blocks'), refTracker);
    if (created !== null) {
      item.createdAt = created;
      item.history = buildHistory(fields.status ?? 'idea', {
        created,
        started: time('started'),
        finished: time('finished'),
      });
    }
    items.push(item);
  }
  return { format: 'csv', file, items, notices };
}
