/**
 * Path globs as teams write them in configuration: `src/app/**`, `packages/*\/src/**`, `**\/*.test.ts`,
 * `src/{api,web}/**`. Paths are repository-relative with `/` separators.
 */

/** Escapes a character for a regular expression. */
function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Turns one glob into a regular expression source: `**` crosses folders, `*` and `?` do not. */
function toRegexSource(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        i += 1;
        if (atStart && glob[i + 1] === '/') {
          // `**/` matches zero or more whole folders.
          out += '(?:[^/]+/)*';
          i += 1;
        } else if (atStart && atEnd) out += '.*';
        else out += '[^/]*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces += 1;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escapeChar(c);
  }
  return out + ')'.repeat(braces);
}

/**
 * A predicate that is true for paths matched by any of the globs. A glob without a wildcard matches the path
 * itself and everything below it (`src/app` is `src/app` and `src/app/**`); a leading `./` or `/` is ignored.
 *
 * @example
 * const inApp = createGlobMatcher(['src/app/**', 'lib/*.ts']);
 * inApp('src/app/a/b.ts'); // true
 * inApp('lib/x/y.ts'); // false
 */
export function createGlobMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const sources = globs.map((raw) => {
    const glob = raw.replace(/^\.?\//, '').replace(/\/+$/, '');
    const source = toRegexSource(glob);
    return /[*?{]/.test(glob) ? source : `${source}(?:/.*)?`;
  });
  const regex = new RegExp(`^(?:${sources.join('|')})$`);
  return (path) => regex.test(path);
}
