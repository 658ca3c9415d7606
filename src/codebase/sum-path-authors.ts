/**
 * All-time totals per (path, author) of commits' own diffs, summed while history is read: the store keeps them
 * (table path_authors) so a scan does not re-read every change of the history to find each file's authors.
 */
import type { PathAuthorTotal } from '../domain/index.js';

interface Entry {
  authorName: string;
  authorEmail: string;
  commits: number;
  added: number;
  deleted: number;
  firstTime: number;
  lastTime: number;
}

/**
 * Sums changes into (path, author) totals. `drain` hands the totals over and starts again, so a caller can keep
 * memory bounded by saving them in parts (saved parts of the same key add up).
 * @example
 * const totals = new PathAuthorTotals();
 * totals.add('src/a.ts', 'Ann', 'ann@example.com', 1700000000, 3, 1);
 * totals.drain(); // [{ path: 'src/a.ts', authorName: 'Ann', commits: 1, added: 3, deleted: 1, ... }]
 */
export class PathAuthorTotals {
  #byPath = new Map<string, Map<string, Entry>>();
  #size = 0;

  /** Distinct (path, author) keys held. */
  get size(): number {
    return this.#size;
  }

  /** Adds one commit's change of a path; binary changes (no line counts) add a commit and no lines. */
  add(
    path: string,
    authorName: string,
    authorEmail: string,
    time: number,
    added: number | null,
    deleted: number | null,
  ): void {
    let authors = this.#byPath.get(path);
    if (!authors) {
      authors = new Map();
      this.#byPath.set(path, authors);
    }
    // Git allows no NUL in identities, so the pair is one key.
    const key = `${authorName}\0${authorEmail}`;
    const entry = authors.get(key);
    if (entry) {
      entry.commits += 1;
      entry.added += added ?? 0;
      entry.deleted += deleted ?? 0;
      if (time < entry.firstTime) entry.firstTime = time;
      if (time > entry.lastTime) entry.lastTime = time;
    } else {
      authors.set(key, {
        authorName,
        authorEmail,
        commits: 1,
        added: added ?? 0,
        deleted: deleted ?? 0,
        firstTime: time,
        lastTime: time,
      });
      this.#size += 1;
    }
  }

  /** The totals summed so far; the accumulator is empty afterwards. */
  drain(): PathAuthorTotal[] {
    const out: PathAuthorTotal[] = [];
    for (const [path, authors] of this.#byPath) for (const e of authors.values()) out.push({ path, ...e });
    this.#byPath = new Map();
    this.#size = 0;
    return out;
  }
}
