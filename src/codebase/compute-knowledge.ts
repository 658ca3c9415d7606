/**
 * Knowledge distribution: who holds the code. Main author = the author of most added lines (following renames);
 * truck factor = fewest authors who are main authors of at least half the module's lines of code.
 * See knowledge-rationale.md.
 */
import type { ModuleKnowledge } from '../domain/index.js';

export interface KnowledgeFile {
  readonly path: string;
  readonly module: string;
  readonly loc: number;
  /** Main author's name (after .mailmap), or null when unknown. */
  readonly mainAuthor: string | null;
}

export interface KnowledgeOptions {
  /** Last commit time (Unix seconds) of each author, by name. */
  readonly lastActivity: ReadonlyMap<string, number>;
  /** Reference time (Unix seconds): usually the scanned commit's time. */
  readonly now: number;
  /** An author with no commit for this many days is inactive. Default 182 (six months). */
  readonly inactiveDays?: number;
}

export function isInactive(lastActivity: number | undefined, now: number, inactiveDays = 182): boolean {
  return lastActivity === undefined || now - lastActivity > inactiveDays * 86_400;
}

/** Truck factor of a set of files: fewest main authors whose files hold >= 50 % of the lines of code. */
export function computeTruckFactor(files: readonly KnowledgeFile[]): {
  truckFactor: number;
  authors: string[];
} {
  const byAuthor = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    total += f.loc;
    if (f.mainAuthor !== null) byAuthor.set(f.mainAuthor, (byAuthor.get(f.mainAuthor) ?? 0) + f.loc);
  }
  if (total === 0) return { truckFactor: 0, authors: [] };
  const ranked = [...byAuthor].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const authors: string[] = [];
  let covered = 0;
  for (const [author, loc] of ranked) {
    authors.push(author);
    covered += loc;
    if (covered * 2 >= total) break;
  }
  return { truckFactor: authors.length, authors };
}

/** Knowledge figures per module, largest module first. */
export function computeKnowledge(
  files: readonly KnowledgeFile[],
  options: KnowledgeOptions,
): ModuleKnowledge[] {
  const byModule = new Map<string, KnowledgeFile[]>();
  for (const f of files) {
    const list = byModule.get(f.module);
    if (list) list.push(f);
    else byModule.set(f.module, [f]);
  }
  const out: ModuleKnowledge[] = [];
  for (const [module, list] of byModule) {
    const { truckFactor, authors } = computeTruckFactor(list);
    let loc = 0;
    let orphaned = 0;
    for (const f of list) {
      loc += f.loc;
      if (
        f.mainAuthor !== null &&
        isInactive(options.lastActivity.get(f.mainAuthor), options.now, options.inactiveDays)
      ) {
        orphaned += f.loc;
      }
    }
    out.push({
      module,
      files: list.length,
      loc,
      truckFactor,
      truckAuthors: authors,
      orphanedLoc: orphaned,
      orphanedShare: loc === 0 ? 0 : orphaned / loc,
    });
  }
  return out.sort((a, b) => b.loc - a.loc || (a.module < b.module ? -1 : 1));
}
