/**
 * Where tpo keeps its data: `--db`, else TPO_DATABASE_URL, else `.tpo/tpo.db` inside the repository.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { openRepository, type RepositoryHandle } from '../codebase/index.js';
import { openStore, type Store } from '../store/index.js';

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
  const store = await openStore({ location, ...(options.schema ? { schema: options.schema } : {}) });
  return { repo, store, close: () => store.close() };
}
