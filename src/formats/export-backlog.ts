/**
 * The backlog as CSV (the generic importer reads it back) and as Markdown (for a wiki page or a pull request).
 */
import { compareItemIds, type Item } from '../domain/index.js';
import { CSV_FIELD_NAMES, type CsvField } from './import-csv.js';
import { toIso } from './map-values.js';
import { writeCsv } from './parse-csv.js';

function figure(n: number | null): string {
  return n === null ? '' : String(n);
}

const CSV_VALUES: Readonly<Record<CsvField, (item: Item) => string>> = {
  id: (i) => i.id,
  title: (i) => i.title,
  description: (i) => i.description,
  kind: (i) => i.kind,
  status: (i) => i.status,
  reach: (i) => figure(i.rice.reach),
  impact: (i) => figure(i.rice.impact),
  confidence: (i) => figure(i.rice.confidence),
  effort: (i) => figure(i.rice.effort),
  'business-value': (i) => figure(i.costOfDelay.businessValue),
  'time-criticality': (i) => figure(i.costOfDelay.timeCriticality),
  'risk-reduction': (i) => figure(i.costOfDelay.riskReduction),
  tags: (i) => i.tags.join(', '),
  requester: (i) => i.requester ?? '',
  'target-date': (i) => i.targetDate ?? '',
  areas: (i) => i.areas.join(', '),
  tracker: (i) => i.external?.tracker ?? '',
  key: (i) => i.external?.key ?? '',
  url: (i) => i.external?.url ?? '',
  'blocked-by': (i) => i.blockedBy.join(', '),
  blocks: () => '',
  created: (i) => toIso(i.createdAt),
  started: (i) => (i.startedAt === null ? '' : toIso(i.startedAt)),
  finished: (i) => {
    // A dropped item's finish is when it was dropped; CSV has one column for both.
    if (i.finishedAt !== null) return toIso(i.finishedAt);
    const last = i.history[i.history.length - 1];
    return i.status === 'dropped' && last ? toIso(last.at) : '';
  },
};

/** Columns of the CSV export: every field but `blocks` (the same relation as `blocked-by`, seen from the other end). */
const EXPORT_FIELDS = CSV_FIELD_NAMES.filter((f) => f !== 'blocks');

/** The backlog as RFC 4180 CSV, one row per item ordered by id, with tpo's column names. */
export function exportCsv(items: readonly Item[]): string {
  const sorted = [...items].sort((a, b) => compareItemIds(a.id, b.id));
  return writeCsv(
    EXPORT_FIELDS,
    sorted.map((item) => EXPORT_FIELDS.map((f) => CSV_VALUES[f](item))),
  );
}

/** Text for a Markdown table cell: one line, pipes escaped. */
export function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`),
  ].join('\n');
}

/** The backlog as Markdown: a table of every item, then each item's description and details. */
export function exportMarkdown(items: readonly Item[], title = 'Backlog'): string {
  const sorted = [...items].sort((a, b) => compareItemIds(a.id, b.id));
  const out = [`# ${title}`, '', `${sorted.length} item${sorted.length === 1 ? '' : 's'}.`, ''];
  if (sorted.length > 0) {
    out.push(
      markdownTable(
        [
          'id',
          'title',
          'kind',
          'status',
          'reach',
          'impact',
          'confidence',
          'effort (person-weeks)',
          'tags',
          'blocked by',
        ],
        sorted.map((i) => [
          i.id,
          i.title,
          i.kind,
          i.status,
          figure(i.rice.reach),
          figure(i.rice.impact),
          i.rice.confidence === null ? '' : `${i.rice.confidence} %`,
          figure(i.rice.effort),
          i.tags.join(', '),
          i.blockedBy.join(', '),
        ]),
      ),
      '',
    );
  }
  for (const i of sorted) {
    out.push(`## ${i.id}: ${markdownCell(i.title)}`, '');
    const facts = [
      `- kind: ${i.kind}, status: ${i.status}`,
      ...(i.requester ? [`- requested by ${i.requester}`] : []),
      ...(i.targetDate ? [`- target date: ${i.targetDate}`] : []),
      ...(i.areas.length > 0 ? [`- areas: ${i.areas.map((a) => `\`${a}\``).join(', ')}`] : []),
      ...(i.external
        ? [
            `- from ${i.external.tracker}: ${i.external.url ? `[${i.external.key}](${i.external.url})` : i.external.key}`,
          ]
        : []),
      ...(i.blockedBy.length > 0 ? [`- blocked by ${i.blockedBy.join(', ')}`] : []),
    ];
    out.push(...facts, '');
    if (i.description.trim() !== '') out.push(i.description.trim(), '');
  }
  return out.join('\n');
}
