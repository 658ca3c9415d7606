/**
 * Persistence of a workspace's repositories (migration 0007): local paths and clone URLs, each linked to its
 * scanned code model once a scan wrote one.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WorkspaceReposTable } from './schema.js';

export type WorkspaceRepoRow = Selectable<WorkspaceReposTable>;

/** A workspace repository with what the store knows of its last scan. */
export interface WorkspaceRepoListRow extends WorkspaceRepoRow {
  readonly snapshot_commit: string | null;
  readonly last_scan_at: number | null;
}

export async function saveNewWorkspaceRepo(
  db: Kysely<Database>,
  row: {
    workspaceId: number;
    name: string;
    kind: string;
    source: string;
    repoId: number | null;
    now: number;
  },
): Promise<WorkspaceRepoRow> {
  return db
    .insertInto('workspace_repos')
    .values({
      workspace_id: row.workspaceId,
      name: row.name,
      kind: row.kind,
      source: row.source,
      repo_id: row.repoId,
      created_at: row.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function loadWorkspaceRepos(
  db: Kysely<Database>,
  workspaceId: number,
): Promise<WorkspaceRepoListRow[]> {
  return db
    .selectFrom('workspace_repos as w')
    .leftJoin('repos as r', 'r.id', 'w.repo_id')
    .selectAll('w')
    .select(['r.snapshot_commit', 'r.last_scan_at'])
    .where('w.workspace_id', '=', workspaceId)
    .orderBy('w.id')
    .execute();
}

export async function loadWorkspaceRepo(
  db: Kysely<Database>,
  workspaceId: number,
  id: number,
): Promise<WorkspaceRepoRow | undefined> {
  return db
    .selectFrom('workspace_repos')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteWorkspaceRepo(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('workspace_repos').where('id', '=', id).execute();
}

/** Records which scanned code model a workspace repository has. */
export async function saveWorkspaceRepoLink(db: Kysely<Database>, id: number, repoId: number): Promise<void> {
  await db.updateTable('workspace_repos').set({ repo_id: repoId }).where('id', '=', id).execute();
}

/**
 * Moves a scanned repository to another folder (a worker's own clone of a URL): the code model stays, and the
 * next scan of that folder continues it incrementally.
 */
export async function updateRepoLocation(
  db: Kysely<Database>,
  repoId: number,
  location: { root: string; gitDir: string },
): Promise<void> {
  await db
    .updateTable('repos')
    .set({ root: location.root, git_dir: location.gitDir })
    .where('id', '=', repoId)
    .execute();
}
