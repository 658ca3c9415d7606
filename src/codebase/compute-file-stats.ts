/**
 * Per-file history figures at the scanned commit, from per-(path, author) aggregates of the history, with
 * renames followed (every path a file had counts for the path it has now).
 */
import { pickMainAuthor, type AuthorShare, type PathAuthorHistory } from '../domain/index.js';

export interface FileHistory {
  readonly revisions: number;
  readonly churn: number;
  readonly totalRevisions: number;
  readonly authors: readonly AuthorShare[];
  readonly mainAuthor: string | null;
  readonly mainAuthorShare: number;
  readonly firstCommitTime: number | null;
  readonly lastCommitTime: number | null;
}

export const EMPTY_HISTORY: FileHistory = {
  revisions: 0,
  churn: 0,
  totalRevisions: 0,
  authors: [],
  mainAuthor: null,
  mainAuthorShare: 0,
  firstCommitTime: null,
  lastCommitTime: null,
};

interface Accumulator {
  revisions: number;
  churn: number;
  totalRevisions: number;
  first: number;
  last: number;
  authors: Map<string, { email: string; added: number; commits: number }>;
}

/**
 * Folds the aggregates onto current paths. `alias` maps old paths to current ones; `current` is the set of paths
 * in the scanned tree (history of paths that no longer exist is dropped); `people` maps author names to the person
 * behind them (domain/identities.ts), so one person's spellings count as one author.
 * The main author is the author of most added lines (ties: more commits, then name), bots left out unless only
 * bots wrote the file; a file whose history adds no lines (binary) falls back to commits.
 */
export function computeFileHistories(
  aggregates: readonly PathAuthorHistory[],
  alias: ReadonlyMap<string, string>,
  current: ReadonlySet<string>,
  people: ReadonlyMap<string, string> = new Map(),
): Map<string, FileHistory> {
  const acc = new Map<string, Accumulator>();
  for (const row of aggregates) {
    const path = alias.get(row.path) ?? row.path;
    if (!current.has(path)) continue;
    let a = acc.get(path);
    if (!a) {
      a = { revisions: 0, churn: 0, totalRevisions: 0, first: Infinity, last: -Infinity, authors: new Map() };
      acc.set(path, a);
    }
    a.revisions += row.windowCommits;
    a.churn += row.windowChurn;
    a.totalRevisions += row.commits;
    if (row.firstTime < a.first) a.first = row.firstTime;
    if (row.lastTime > a.last) a.last = row.lastTime;
    const name = people.get(row.authorName) ?? row.authorName;
    const author = a.authors.get(name);
    if (author) {
      author.added += row.added;
      author.commits += row.commits;
    } else a.authors.set(name, { email: row.authorEmail, added: row.added, commits: row.commits });
  }
  const out = new Map<string, FileHistory>();
  for (const [path, a] of acc) {
    const totalAdded = [...a.authors.values()].reduce((s, x) => s + x.added, 0);
    const totalCommits = [...a.authors.values()].reduce((s, x) => s + x.commits, 0);
    const ranked = [...a.authors]
      .map(([name, x]) => ({
        name,
        email: x.email,
        added: x.added,
        commits: x.commits,
        share: totalAdded > 0 ? x.added / totalAdded : totalCommits > 0 ? x.commits / totalCommits : 0,
      }))
      .sort((x, y) => y.share - x.share || y.commits - x.commits || (x.name < y.name ? -1 : 1));
    const main = pickMainAuthor(ranked);
    out.set(path, {
      revisions: a.revisions,
      churn: a.churn,
      totalRevisions: a.totalRevisions,
      authors: ranked.map(({ name, email, added, share }) => ({ name, email, added, share })),
      mainAuthor: main ? main.name : null,
      mainAuthorShare: main ? main.share : 0,
      firstCommitTime: Number.isFinite(a.first) ? a.first : null,
      lastCommitTime: Number.isFinite(a.last) ? a.last : null,
    });
  }
  return out;
}
