/** What a store location names (no driver loaded). */

/** True for a postgres:// or postgresql:// URL (anything else is a SQLite file or `:memory:`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}
