/**
 * Where tpo keeps its data: `--db`, else TPO_DATABASE_URL, else `.tpo/tpo.db` inside the repository.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openRepository, type RepositoryHandle } from '../codebase/index.js';
import { isTpoError, TpoError } from '../domain/index.js';
import { loadRepos, openStore, type RepoRow, type Store } from '../store/index.js';
import { getStoreLocation } from './store-location.js';

export { getStoreLocation, isPostgresLocation } from './store-location.js';

export type { RepositoryHandle } from '../codebase/index.js';
export type { Store } from '../store/index.js';

export interface WorkspaceOptions {
  /** Repository folder; default: the current directory. */
  readonly repo?: string;
  /** A SQLite file or a postgres:// URL; overrides TPO_DATABASE_URL. */
  readonly db?: string;
  /** PostgreSQL schema (tests). */
  readonly schema?: string;
}

export interface Workspace {
  readonly repo: RepositoryHandle;
  readonly store: Store;
  /**
   * Opens another connection to the same store. A background scan writes through its own connection, so the
   * server's reads go on while it runs (SQLite in WAL mode lets readers in beside one writer).
   */
  readonly openStoreConnection: () => Promise<Store>;
  close(): Promise<void>;
}

/** Keeps `.tpo/` out of `git status` by listing it in the repository's own `info/exclude` (never in .gitignore). */
async function excludeTpoFolder(repo: RepositoryHandle): Promise<void> {
  if (repo.workTree === null) return;
  const exclude = path.join(repo.gitDir, 'info', 'exclude');
  let text = '';
  try {
    text = await readFile(exclude, 'utf8');
  } catch {
    await mkdir(path.dirname(exclude), { recursive: true });
  }
  if (!/^\/?\.tpo\/?$/m.test(text)) {
    await appendFile(
      exclude,
      `${text === '' || text.endsWith('\n') ? '' : '\n'}# tpo's local store\n/.tpo/\n`,
    );
  }
}

/** Opens the repository and its store. */
export async function openWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const repo = await openRepository(options.repo ?? process.cwd());
  const location = getStoreLocation(repo.root, options.db);
  if (location === path.join(repo.root, '.tpo', 'tpo.db'))
    await excludeTpoFolder(repo).catch(() => undefined);
  const storeOptions = { location, ...(options.schema ? { schema: options.schema } : {}) };
  const store = await openStore(storeOptions);
  return { repo, store, openStoreConnection: () => openStore(storeOptions), close: () => store.close() };
}

/**
 * Opens a repository the store has scanned before, by its id in `listRepositories`: the server answers for
 * every repository in its store.
 * @example
 * const repo = await openScannedRepository(ws.store, 2);
 */
export async function openScannedRepository(store: Store, id: number): Promise<RepositoryHandle> {
  const row = (await loadRepos(store.db)).find((r) => r.id === id);
  if (!row)
    throw new TpoError(
      'NotFound',
      `no repository with id ${id} in the store; GET /api/v1/repos lists them.`,
      { id },
    );
  try {
    return await openRepository(row.root);
  } catch (error) {
    // Scanned by a worker on another machine (a clone in its cache): the code model is in the store all the same.
    if (isTpoError(error) && error.code === 'NotAGitRepo') return getDetachedRepository(row);
    throw error;
  }
}

/**
 * A handle on a scanned repository whose folder is not on this machine: everything read from the store works
 * (the code model, hotspots, coupling, knowledge); what reads git itself fails with GitFailed.
 */
export function getDetachedRepository(row: RepoRow): RepositoryHandle {
  return {
    gitDir: row.git_dir,
    workTree: null,
    root: row.root,
    isBare: true,
    isShallow: row.is_shallow === 1,
    name: row.name,
  };
}

/**
 * The workspace of a team server: like openWorkspace, but on a machine that has none of the repositories (they
 * are scanned by workers), the store's first scanned repository is the default one, or none yet.
 * @example
 * const ws = await openServerWorkspace({ db: 'postgres://tpo@db/tpo' });
 */
export async function openServerWorkspace(options: WorkspaceOptions & { db: string }): Promise<Workspace> {
  try {
    return await openWorkspace(options);
  } catch (error) {
    if (!(isTpoError(error) && error.code === 'NotAGitRepo')) throw error;
  }
  const storeOptions = { location: options.db, ...(options.schema ? { schema: options.schema } : {}) };
  const store = await openStore(storeOptions);
  const first = (await loadRepos(store.db))[0];
  const repo: RepositoryHandle = first
    ? getDetachedRepository(first)
    : { gitDir: '', workTree: null, root: '', isBare: true, isShallow: false, name: 'workspace' };
  return { repo, store, openStoreConnection: () => openStore(storeOptions), close: () => store.close() };
}

/**
 * Opens only the store, for commands that need no repository here (`tpo repo`, `tpo worker`): `db`, else
 * TPO_DATABASE_URL, else the store of the repository in `repo` (default: the current directory).
 * @example
 * const store = await openStoreOnly({ db: 'postgres://tpo@db/tpo' });
 */
export async function openStoreOnly(options: WorkspaceOptions = {}): Promise<Store> {
  const explicit =
    options.db !== undefined && options.db !== '' ? options.db : process.env.TPO_DATABASE_URL || undefined;
  if (explicit === undefined) {
    const repo = await openRepository(options.repo ?? process.cwd());
    return openStore({
      location: getStoreLocation(repo.root),
      ...(options.schema ? { schema: options.schema } : {}),
    });
  }
  return openStore({ location: explicit, ...(options.schema ? { schema: options.schema } : {}) });
}
