/**
 * File identity across renames: maps every path a file ever had to the path it has at the scanned commit.
 */

export interface RenameEvent {
  readonly from: string;
  readonly to: string;
  /** Commit time of the rename, Unix seconds. */
  readonly time: number;
}

/**
 * Builds the alias map from renames. Renames are applied newest first, so a chain a -> b -> c maps both a and b
 * to c. A path that is not renamed maps to itself (absent from the map).
 */
export function computeRenameAliases(renames: readonly RenameEvent[]): Map<string, string> {
  const sorted = [...renames].sort((x, y) => y.time - x.time);
  const alias = new Map<string, string>();
  for (const { from, to } of sorted) {
    if (from === to || alias.has(from)) continue;
    const target = alias.get(to) ?? to;
    if (target === from) continue;
    alias.set(from, target);
  }
  return alias;
}

export function resolveAlias(alias: ReadonlyMap<string, string>, path: string): string {
  return alias.get(path) ?? path;
}
