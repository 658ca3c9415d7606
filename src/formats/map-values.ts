/**
 * Reading values trackers write in their own words: statuses, issue types, labels that carry RICE inputs,
 * numbers and dates. Shared by the importers; each documents its mapping in docs/importers.md.
 */
import {
  assertCalendarDate,
  assertConfidence,
  assertEffort,
  assertImpact,
  assertReach,
  TpoError,
  type Impact,
  type ItemKind,
  type ItemStatus,
  type RiceInputs,
  type StatusChange,
  ITEM_STATUSES,
} from '../domain/index.js';

function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .replace(/’/g, "'");
}

/** Status names of common trackers, lower case, and the tpo status each means. */
const STATUS_WORDS: Readonly<Record<string, ItemStatus>> = {
  idea: 'idea',
  backlog: 'idea',
  triage: 'idea',
  new: 'idea',
  open: 'idea',
  'to do': 'idea',
  todo: 'idea',
  ready: 'ready',
  'selected for development': 'ready',
  planned: 'ready',
  'ready for development': 'ready',
  'in-progress': 'in-progress',
  'in progress': 'in-progress',
  started: 'in-progress',
  doing: 'in-progress',
  'in review': 'in-progress',
  'in development': 'in-progress',
  'code review': 'in-progress',
  reopened: 'idea',
  done: 'done',
  closed: 'done',
  resolved: 'done',
  completed: 'done',
  complete: 'done',
  fixed: 'done',
  released: 'done',
  dropped: 'dropped',
  canceled: 'dropped',
  cancelled: 'dropped',
  duplicate: 'dropped',
  "won't do": 'dropped',
  "won't fix": 'dropped',
  rejected: 'dropped',
  'not planned': 'dropped',
};

/**
 * The tpo status for a tracker's status name (case-insensitive), using `statusMap` first; null when unknown.
 * Throws when `statusMap` maps to something that is not a tpo status.
 */
export function mapStatus(name: string, statusMap: Readonly<Record<string, string>> = {}): ItemStatus | null {
  const word = normalizeWord(name);
  for (const [from, to] of Object.entries(statusMap)) {
    if (normalizeWord(from) === word) {
      if (!ITEM_STATUSES.includes(to as ItemStatus))
        throw new TpoError(
          'Invalid',
          `--status-map maps "${from}" to "${to}", which is not one of ${ITEM_STATUSES.join(', ')}`,
        );
      return to as ItemStatus;
    }
  }
  return STATUS_WORDS[word] ?? null;
}

export const KNOWN_STATUS_WORDS = Object.keys(STATUS_WORDS);

/** Issue types and labels that name a kind, lower case. */
const KIND_WORDS: Readonly<Record<string, ItemKind>> = {
  feature: 'feature',
  'new feature': 'feature',
  story: 'feature',
  'user story': 'feature',
  enhancement: 'feature',
  improvement: 'feature',
  epic: 'feature',
  task: 'feature',
  bug: 'bug',
  defect: 'bug',
  incident: 'bug',
  debt: 'debt',
  'tech debt': 'debt',
  'tech-debt': 'debt',
  'technical debt': 'debt',
  refactor: 'debt',
  refactoring: 'debt',
  chore: 'chore',
  maintenance: 'chore',
  'sub-task': 'chore',
  subtask: 'chore',
};

/** The kind an issue type or label names, or null. */
export function mapKind(name: string): ItemKind | null {
  const word = normalizeWord(name);
  return (
    KIND_WORDS[word] ?? (word.startsWith('kind:') || word.startsWith('type:') ? mapKind(word.slice(5)) : null)
  );
}

/** A number as trackers and spreadsheets write it: `2000`, `2,000`, `1.5`, `80 %`. Throws for anything else. */
export function parseNumber(field: string, text: string): number {
  const cleaned = text
    .trim()
    .replace(/(?<=\d),(?=\d{3}\b)/g, '')
    .replace(/\s*%$/, '');
  const n = cleaned === '' ? NaN : Number(cleaned);
  if (!Number.isFinite(n))
    throw new TpoError('Invalid', `${field} "${text}" is not a number`, { field, value: text });
  return n;
}

/** One RICE input from its text, checked against its scale. */
export function parseRiceInput(input: keyof RiceInputs, text: string): number {
  const n = parseNumber(input, text);
  if (input === 'reach') assertReach(n);
  else if (input === 'impact') assertImpact(n);
  else if (input === 'confidence') assertConfidence(n);
  else assertEffort(n);
  return n;
}

const RICE_LABEL = /^(reach|impact|confidence|effort)\s*[:=]\s*(.+)$/i;

/** Reads labels like `reach:2000`, `impact:2`, `confidence:80`, `effort:3` into RICE inputs; other labels stay. */
export function splitRiceLabels(labels: readonly string[]): { rice: Partial<RiceInputs>; rest: string[] } {
  const rice: { -readonly [K in keyof RiceInputs]?: number } = {};
  const rest: string[] = [];
  for (const label of labels) {
    const m = RICE_LABEL.exec(label.trim());
    if (m) {
      const input = m[1]!.toLowerCase() as keyof RiceInputs;
      rice[input] = parseRiceInput(input, m[2]!);
    } else rest.push(label);
  }
  return { rice: rice as Partial<RiceInputs> & { impact?: Impact }, rest };
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/**
 * A time in Unix seconds from ISO 8601 (`2024-03-12`, `2024-03-12T10:15:00Z`, `2024-03-12 10:15`), Jira's
 * default `12/Mar/24 10:15 AM`, or what JavaScript's Date prints. Times without a zone are read as UTC.
 */
export function parseTime(field: string, text: string): number {
  const t = text.trim();
  let ms = NaN;
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  const jira = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?:\s*([AaPp][Mm]))?)?$/.exec(t);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = iso;
    ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
  } else if (jira && MONTHS[jira[2]!.toLowerCase()] !== undefined) {
    const [, d, mon, y, h = '0', mi = '0', ampm] = jira;
    let hour = Number(h);
    if (ampm) hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
    const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
    ms = Date.UTC(year, MONTHS[mon!.toLowerCase()], Number(d), hour, Number(mi));
  } else if (/[A-Za-z]{3} [A-Za-z]{3} \d{1,2} \d{4}/.test(t)) {
    ms = Date.parse(t);
  }
  if (!Number.isFinite(ms))
    throw new TpoError('Invalid', `${field} "${text}" is not a date`, { field, value: text });
  return Math.floor(ms / 1000);
}

/** A calendar date (YYYY-MM-DD) from any form parseTime reads. */
export function parseCalendarDate(field: string, text: string): string {
  const t = text.trim();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(t)
    ? t
    : new Date(parseTime(field, t) * 1000).toISOString().slice(0, 10);
  assertCalendarDate(field, date);
  return date;
}

/** Splits a list cell (`a, b; c`) into trimmed, non-empty parts. */
export function splitList(text: string, separators = /[,;]/): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The time of an ISO string in Unix seconds, for tpo's own formats. */
export function toSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export function toIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A status history from the times a tracker keeps (created, started, finished): created as an idea, moved
 * to in-progress when started, and to its final status when finished. Times never go backwards.
 */
export function buildHistory(
  status: ItemStatus,
  times: { created: number; started?: number | null; finished?: number | null },
): StatusChange[] {
  const history: StatusChange[] = [];
  const add = (to: ItemStatus, at: number): void => {
    const last = history[history.length - 1];
    if (last?.to === to) return;
    history.push({ from: last?.to ?? null, to, at: Math.max(at, last?.at ?? at) });
  };
  const finished = (status === 'done' || status === 'dropped') && times.finished != null;
  const started = times.started != null;
  add(started || finished ? 'idea' : status, times.created);
  if (started) add('in-progress', times.started!);
  if (finished) add(status, times.finished!);
  add(status, history[history.length - 1]!.at);
  return history;
}
