/**
 * GitHub issues, from the JSON of `gh issue list --json …` (a file) or from pages of the REST API
 * (`GET /repos/{owner}/{repo}/issues`, fetched by the app). Both shapes are read by the same mapping,
 * documented in docs/importers.md.
 */
import type { ItemDraft, ItemKind, ItemStatus, StatusChange } from '../domain/index.js';
import { atLocation, createFormatError, type SourceLocation } from './format-error.js';
import type { ImportedBacklog, ImportedItem, ImportOptions, ItemRef } from './imported-backlog.js';
import { buildHistory, mapKind, mapStatus, parseCalendarDate, splitRiceLabels } from './map-values.js';
import { parseJson, type PositionedJson } from './parse-json.js';

/** The `--json` fields of `gh issue list` this importer reads. */
export const GH_ISSUE_FIELDS =
  'number,title,body,state,stateReason,labels,author,url,createdAt,closedAt,milestone';

interface IssueView {
  get(key: string): unknown;
  at(key?: string): SourceLocation;
}

const ISSUE_URL = /\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)\/?$/;
const REF = /(?:([\w.-]+\/[\w.-]+))?#(\d+)/g;
const BLOCKED_BY = /\b(?:blocked by|depends on)\s*:?\s*((?:(?:[\w.-]+\/[\w.-]+)?#\d+[\s,]*(?:and\s+)?)+)/gi;
const BLOCKS = /\bblocks\s*:?\s*((?:(?:[\w.-]+\/[\w.-]+)?#\d+[\s,]*(?:and\s+)?)+)/gi;

function refsIn(body: string, pattern: RegExp, repo: string): ItemRef[] {
  const out: ItemRef[] = [];
  for (const m of body.matchAll(pattern)) {
    for (const r of m[1]!.matchAll(REF)) out.push({ tracker: 'github', key: `${r[1] ?? repo}#${r[2]!}` });
  }
  return out;
}

function text(view: IssueView, key: string): string | null {
  const value = view.get(key);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw createFormatError(view.at(key), `${key} is ${JSON.stringify(value)}`, 'text');
  return value;
}

function time(view: IssueView, key: string): number | null {
  const value = text(view, key);
  if (value === null || value === '') return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw createFormatError(view.at(key), `${key} is "${value}"`, 'a time such as 2024-03-12T10:15:00Z');
  return Math.floor(ms / 1000);
}

function labelNames(view: IssueView): string[] {
  const labels = view.get('labels');
  if (labels === undefined || labels === null) return [];
  if (!Array.isArray(labels))
    throw createFormatError(view.at('labels'), 'labels is not a list', 'a list of labels');
  return labels.map((l: unknown) => {
    if (typeof l === 'string') return l;
    const name = (l as { name?: unknown } | null)?.name;
    if (typeof name !== 'string')
      throw createFormatError(view.at('labels'), 'a label without a name', 'labels like {"name": "bug"}');
    return name;
  });
}

/** One issue as an imported item, or null for a pull request (the issues API lists both). */
function readIssue(view: IssueView, options: ImportOptions): ImportedItem | null {
  if (view.get('pull_request') !== undefined) return null;
  const url = text(view, 'html_url') ?? text(view, 'url');
  const m = url ? ISSUE_URL.exec(url) : null;
  if (!url || !m)
    throw createFormatError(
      view.at(),
      `an issue without its address (${url === null ? 'no url field' : `"${url}"`})`,
      `"url" (gh issue list --json ${GH_ISSUE_FIELDS}) or "html_url" (REST API)`,
    );
  const repo = `${m[1]!}/${m[2]!}`;
  const key = `${repo}#${m[3]!}`;
  const title = text(view, 'title');
  if (!title) throw createFormatError(view.at('title'), `issue ${key} has no title`, 'a title');
  const labels = labelNames(view);
  const { rice, rest } = atLocation(view.at('labels'), () => splitRiceLabels(labels));
  const tags: string[] = [];
  let openStatus: ItemStatus | null = null;
  let kind: ItemKind | null = null;
  for (const label of rest) {
    const s = /^status\s*[:/]\s*(.+)$/i.exec(label);
    if (s) {
      openStatus = atLocation(view.at('labels'), () => mapStatus(s[1]!, options.statusMap));
      if (openStatus === null)
        throw createFormatError(
          view.at('labels'),
          `label "${label}" names a status tpo does not know`,
          'status:ready, status:in-progress, or --status-map',
        );
      continue;
    }
    kind ??= mapKind(label);
    // Tags cannot hold commas; a label with one keeps its words.
    tags.push(label.replace(/,/g, ' ').trim());
  }
  const state = (text(view, 'state') ?? 'open').toLowerCase();
  const reason = (text(view, 'state_reason') ?? text(view, 'stateReason') ?? '').toLowerCase();
  const status: ItemStatus =
    state === 'closed' ? (reason === 'not_planned' ? 'dropped' : 'done') : (openStatus ?? 'idea');
  const body = text(view, 'body') ?? '';
  const author = view.get('user') ?? view.get('author');
  const login = (author as { login?: unknown } | null)?.login;
  const milestone = view.get('milestone') as { due_on?: unknown; dueOn?: unknown } | null | undefined;
  const due = milestone?.due_on ?? milestone?.dueOn;
  const fields: ItemDraft = {
    title: title.replace(/[\r\n]+/g, ' ').trim(),
    description: body,
    status,
    ...(kind ? { kind } : {}),
    tags: [...new Set(tags)].filter((t) => t !== ''),
    ...(Object.keys(rice).length > 0 ? { rice } : {}),
    requester: typeof login === 'string' ? login : null,
    targetDate:
      typeof due === 'string' && due !== ''
        ? atLocation(view.at('milestone'), () => parseCalendarDate('milestone due date', due))
        : null,
    external: { tracker: 'github', key, url },
  };
  const created = time(view, 'created_at') ?? time(view, 'createdAt');
  const closed = time(view, 'closed_at') ?? time(view, 'closedAt');
  const blockedBy = refsIn(body, BLOCKED_BY, repo);
  const blocks = refsIn(body, BLOCKS, repo);
  const history: StatusChange[] | undefined =
    created !== null ? buildHistory(status, { created, finished: closed }) : undefined;
  return {
    location: view.at(),
    id: null,
    fields,
    ...(blockedBy.length > 0 ? { blockedBy } : {}),
    ...(blocks.length > 0 ? { blocks } : {}),
    ...(history ? { history, createdAt: created! } : {}),
  };
}

function fromList(
  list: readonly unknown[],
  at: (index: number, key?: string) => SourceLocation,
  options: ImportOptions,
): { items: ImportedItem[]; pullRequests: number } {
  const items: ImportedItem[] = [];
  let pullRequests = 0;
  list.forEach((issue, index) => {
    if (typeof issue !== 'object' || issue === null || Array.isArray(issue))
      throw createFormatError(at(index), 'an issue that is not an object', 'an object per issue');
    const record = issue as Record<string, unknown>;
    const item = readIssue({ get: (key) => record[key], at: (key) => at(index, key) }, options);
    if (item) items.push(item);
    else pullRequests += 1;
  });
  return { items, pullRequests };
}

/** Issues from a file: the JSON array `gh issue list --json …` prints, or a saved REST API page. */
export function importGithubJson(text: string, file: string, options: ImportOptions = {}): ImportedBacklog {
  const json: PositionedJson = parseJson(text, file);
  if (!Array.isArray(json.value))
    throw createFormatError(
      { file, line: 1, column: 1 },
      'the file is not a list of GitHub issues',
      `the JSON array of gh issue list --json ${GH_ISSUE_FIELDS}`,
    );
  const list: unknown[] = json.value;
  const { items, pullRequests } = fromList(
    list,
    (index, key) => {
      const element: unknown = list[index];
      return key !== undefined && typeof element === 'object' && element !== null && key in element
        ? json.locate(element, key)
        : json.locate(list, index);
    },
    options,
  );
  return {
    format: 'github',
    file,
    items,
    notices: pullRequests > 0 ? [`${file}: ${pullRequests} pull requests left out`] : [],
  };
}

/** Issues from pages of the REST API (`GET /repos/{owner}/{repo}/issues?state=all`), as fetched by the app. */
export function importGithubPages(
  pages: readonly (readonly unknown[])[],
  source: string,
  options: ImportOptions = {},
): ImportedBacklog {
  const items: ImportedItem[] = [];
  let pullRequests = 0;
  pages.forEach((page, p) => {
    const result = fromList(
      page,
      (index) => ({ file: `${source} (page ${p + 1}, issue ${index + 1})` }),
      options,
    );
    items.push(...result.items);
    pullRequests += result.pullRequests;
  });
  return {
    format: 'github',
    file: source,
    items,
    notices: pullRequests > 0 ? [`${source}: ${pullRequests} pull requests left out`] : [],
  };
}
