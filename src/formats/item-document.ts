/**
 * An item as a text document for `$EDITOR`: YAML front matter for the fields, Markdown below it for the
 * description. Parsing it back checks every field and names the line of the first that is wrong.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import {
  createItemFields,
  IMPACT_VALUES,
  isItemId,
  isTpoError,
  ITEM_KINDS,
  ITEM_STATUSES,
  type ItemDraft,
  type ItemFields,
  type ItemId,
} from '../domain/index.js';
import { createFormatError } from './format-error.js';

/** The keys of the front matter, in order, with the comment written beside each. */
const KEYS: readonly (readonly [string, string])[] = [
  ['title', 'one line; leave it empty to cancel'],
  ['kind', ITEM_KINDS.join(', ')],
  ['status', ITEM_STATUSES.join(', ')],
  ['reach', 'people or events reached per quarter'],
  ['impact', `${IMPACT_VALUES.join(', ')} (minimal to massive)`],
  ['confidence', 'percent, 0-100'],
  ['effort', 'person-weeks'],
  ['business-value', 'WSJF cost of delay, relative: 1, 2, 3, 5, 8, 13, 20'],
  ['time-criticality', 'WSJF'],
  ['risk-reduction', 'WSJF'],
  ['tags', 'a list: [billing, pdf]'],
  ['requester', 'who asked'],
  ['target-date', 'YYYY-MM-DD'],
  ['areas', 'code paths or globs: [src/billing/**]'],
  ['blocked-by', 'items this one waits for: [T-3]'],
];

export interface ItemDocument {
  readonly fields: ItemDraft;
  readonly blockedBy: readonly ItemId[];
}

function scalar(value: string | number | null): string {
  if (value === null) return '';
  return stringify(value).trimEnd();
}

function list(values: readonly string[]): string {
  return values.length === 0 ? '[]' : stringify([...values], { collectionStyle: 'flow' }).trimEnd();
}

/**
 * The document for an item (or a new one): front matter with every field and a comment on its scale, then
 * the description.
 */
export function renderItemDocument(
  fields: ItemFields,
  options: { id?: ItemId; version?: number; blockedBy?: readonly ItemId[] } = {},
): string {
  const values: Record<string, string> = {
    title: scalar(fields.title),
    kind: fields.kind,
    status: fields.status,
    reach: scalar(fields.rice.reach),
    impact: scalar(fields.rice.impact),
    confidence: scalar(fields.rice.confidence),
    effort: scalar(fields.rice.effort),
    'business-value': scalar(fields.costOfDelay.businessValue),
    'time-criticality': scalar(fields.costOfDelay.timeCriticality),
    'risk-reduction': scalar(fields.costOfDelay.riskReduction),
    tags: list(fields.tags),
    requester: scalar(fields.requester),
    'target-date': fields.targetDate ?? '',
    areas: list(fields.areas),
    'blocked-by': list(options.blockedBy ?? []),
  };
  const width = Math.max(...KEYS.map(([k]) => `${k}: ${values[k]!}`.length));
  const lines = KEYS.map(([k, comment]) => {
    const line = `${k}: ${values[k]!}`.replace(/: $/, ':');
    return `${line.padEnd(width)}  # ${comment}`;
  });
  const heading = options.id
    ? `# ${options.id} (version ${options.version ?? 1}). Save and close the editor to apply.`
    : '# A new item. Save and close the editor to add it.';
  return `---\n${heading}\n${lines.join('\n')}\n---\n${fields.description}${fields.description.endsWith('\n') || fields.description === '' ? '' : '\n'}`;
}

const DOMAIN_FIELD_KEYS: Readonly<Record<string, string>> = {
  title: 'title',
  kind: 'kind',
  status: 'status',
  reach: 'reach',
  impact: 'impact',
  confidence: 'confidence',
  effort: 'effort',
  'business value': 'business-value',
  'time criticality': 'time-criticality',
  'risk reduction': 'risk-reduction',
  tag: 'tags',
  requester: 'requester',
  'target date': 'target-date',
  area: 'areas',
};

/**
 * Reads an edited document back: null when the title was left empty (the person cancelled), else the fields
 * and dependencies it states. Throws a format error with the line of the first wrong field.
 */
export function parseItemDocument(text: string, file: string): ItemDocument | null {
  const normalized = text.replace(/\r\n/g, '\n');
  if (!normalized.startsWith('---\n'))
    throw createFormatError(
      { file, line: 1, column: 1 },
      'the document does not start with "---"',
      'front matter between two "---" lines',
    );
  const end = normalized.indexOf('\n---', 3);
  if (end === -1 || (normalized[end + 4] !== '\n' && normalized[end + 4] !== undefined))
    throw createFormatError(
      { file, line: 1, column: 1 },
      'the front matter never ends',
      'a line "---" after the fields',
    );
  const front = normalized.slice(4, end + 1);
  const description = normalized.slice(end + 5);
  const lineCounter = new LineCounter();
  const doc = parseDocument(front, { lineCounter });
  const lineOf = (node: Node | null | undefined): { line: number; column: number } => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + 1, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    throw createFormatError(
      { file, line: pos.line + 1, column: pos.col },
      e.message.split('\n')[0]!,
      'YAML front matter',
    );
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw createFormatError(
      { file, line: 2, column: 1 },
      'the front matter is not a list of fields',
      '"key: value" lines',
    );
  const nodes = new Map<string, Node | null>();
  const keyNodes = new Map<string, Node>();
  const known = new Set(KEYS.map(([k]) => k));
  for (const pair of isMap(doc.contents) ? doc.contents.items : []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!known.has(key))
      throw createFormatError(
        { file, ...lineOf(pair.key) },
        `unknown field "${key}"`,
        `one of ${[...known].join(', ')}`,
      );
    nodes.set(key, pair.value ?? null);
    keyNodes.set(key, pair.key);
  }
  const at = (key: string): { file: string; line: number; column: number } => ({
    file,
    ...lineOf(nodes.get(key) ?? keyNodes.get(key) ?? null),
  });
  const value = (key: string): unknown => {
    const node = nodes.get(key);
    return node === undefined || node === null ? null : (node.toJSON() as unknown);
  };
  const text1 = (key: string): string | null => {
    const v = value(key);
    if (v === null || v === '') return null;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') throw createFormatError(at(key), `${key} is not text`, 'one line of text');
    return v;
  };
  const number = (key: string): number | null => {
    const v = value(key);
    if (v === null || v === '') return null;
    if (typeof v !== 'number')
      throw createFormatError(at(key), `${key} is ${JSON.stringify(v)}`, 'a number or nothing');
    return v;
  };
  const strings = (key: string): string[] => {
    const node = nodes.get(key);
    if (node === undefined || node === null) return [];
    const v = node.toJSON() as unknown;
    if (v === null || v === '') return [];
    if (typeof v === 'string') return [v];
    if (!isSeq(node) || !Array.isArray(v))
      throw createFormatError(at(key), `${key} is not a list`, 'a list such as [a, b]');
    return v.map((s: unknown) => String(s));
  };
  const title = text1('title');
  if (title === null || title.trim() === '') return null;
  const draft: ItemDraft = {
    title,
    description,
    kind: (text1('kind') ?? 'feature') as ItemDraft['kind'],
    status: (text1('status') ?? 'idea') as ItemDraft['status'],
    rice: {
      reach: number('reach'),
      impact: number('impact') as never,
      confidence: number('confidence'),
      effort: number('effort'),
    },
    costOfDelay: {
      businessValue: number('business-value'),
      timeCriticality: number('time-criticality'),
      riskReduction: number('risk-reduction'),
    },
    tags: strings('tags'),
    requester: text1('requester'),
    targetDate: text1('target-date'),
    areas: strings('areas'),
  };
  try {
    createItemFields(draft);
  } catch (error) {
    if (!isTpoError(error)) throw error;
    const field = typeof error.context.field === 'string' ? error.context.field : '';
    const key = DOMAIN_FIELD_KEYS[field] ?? 'title';
    throw createFormatError(at(key), error.message);
  }
  const blockedBy = strings('blocked-by').map((s) => s.trim().toUpperCase());
  for (const id of blockedBy)
    if (!isItemId(id)) throw createFormatError(at('blocked-by'), `"${id}" is not an item id`, 'ids like T-3');
  return { fields: draft, blockedBy };
}
