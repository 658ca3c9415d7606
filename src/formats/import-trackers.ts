/**
 * CSV exports of Jira and Linear. Each reads the columns its tracker writes (docs/importers.md lists them) and
 * keeps the tracker's key as the item's external reference, so a re-import updates instead of adding.
 */
import type { ItemDraft, ItemKind, ItemStatus, RiceInputs } from '../domain/index.js';
import { findColumns, readCell, readCells, type Cell } from './csv-columns.js';
import { atLocation, createFormatError } from './format-error.js';
import { readStatus, readTags } from './import-csv.js';
import type {
  ImportedBacklog,
  ImportedItem,
  ImportedSprintRef,
  ImportOptions,
  ItemRef,
} from './imported-backlog.js';
import {
  buildHistory,
  mapKind,
  mapStatus,
  parseCalendarDate,
  parseRiceInput,
  parseTime,
  splitList,
  splitRiceLabels,
} from './map-values.js';
import { parseCsv, type CsvRecord, type CsvTable } from './parse-csv.js';

function requireColumn(table: CsvTable, names: readonly string[], tracker: string): number {
  const [column] = findColumns(table, names);
  if (column === undefined)
    throw createFormatError(
      { file: table.file, line: table.header.line, column: 1 },
      `this is not a ${tracker} CSV export: there is no "${names[0]!}" column`,
      `the columns of ${tracker}'s CSV export (${names[0]!} among them), or --format csv with --map for another layout`,
    );
  return column;
}

function time(cell: Cell | null, field: string): number | null {
  return cell ? atLocation(cell, () => parseTime(field, cell.value)) : null;
}

/** Tags, kind and RICE inputs from label cells (labels like `reach:2000` carry RICE inputs). */
function readLabels(
  cells: readonly Cell[],
  separators?: RegExp,
): { tags: string[]; kind: ItemKind | null; rice: Partial<RiceInputs> } {
  const tags: string[] = [];
  let kind: ItemKind | null = null;
  let rice: Partial<RiceInputs> = {};
  for (const cell of cells) {
    const split = atLocation(cell, () => splitRiceLabels(splitList(cell.value, separators)));
    rice = { ...rice, ...split.rice };
    const clean = readTags({ value: split.rest.join(','), at: cell.at }, /,/);
    for (const t of clean) kind ??= mapKind(t);
    tags.push(...clean);
  }
  return { tags: [...new Set(tags)], kind, rice };
}

const JIRA_DROPPED_RESOLUTIONS = new Set([
  "won't do",
  "won't fix",
  'duplicate',
  'cannot reproduce',
  'incomplete',
  'declined',
  'obsolete',
]);
const JIRA_CATEGORIES: Readonly<Record<string, ItemStatus>> = {
  'to do': 'idea',
  'in progress': 'in-progress',
  done: 'done',
};

/**
 * A Jira CSV export (Filters > Export > CSV, all fields or current fields). Repeated columns (Labels, issue
 * links) are all read.
 */
export function importJiraCsv(text: string, file: string, options: ImportOptions = {}): ImportedBacklog {
  const table = parseCsv(text, file);
  const col = {
    key: requireColumn(table, ['Issue key'], 'Jira'),
    title: requireColumn(table, ['Summary'], 'Jira'),
    type: findColumns(table, ['Issue Type'])[0],
    status: findColumns(table, ['Status'])[0],
    category: findColumns(table, ['Status Category'])[0],
    resolution: findColumns(table, ['Resolution'])[0],
    description: findColumns(table, ['Description'])[0],
    reporter: findColumns(table, ['Reporter'])[0],
    created: findColumns(table, ['Created'])[0],
    resolved: findColumns(table, ['Resolved'])[0],
    due: findColumns(table, ['Due Date', 'Due'])[0],
    labels: findColumns(table, ['Labels']),
    blocks: findColumns(table, ['Outward issue link (Blocks)']),
    blockedBy: findColumns(table, ['Inward issue link (Blocks)']),
    reach: findColumns(table, ['Custom field (Reach)', 'Reach'])[0],
    impact: findColumns(table, ['Custom field (Impact)', 'Impact'])[0],
    confidence: findColumns(table, ['Custom field (Confidence)', 'Confidence'])[0],
    effort: findColumns(table, ['Custom field (Effort)', 'Effort'])[0],
    // One "Sprint" column per sprint the issue was in (a carried-over issue names each).
    sprints: findColumns(table, ['Sprint', 'Custom field (Sprint)']),
  };
  const base = options.baseUrl?.replace(/\/+$/, '');
  const items = table.rows.map((row): ImportedItem => {
    const cell = (c: number | undefined): Cell | null => readCell(table, row, c);
    const key = cell(col.key);
    const title = cell(col.title);
    if (!key)
      throw createFormatError(
        { file, line: row.line, column: row.columns[col.key]! },
        'the issue key is empty',
        'a key like PROJ-12',
      );
    if (!title)
      throw createFormatError(
        { file, line: row.line, column: row.columns[col.title]! },
        `${key.value} has no summary`,
        'a summary',
      );
    const labels = readLabels(readCells(table, row, col.labels), /\s+/);
    const rice: { -readonly [K in keyof RiceInputs]?: number | null } = { ...labels.rice };
    for (const input of ['reach', 'impact', 'confidence', 'effort'] as const) {
      const c = cell(col[input]);
      if (c) rice[input] = atLocation(c, () => parseRiceInput(input, c.value));
    }
    let status: ItemStatus = 'idea';
    const statusCell = cell(col.status);
    if (statusCell) {
      const known = atLocation(statusCell.at, () => mapStatus(statusCell.value, options.statusMap));
      const category = cell(col.category);
      status =
        known ??
        (category ? JIRA_CATEGORIES[category.value.toLowerCase()] : undefined) ??
        readStatus(statusCell, options.statusMap);
    }
    const resolution = cell(col.resolution)?.value.toLowerCase().replace(/’/g, "'");
    if (status === 'done' && resolution && JIRA_DROPPED_RESOLUTIONS.has(resolution)) status = 'dropped';
    const type = cell(col.type);
    const fields: ItemDraft = {
      title: title.value,
      description: col.description !== undefined ? row.cells[col.description]! : '',
      kind: (type ? mapKind(type.value) : null) ?? labels.kind ?? 'feature',
      status,
      tags: labels.tags,
      ...(Object.keys(rice).length > 0 ? { rice: rice as Partial<RiceInputs> } : {}),
      requester: cell(col.reporter)?.value ?? null,
      targetDate: (() => {
        const c = cell(col.due);
        return c ? atLocation(c, () => parseCalendarDate('due date', c.value)) : null;
      })(),
      external: { tracker: 'jira', key: key.value, url: base ? `${base}/browse/${key.value}` : null },
    };
    const refs = (columns: readonly number[]): ItemRef[] =>
      readCells(table, row, columns).flatMap((c) =>
        splitList(c.value, /[\s,;]+/).map((k) => ({ tracker: 'jira', key: k })),
      );
    return withHistory(
      {
        location: { file, line: row.line },
        id: null,
        fields,
        blockedBy: refs(col.blockedBy),
        blocks: refs(col.blocks),
        ...(col.sprints.length > 0
          ? {
              sprints: [...new Set(readCells(table, row, col.sprints).map((c) => c.value.trim()))]
                .filter((name) => name !== '')
                .map((name): ImportedSprintRef => ({ name, start: null, end: null })),
            }
          : {}),
      },
      status,
      time(cell(col.created), 'created'),
      null,
      time(cell(col.resolved), 'resolved'),
    );
  });
  return { format: 'jira', file, items, notices: [] };
}

function withHistory(
  item: ImportedItem,
  status: ItemStatus,
  created: number | null,
  started: number | null,
  finished: number | null,
): ImportedItem {
  if (created === null) return item;
  return { ...item, createdAt: created, history: buildHistory(status, { created, started, finished }) };
}

/** A Linear CSV export (Settings > Import / export > Export CSV, or a view's "Export as CSV"). */
export function importLinearCsv(text: string, file: string, options: ImportOptions = {}): ImportedBacklog {
  const table = parseCsv(text, file);
  const col = {
    key: requireColumn(table, ['ID'], 'Linear'),
    title: requireColumn(table, ['Title'], 'Linear'),
    description: findColumns(table, ['Description'])[0],
    status: findColumns(table, ['Status'])[0],
    labels: findColumns(table, ['Labels']),
    creator: findColumns(table, ['Creator'])[0],
    due: findColumns(table, ['Due Date'])[0],
    created: findColumns(table, ['Created'])[0],
    started: findColumns(table, ['Started'])[0],
    completed: findColumns(table, ['Completed'])[0],
    canceled: findColumns(table, ['Canceled'])[0],
    blockedBy: findColumns(table, ['Blocked by']),
    blocks: findColumns(table, ['Blocks']),
    cycleName: findColumns(table, ['Cycle Name'])[0],
    cycleNumber: findColumns(table, ['Cycle Number'])[0],
    cycleStart: findColumns(table, ['Cycle Start'])[0],
    cycleEnd: findColumns(table, ['Cycle End'])[0],
  };
  const base = options.baseUrl?.replace(/\/+$/, '');
  const items = table.rows.map((row: CsvRecord): ImportedItem => {
    const cell = (c: number | undefined): Cell | null => readCell(table, row, c);
    const key = cell(col.key);
    const title = cell(col.title);
    if (!key)
      throw createFormatError(
        { file, line: row.line, column: row.columns[col.key]! },
        'the ID is empty',
        'an issue ID like ENG-12',
      );
    if (!title)
      throw createFormatError(
        { file, line: row.line, column: row.columns[col.title]! },
        `${key.value} has no title`,
        'a title',
      );
    const labels = readLabels(readCells(table, row, col.labels), /,/);
    const statusCell = cell(col.status);
    const canceled = time(cell(col.canceled), 'canceled');
    const completed = time(cell(col.completed), 'completed');
    let status: ItemStatus = statusCell ? readStatus(statusCell, options.statusMap) : 'idea';
    if (!statusCell && completed !== null) status = 'done';
    if (!statusCell && canceled !== null) status = 'dropped';
    const fields: ItemDraft = {
      title: title.value,
      description: col.description !== undefined ? row.cells[col.description]! : '',
      kind: labels.kind ?? 'feature',
      status,
      tags: labels.tags,
      ...(Object.keys(labels.rice).length > 0 ? { rice: labels.rice } : {}),
      requester: cell(col.creator)?.value ?? null,
      targetDate: (() => {
        const c = cell(col.due);
        return c ? atLocation(c, () => parseCalendarDate('due date', c.value)) : null;
      })(),
      external: { tracker: 'linear', key: key.value, url: base ? `${base}/issue/${key.value}` : null },
    };
    const refs = (columns: readonly number[]): ItemRef[] =>
      readCells(table, row, columns).flatMap((c) =>
        splitList(c.value, /[\s,;]+/).map((k) => ({ tracker: 'linear', key: k })),
      );
    // A cycle is named by its name, else "Cycle <number>"; its days come from its start and end times.
    const cycleName =
      cell(col.cycleName)?.value ?? (cell(col.cycleNumber) ? `Cycle ${cell(col.cycleNumber)!.value}` : null);
    const cycleDay = (c: Cell | null, field: string): string | null =>
      c ? new Date(atLocation(c, () => parseTime(field, c.value)) * 1000).toISOString().slice(0, 10) : null;
    const cycleStart = cycleDay(cell(col.cycleStart), 'cycle start');
    // Linear's cycle ends at the first moment of the next cycle: its last day is the day before.
    const cycleEndTime = cell(col.cycleEnd);
    const cycleEnd = cycleEndTime
      ? new Date((atLocation(cycleEndTime, () => parseTime('cycle end', cycleEndTime.value)) - 1) * 1000)
          .toISOString()
          .slice(0, 10)
      : null;
    const item: ImportedItem = {
      location: { file, line: row.line },
      id: null,
      fields,
      ...(col.blockedBy.length > 0 ? { blockedBy: refs(col.blockedBy) } : {}),
      ...(col.blocks.length > 0 ? { blocks: refs(col.blocks) } : {}),
      ...(col.cycleName !== undefined || col.cycleNumber !== undefined
        ? {
            sprints:
              cycleName === null
                ? []
                : [
                    {
                      name: cycleName,
                      start: cycleStart,
                      end:
                        cycleEnd !== null && cycleStart !== null && cycleEnd < cycleStart
                          ? cycleStart
                          : cycleEnd,
                    },
                  ],
          }
        : {}),
    };
    return withHistory(
      item,
      status,
      time(cell(col.created), 'created'),
      time(cell(col.started), 'started'),
      status === 'dropped' ? canceled : completed,
    );
  });
  return { format: 'linear', file, items, notices: [] };
}
