/**
 * The repositories of a workspace: `tpo repo add|list|rm` and /api/v1/workspace/repos. A workspace holds one
 * backlog and any number of repositories, each a local path (read in place) or a clone URL (cloned by the worker
 * that scans it into its cache). Single-repository use needs none of this: `tpo scan` in a repository works as
 * before, and such a repository can be added to the workspace later without rescanning.
 */
import os from 'node:os';
import path from 'node:path';
import { mirrorRepository, openRepository, type RepositoryHandle } from '../codebase/index.js';
import { TpoError } from '../domain/index.js';
import {
  deleteWorkspaceRepo,
  loadRepoByRoot,
  loadWorkspaceId,
  loadWorkspaceRepo,
  loadWorkspaceRepos,
  saveNewWorkspaceRepo,
  saveWorkspaceRepoLink,
  updateRepoLocation,
  type Store,
  type WorkspaceRepoRow,
} from '../store/index.js';
import { scanRepository, type ScanOptions, type ScanSummary } from './scan.js';

export type WorkspaceRepoKind = 'path' | 'url';

export interface WorkspaceRepo {
  readonly id: number;
  /** Unique in the workspace; item areas name the repository with it (`api:src/routes/**`). */
  readonly name: string;
  readonly kind: WorkspaceRepoKind;
  /** Absolute path of the repository's top folder, or its clone URL. */
  readonly source: string;
  /** The scanned code model's id (the `?repo=` of the other API routes), null before the first scan. */
  readonly repoId: number | null;
  /** The commit the code model describes, null before the first scan. */
  readonly headCommit: string | null;
  /** Unix seconds. */
  readonly lastScanAt: number | null;
  /** Unix seconds. */
  readonly createdAt: number;
}

export interface AddWorkspaceRepoOptions {
  /** A path to a git repository, or a clone URL (https://, ssh://, git://, file://, or user@host:path). */
  readonly source: string;
  /** Default: the folder or URL's last part without `.git`. */
  readonly name?: string;
}

/** Names usable as an area prefix: no colon, slash or space. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True for a clone URL (scheme://… or scp-like user@host:path), false for a local path. */
export function isCloneUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^[\w.-]+@[\w.-]+:/.test(source);
}

function getNameFromUrl(url: string): string {
  const last =
    url
      .replace(/[/\\]+$/, '')
      .split(/[/:\\]/)
      .pop() ?? '';
  return last.replace(/\.git$/, '');
}

function toWorkspaceRepo(
  row: WorkspaceRepoRow & { snapshot_commit?: string | null; last_scan_at?: number | null },
): WorkspaceRepo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind === 'url' ? 'url' : 'path',
    source: row.source,
    repoId: row.repo_id,
    headCommit: row.snapshot_commit ?? null,
    lastScanAt: row.last_scan_at === null || row.last_scan_at === undefined ? null : Number(row.last_scan_at),
    createdAt: Number(row.created_at),
  };
}

/**
 * Adds a repository to the workspace. A local path must be a git repository here and now (workers read it at
 * the same path); a URL is only checked for its form (workers clone it). Conflict when the name or the source is
 * already in the workspace.
 * @example
 * await addWorkspaceRepo(store, { source: 'https://github.com/fastify/fastify.git' });
 * await addWorkspaceRepo(store, { source: '../api', name: 'api' });
 */
export async function addWorkspaceRepo(
  store: Store,
  options: AddWorkspaceRepoOptions,
): Promise<WorkspaceRepo> {
  const source = options.source.trim();
  if (source === '') throw new TpoError('Invalid', 'give a repository path or clone URL to add.');
  let kind: WorkspaceRepoKind;
  let resolved: string;
  let defaultName: string;
  let repoId: number | null = null;
  if (isCloneUrl(source)) {
    kind = 'url';
    resolved = source;
    defaultName = getNameFromUrl(source);
  } else {
    const repo = await openRepository(source);
    kind = 'path';
    resolved = repo.root;
    defaultName = repo.name;
    // A repository scanned before (tpo scan) keeps its code model.
    repoId = (await loadRepoByRoot(store.db, repo.root))?.id ?? null;
  }
  const name = options.name ?? defaultName;
  if (!NAME_PATTERN.test(name))
    throw new TpoError(
      'Invalid',
      `"${name}" cannot name a repository: use letters, digits, ".", "_" or "-" (it prefixes item areas, as in "${name.replace(/[^A-Za-z0-9._-]/g, '') || 'api'}:src/**"); choose one with --name.`,
      { name },
    );
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    for (const existing of await loadWorkspaceRepos(trx, workspaceId)) {
      if (existing.name === name)
        throw new TpoError(
          'Conflict',
          `the workspace already has a repository named "${name}" (${existing.source}); choose another with --name.`,
          { name },
        );
      if (existing.source === resolved)
        throw new TpoError('Conflict', `${resolved} is already in the workspace as "${existing.name}".`, {
          source: resolved,
        });
    }
    const row = await saveNewWorkspaceRepo(trx, {
      workspaceId,
      name,
      kind,
      source: resolved,
      repoId,
      now: Math.floor(Date.now() / 1000),
    });
    return toWorkspaceRepo(row);
  });
}

/** The workspace's repositories, in the order they were added, with their last scan. */
export async function listWorkspaceRepos(store: Store): Promise<WorkspaceRepo[]> {
  const workspaceId = await loadWorkspaceId(store.db);
  return (await loadWorkspaceRepos(store.db, workspaceId)).map(toWorkspaceRepo);
}

/** A workspace repository by id or name; NotFound names the ones there are. */
export async function getWorkspaceRepo(store: Store, idOrName: number | string): Promise<WorkspaceRepo> {
  const repos = await listWorkspaceRepos(store);
  const found = repos.find((r) =>
    typeof idOrName === 'number' ? r.id === idOrName : r.name === idOrName || String(r.id) === idOrName,
  );
  if (!found)
    throw new TpoError(
      'NotFound',
      `no repository ${typeof idOrName === 'number' ? `with id ${idOrName}` : `"${idOrName}"`} in the workspace; ${
        repos.length === 0
          ? 'add one with "tpo repo add <path|url>".'
          : `it has ${repos.map((r) => `${r.id} (${r.name})`).join(', ')}.`
      }`,
      { repo: idOrName },
    );
  return found;
}

/**
 * Removes a repository from the workspace. Its scanned code model stays in the store (a later `repo add` of the
 * same path finds it again); item areas that name it no longer match anything.
 */
export async function removeWorkspaceRepo(store: Store, idOrName: number | string): Promise<WorkspaceRepo> {
  const repo = await getWorkspaceRepo(store, idOrName);
  await deleteWorkspaceRepo(store.db, repo.id);
  return repo;
}

/** Where a worker keeps its clones: $TPO_CACHE_DIR, else $XDG_CACHE_HOME/tpo/repos, else ~/.cache/tpo/repos. */
export function getRepoCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TPO_CACHE_DIR) return path.resolve(env.TPO_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'tpo', 'repos');
}

export interface ScanWorkspaceRepoOptions extends Pick<ScanOptions, 'onProgress' | 'windowDays'> {
  /** Where clones of URL repositories live (default getRepoCacheDir()). */
  readonly cacheDir?: string;
}

/**
 * Brings a workspace repository here (the path itself, or a clone of the URL kept up to date in the cache) and
 * scans it incrementally, linking the workspace repository to its code model.
 * @example
 * const summary = await scanWorkspaceRepo(store, 3, { cacheDir: '/var/cache/tpo' });
 */
export async function scanWorkspaceRepo(
  store: Store,
  id: number,
  options: ScanWorkspaceRepoOptions = {},
): Promise<ScanSummary> {
  const workspaceId = await loadWorkspaceId(store.db);
  const row = await loadWorkspaceRepo(store.db, workspaceId, id);
  if (!row)
    throw new TpoError('NotFound', `no repository with id ${id} in the workspace (removed since?).`, { id });
  const handle = await openWorkspaceRepoHere(row, options.cacheDir ?? getRepoCacheDir());
  await adoptCodeModel(store, row, handle);
  const summary = await scanRepository(handle, store, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.windowDays !== undefined ? { windowDays: options.windowDays } : {}),
  });
  const scanned = await loadRepoByRoot(store.db, handle.root);
  if (scanned && scanned.id !== row.repo_id) await saveWorkspaceRepoLink(store.db, row.id, scanned.id);
  return summary;
}

async function openWorkspaceRepoHere(row: WorkspaceRepoRow, cacheDir: string): Promise<RepositoryHandle> {
  if (row.kind !== 'url') return openRepository(row.source);
  // One folder per workspace repository, named like it, so the code model keeps the repository's name.
  return mirrorRepository(row.source, path.join(cacheDir, String(row.id), `${row.name}.git`));
}

/**
 * A URL repository's code model was written from another worker's clone (another folder): move it here, so the
 * scan continues it instead of starting a second one.
 */
async function adoptCodeModel(store: Store, row: WorkspaceRepoRow, handle: RepositoryHandle): Promise<void> {
  if (row.repo_id === null) return;
  const here = await loadRepoByRoot(store.db, handle.root);
  if (here) return;
  await updateRepoLocation(store.db, row.repo_id, { root: handle.root, gitDir: handle.gitDir });
}
