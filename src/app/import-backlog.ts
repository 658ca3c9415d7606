/**
 * Imports and exports of the backlog. An import is all or nothing: the file is read and checked whole, then
 * written in one transaction; a malformed file, a duplicate key or a dependency cycle writes nothing. Items
 * are matched by our id or by their tracker's key, so importing the same source again updates them.
 */
import {
  applyItemPatch,
  compareItemIds,
  composeItem,
  createItemFields,
  DEFAULT_ID_PREFIX,
  getItemFields,
  getItemState,
  getStatusTimes,
  isItemId,
  isTpoError,
  splitItemId,
  TpoError,
  type Item,
  type ItemId,
  type StatusChange,
} from '../domain/index.js';
import {
  createFormatError,
  exportCsv,
  exportJson,
  exportMarkdown,
  exportRankingCsv,
  exportRankingMarkdown,
  formatLocation,
  importGithubPages,
  readImport,
  type ImportedBacklog,
  type ImportedItem,
  type ImportFormat,
  type ImportOptions,
  type ItemRef,
  type SourceLocation,
} from '../formats/index.js';
import { findDependencyCycle, formatDependencyCycle, type RankedBacklog } from '../judgment/index.js';
import {
  loadItems,
  loadWorkspaceId,
  raiseItemCounter,
  reserveItemNumbers,
  saveItemChange,
  saveNewItems,
  type Store,
} from '../store/index.js';
import { createItem, isSameItem } from './backlog.js';
import { saveImportedSprints } from './cadence.js';

export type { ImportFormat, ImportOptions } from '../formats/index.js';
export { assertImportFormat, IMPORT_FORMATS, GH_ISSUE_FIELDS } from '../formats/index.js';

export type ImportAction = 'created' | 'updated' | 'unchanged';

export interface ImportResult {
  readonly format: ImportFormat;
  readonly file: string;
  /** True when nothing was written (`--dry-run`). */
  readonly dryRun: boolean;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** What happened to each item of the source, in source order (plus items changed only by a `blocks` link). */
  readonly items: readonly { id: ItemId; action: ImportAction; source: string }[];
  readonly notices: readonly string[];
  readonly durationMs: number;
}

export interface ImportRunOptions extends ImportOptions {
  /** Default: detected from the content. */
  readonly format?: ImportFormat;
  /** Check and report, write nothing. */
  readonly dryRun?: boolean;
  /** Clock in Unix seconds; default now. */
  readonly now?: number;
}

/** Carries a dry run's result out of the transaction it rolls back. */
class DryRunResult extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

const externalKey = (tracker: string, key: string): string => `${tracker}\u0000${key}`;

/**
 * Reads a file's bytes in its format (UTF-8 only) and saves the items it holds.
 * @example
 * const result = await importBacklog(store, await readFile('jira.csv'), 'jira.csv');
 * result.created; // 120
 */
export async function importBacklog(
  store: Store,
  bytes: Uint8Array,
  file: string,
  options: ImportRunOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  const backlog = readImport(bytes, file, options);
  return saveImportedBacklog(store, backlog, options, started);
}

interface Planned {
  readonly source: ImportedItem | null;
  readonly before: Item | null;
  item: Item;
}

/** Saves an imported backlog (all or nothing); the shared second half of every import. */
export async function saveImportedBacklog(
  store: Store,
  backlog: ImportedBacklog,
  options: ImportRunOptions = {},
  started = performance.now(),
): Promise<ImportResult> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const notices = [...backlog.notices];
  const workspaceId = await loadWorkspaceId(store.db);
  const existing = await loadItems(store.db, workspaceId);
  const existingById = new Map(existing.map((i) => [i.id, i]));
  const existingByExternal = new Map<string, Item>();
  for (const i of existing)
    if (i.external) existingByExternal.set(externalKey(i.external.tracker, i.external.key), i);

  // Duplicates in the source, and matching against the backlog.
  const seenIds = new Map<string, SourceLocation>();
  const seenExternal = new Map<string, SourceLocation>();
  const matches: (Item | null)[] = [];
  for (const imported of backlog.items) {
    const ext = imported.fields.external;
    const duplicate = (key: string, first: SourceLocation): never => {
      throw createFormatError(
        imported.location,
        `${key} appears twice (first at ${formatLocation(first)})`,
        'each item once',
      );
    };
    if (imported.id !== null) {
      const first = seenIds.get(imported.id);
      if (first) duplicate(imported.id, first);
      seenIds.set(imported.id, imported.location);
    }
    if (ext) {
      const k = externalKey(ext.tracker, ext.key);
      const first = seenExternal.get(k);
      if (first) duplicate(`${ext.tracker} ${ext.key}`, first);
      seenExternal.set(k, imported.location);
    }
    const byId = imported.id !== null ? existingById.get(imported.id) : undefined;
    const byExternal = ext ? existingByExternal.get(externalKey(ext.tracker, ext.key)) : undefined;
    if (byId && byExternal && byId !== byExternal)
      throw createFormatError(
        imported.location,
        `${imported.id!} is ${ext!.tracker} ${ext!.key}, which the backlog has as ${byExternal.id}`,
        'an id and a key that belong to the same item',
      );
    if (
      !byId &&
      !byExternal &&
      imported.id !== null &&
      ext &&
      existingByExternal.has(externalKey(ext.tracker, ext.key))
    )
      throw createFormatError(
        imported.location,
        `${ext.tracker} ${ext.key} is already in the backlog`,
        'each item once',
      );
    matches.push(byId ?? byExternal ?? null);
  }

  const run = async (db: Store['db']): Promise<ImportResult> => {
    // Ids: a source's own T-n ids first (the counter moves past them), then new numbers for the rest.
    const maxOwn = Math.max(
      0,
      ...backlog.items.flatMap((i, k) => {
        if (matches[k] || i.id === null) return [];
        const [prefix, n] = splitItemId(i.id);
        return prefix === DEFAULT_ID_PREFIX ? [n] : [];
      }),
    );
    if (maxOwn > 0) await raiseItemCounter(db, workspaceId, maxOwn);
    const needed = backlog.items.filter((i, k) => !matches[k] && i.id === null).length;
    let next = needed > 0 ? await reserveItemNumbers(db, workspaceId, needed) : 0;

    const planned: Planned[] = backlog.items.map((imported, k) => {
      const before = matches[k] ?? null;
      const id = before?.id ?? imported.id ?? `${DEFAULT_ID_PREFIX}-${next++}`;
      return { source: imported, before, item: before ?? ({ id } as Item) };
    });
    const fileByExternal = new Map<string, ItemId>();
    const fileById = new Map<string, ItemId>();
    for (const p of planned) {
      const ext = p.source!.fields.external;
      if (ext) fileByExternal.set(externalKey(ext.tracker, ext.key), p.item.id);
      fileById.set(p.item.id, p.item.id);
    }
    const resolve = (ref: ItemRef, from: ImportedItem): ItemId | null => {
      if (ref.tracker !== null) {
        const k = externalKey(ref.tracker, ref.key);
        const hit = fileByExternal.get(k) ?? existingByExternal.get(k)?.id;
        if (hit) return hit;
      }
      const asId = ref.key.toUpperCase();
      if (isItemId(asId) && (fileById.has(asId) || existingById.has(asId))) return asId;
      notices.push(
        `${formatLocation(from.location)}: ${ref.key} is neither in the source nor in the backlog; that dependency is left out`,
      );
      return null;
    };

    // Fields, status history and what each item waits for.
    for (const p of planned) {
      const src = p.source!;
      const resolvedBlockedBy = src.blockedBy
        ?.map((r) => resolve(r, src))
        .filter((x): x is ItemId => x !== null && x !== p.item.id);
      if (p.before === null) {
        const fields = createItemFields(src.fields);
        const history = src.history ?? [{ from: null, to: fields.status, at: src.createdAt ?? now }];
        const created = createItem(p.item.id, fields, {
          now: src.updatedAt ?? now,
          blockedBy: resolvedBlockedBy ?? [],
          history,
          createdAt: src.createdAt ?? history[0]?.at ?? now,
          ...(src.version !== undefined ? { version: src.version } : {}),
        });
        p.item = created;
      } else {
        const before = p.before;
        const fields = applyItemPatch(getItemFields(before), src.fields);
        let history: readonly StatusChange[] = before.history;
        if (backlog.format === 'json' && src.history) history = src.history;
        else if (fields.status !== before.status) {
          const last = src.history?.[src.history.length - 1];
          const at =
            last && last.to === fields.status ? Math.max(last.at, before.history.at(-1)?.at ?? 0) : now;
          history = [...before.history, { from: before.status, to: fields.status, at }];
        }
        const { startedAt, finishedAt } = getStatusTimes(fields.status, history);
        p.item = composeItem(fields, {
          ...getItemState(before),
          blockedBy: resolvedBlockedBy
            ? [...new Set(resolvedBlockedBy)].sort(compareItemIds)
            : before.blockedBy,
          history,
          startedAt,
          finishedAt,
          createdAt:
            backlog.format === 'json' && src.createdAt !== undefined ? src.createdAt : before.createdAt,
        });
      }
    }

    // `blocks` links add the item to the blockers of others, in the source or already in the backlog.
    const byId = new Map(planned.map((p) => [p.item.id, p]));
    for (const p of [...planned]) {
      for (const ref of p.source!.blocks ?? []) {
        const target = resolve(ref, p.source!);
        if (target === null || target === p.item.id) continue;
        let t = byId.get(target);
        if (!t) {
          const before = existingById.get(target)!;
          t = { source: null, before, item: before };
          byId.set(target, t);
          planned.push(t);
        }
        if (!t.item.blockedBy.includes(p.item.id))
          t.item = composeItem(t.item, {
            ...getItemState(t.item),
            blockedBy: [...t.item.blockedBy, p.item.id].sort(compareItemIds),
          });
      }
    }

    // A cycle anywhere in the resulting backlog refuses the whole import.
    const graph = new Map<ItemId, readonly ItemId[]>();
    for (const i of existing) graph.set(i.id, i.blockedBy);
    for (const p of planned) graph.set(p.item.id, p.item.blockedBy);
    const deps = [...graph].flatMap(([blocked, blockers]) =>
      blockers.map((blocker) => ({ blocker, blocked })),
    );
    const cycle = findDependencyCycle(deps);
    if (cycle) {
      // Items of the source are named as the source names them; their T-n ids do not exist yet.
      const label = (id: ItemId): string => {
        const source = byId.get(id)?.source;
        if (!source || existingById.has(id)) return id;
        return source.fields.external?.key ?? (source.id !== null ? id : formatLocation(source.location));
      };
      const first = cycle.map((id) => byId.get(id)?.source).find((s) => s);
      throw createFormatError(
        first?.location ?? { file: backlog.file },
        `dependency cycle: ${formatDependencyCycle(cycle, label)}`,
        'dependencies without a cycle (an item cannot wait for itself)',
      );
    }

    const creates: Item[] = [];
    const updates: { before: Item; after: Item }[] = [];
    const results: { id: ItemId; action: ImportAction; source: string }[] = [];
    for (const p of planned) {
      const source = p.source ? formatLocation(p.source.location) : `${backlog.file} (blocks link)`;
      if (p.before === null) {
        creates.push(p.item);
        results.push({ id: p.item.id, action: 'created', source });
      } else if (isSameItem(p.item, p.before)) {
        results.push({ id: p.item.id, action: 'unchanged', source });
      } else {
        const after = composeItem(p.item, {
          ...getItemState(p.item),
          updatedAt: now,
          version: p.before.version + 1,
        });
        updates.push({ before: p.before, after });
        results.push({ id: p.item.id, action: 'updated', source });
      }
    }
    await saveNewItems(db, workspaceId, creates);
    for (const u of updates) await saveItemChange(db, workspaceId, u.before, u.after);
    // Sprints (Jira) and cycles (Linear) the source names, in the same transaction (cadence.ts).
    notices.push(
      ...(await saveImportedSprints(
        db,
        backlog.format,
        planned.flatMap((p) =>
          p.source?.sprints
            ? [{ id: p.item.id, effortWeeks: p.item.rice.effort, sprints: p.source.sprints }]
            : [],
        ),
        now,
      )),
    );
    const result: ImportResult = {
      format: backlog.format,
      file: backlog.file,
      dryRun: options.dryRun === true,
      created: creates.length,
      updated: updates.length,
      unchanged: results.filter((r) => r.action === 'unchanged').length,
      items: results,
      notices,
      durationMs: Math.round(performance.now() - started),
    };
    if (options.dryRun) throw new DryRunResult(result);
    return result;
  };

  try {
    return await store.db.transaction().execute(run);
  } catch (error) {
    if (error instanceof DryRunResult) return error.result;
    throw error;
  }
}

export interface GithubImportOptions extends ImportRunOptions {
  /** `owner/name`. */
  readonly repository: string;
  /** Default: $GITHUB_TOKEN (without one, GitHub allows 60 requests an hour). */
  readonly token?: string;
  /** Default: $GITHUB_API_URL, else https://api.github.com. */
  readonly apiUrl?: string;
  /** Which issues (default all). */
  readonly state?: 'open' | 'closed' | 'all';
  /** Called after each page with the number of pages read. */
  readonly onPage?: (pages: number) => void;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function resetTime(headers: Record<string, unknown> | undefined): string {
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0
    ? new Date(reset * 1000).toISOString().replace('.000Z', 'Z')
    : 'later';
}

/** Turns Octokit's request errors into tpo's, with what to do about each. */
function explainGithubError(error: unknown, repository: string, hasToken: boolean): TpoError {
  const e = error as {
    status?: unknown;
    message?: unknown;
    response?: { headers?: Record<string, unknown> };
  };
  const status = typeof e.status === 'number' ? e.status : null;
  const headers = e.response?.headers;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (status === 401)
    return new TpoError(
      'Unauthorized',
      `GitHub refused the token (401: ${message}); set GITHUB_TOKEN to a valid token that can read ${repository}'s issues`,
      { status },
    );
  if (
    (status === 403 || status === 429) &&
    (header(headers, 'x-ratelimit-remaining') === '0' || status === 429)
  )
    return new TpoError(
      'Busy',
      `GitHub's rate limit is used up until ${resetTime(headers)}; try again then${hasToken ? '' : ', or set GITHUB_TOKEN for a higher limit'}`,
      { status, reset: header(headers, 'x-ratelimit-reset') ?? null },
    );
  if (status === 403)
    return new TpoError(
      'Forbidden',
      `GitHub does not let this token read ${repository}'s issues (403: ${message})`,
      { status },
    );
  if (status === 404)
    return new TpoError(
      'NotFound',
      `GitHub has no repository ${repository}, or ${hasToken ? 'this token cannot see it' : 'it is private: set GITHUB_TOKEN'} (404)`,
      { status },
    );
  return new TpoError(
    'RemoteFailed',
    `reading ${repository}'s issues from GitHub failed: ${message}`,
    { status },
    { cause: error },
  );
}

/**
 * Fetches every issue of a GitHub repository through the REST API (Octokit, 100 per page, following the Link
 * headers) and imports them like `tpo import` does a file.
 * @example
 * await importGithubIssues(store, { repository: 'acme/shop', token: process.env.GITHUB_TOKEN });
 */
export async function importGithubIssues(store: Store, options: GithubImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(options.repository);
  if (!m)
    throw new TpoError('Invalid', `"${options.repository}" is not a GitHub repository; expected owner/name`);
  const token = options.token ?? process.env.GITHUB_TOKEN;
  const { Octokit } = await import('@octokit/rest'); // loaded on use: it costs every command start-up time
  const octokit = new Octokit({
    ...(token ? { auth: token } : {}),
    baseUrl: (options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'tpo',
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const pages: unknown[][] = [];
  let lastHeaders: Record<string, unknown> | undefined;
  try {
    for await (const response of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
      owner: m[1]!,
      repo: m[2]!,
      state: options.state ?? 'all',
      per_page: 100,
    })) {
      if (!Array.isArray(response.data))
        throw new TpoError(
          'RemoteFailed',
          `GitHub answered with something that is not a list of issues (page ${pages.length + 1})`,
        );
      pages.push(response.data);
      lastHeaders = response.headers;
      options.onPage?.(pages.length);
    }
  } catch (error) {
    if (isTpoError(error)) throw error;
    throw explainGithubError(error, options.repository, token !== undefined && token !== '');
  }
  const backlog = importGithubPages(pages, `GitHub ${options.repository}`, options);
  const remaining = Number(header(lastHeaders, 'x-ratelimit-remaining'));
  const notices =
    Number.isFinite(remaining) && remaining < 100
      ? [`GitHub rate limit: ${remaining} requests left until ${resetTime(lastHeaders)}`]
      : [];
  return saveImportedBacklog(
    store,
    { ...backlog, notices: [...backlog.notices, ...notices] },
    options,
    started,
  );
}

export type ExportFormat = 'json' | 'csv' | 'markdown';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'markdown'];

/** The whole backlog as tpo's JSON (round-trips exactly), CSV or Markdown. */
export async function exportBacklog(store: Store, format: ExportFormat): Promise<string> {
  const items = await loadItems(store.db, await loadWorkspaceId(store.db));
  if (format === 'json') return exportJson(items);
  if (format === 'csv') return exportCsv(items);
  return exportMarkdown(items);
}

/** A ranking as CSV or Markdown (the CLI prints the table and JSON itself). */
export function formatRanking(ranked: RankedBacklog, format: 'csv' | 'markdown'): string {
  return format === 'csv' ? exportRankingCsv(ranked) : exportRankingMarkdown(ranked);
}
