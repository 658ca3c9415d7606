/**
 * Where tpo keeps its data: `--db`, else TPO_DATABASE_URL, else `.tpo/tpo.db` inside the repository.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openRepository, type RepositoryHandle } from '../codebase/index.js';
import { TpoError } from '../domain/index.js';
import { loadRepos, openStore, type Store } from '../store/index.js';

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

/** The store location for a repository root, following the precedence above. */
export function getStoreLocation(repoRoot: string, db?: string): string {
  if (db !== undefined && db !== '') return db;
  const fromEnv = process.env.TPO_DATABASE_URL;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return path.join(repoRoot, '.tpo', 'tpo.db');
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
  return openRepository(row.root);
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
