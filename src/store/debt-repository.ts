/**
 * Persistence for the debt register: the cached origins (git blame) of debt markers' lines.
 */
import type { Kysely } from 'kysely';
import { chunk, insertRows } from './batch.js';
import type { Database } from './schema.js';

export interface MarkerOrigin {
  readonly path: string;
  readonly blob: string;
  readonly line: number;
  readonly commit: string | null;
  readonly author: string | null;
  readonly authorTime: number | null;
}

/** Cached origins for the given blobs, keyed `${path}\0${blob}\0${line}`. */
export async function loadMarkerOrigins(
  db: Kysely<Database>,
  repoId: number,
  blobs: readonly string[],
): Promise<Map<string, MarkerOrigin>> {
  const out = new Map<string, MarkerOrigin>();
  for (const part of chunk([...new Set(blobs)], 500)) {
    const rows = await db
      .selectFrom('marker_origins')
      .selectAll()
      .where('repo_id', '=', repoId)
      .where('blob', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(`${r.path}\0${r.blob}\0${r.line}`, {
        path: r.path,
        blob: r.blob,
        line: r.line,
        commit: r.commit_sha,
        author: r.author_name,
        authorTime: r.author_time === null ? null : Number(r.author_time),
      });
    }
  }
  return out;
}

/** Adds origins to the cache (existing keys are left as they are). One transaction. */
export async function saveMarkerOrigins(
  db: Kysely<Database>,
  repoId: number,
  origins: readonly MarkerOrigin[],
): Promise<void> {
  if (origins.length === 0) return;
  const unique = new Map(origins.map((o) => [`${o.path}\0${o.blob}\0${o.line}`, o]));
  await db.transaction().execute(async (trx) => {
    for (const part of chunk([...unique.values()], 500)) {
      const keys = await trx
        .selectFrom('marker_origins')
        .select(['path', 'blob', 'line'])
        .where('repo_id', '=', repoId)
        .where(
          'blob',
          'in',
          part.map((o) => o.blob),
        )
        .execute();
      const known = new Set(keys.map((k) => `${k.path}\0${k.blob}\0${k.line}`));
      await insertRows(
        trx,
        'marker_origins',
        part
          .filter((o) => !known.has(`${o.path}\0${o.blob}\0${o.line}`))
          .map((o) => ({
            repo_id: repoId,
            path: o.path,
            blob: o.blob,
            line: o.line,
            commit_sha: o.commit,
            author_name: o.author,
            author_time: o.authorTime,
          })),
      );
    }
  });
}
