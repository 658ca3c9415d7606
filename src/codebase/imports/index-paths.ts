/**
 * A Map-based index of one commit's tree, so that resolving an import is a few lookups and never a scan of all paths.
 * Paths are repository-relative, `/`-separated; the root folder is `''`.
 */

export interface PathIndex {
  readonly files: ReadonlySet<string>;
  /** Every folder that holds a file at any depth, the root `''` included. */
  readonly dirs: ReadonlySet<string>;
  /** Files directly inside each folder. */
  readonly filesByDir: ReadonlyMap<string, readonly string[]>;
  /** Folders by their last segment (`a/b/c` under `c`), for suffix lookups. */
  readonly dirsByName: ReadonlyMap<string, readonly string[]>;
  /** Files by their name (`a/b/C.java` under `C.java`), for suffix lookups. */
  readonly filesByName: ReadonlyMap<string, readonly string[]>;
}

/** The folder of a path: `a/b` for `a/b/c.ts`, `''` for `c.ts`. */
export function getDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** The last segment of a path. */
export function getBaseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `dir` joined with `name`, where `dir` may be the root `''`. */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : name === '' ? dir : `${dir}/${name}`;
}

/**
 * Joins a relative path (with `.`, `..`, empty segments) onto a folder; null when it climbs above the root.
 * A leading `/` in `relative` is ignored: the caller decides what an absolute path is relative to.
 */
export function resolvePath(dir: string, relative: string): string | null {
  const segments = dir === '' ? [] : dir.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  return segments.join('/');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Indexes the paths of one commit (duplicates ignored). */
export function createPathIndex(paths: readonly string[]): PathIndex {
  const files = new Set<string>();
  const dirs = new Set<string>(['']);
  const filesByDir = new Map<string, string[]>();
  const dirsByName = new Map<string, string[]>();
  const filesByName = new Map<string, string[]>();
  for (const path of paths) {
    if (files.has(path)) continue;
    files.add(path);
    const dir = getDir(path);
    push(filesByDir, dir, path);
    push(filesByName, getBaseName(path), path);
    for (let d = dir; d !== '' && !dirs.has(d); d = getDir(d)) {
      dirs.add(d);
      push(dirsByName, getBaseName(d), d);
    }
  }
  return { files, dirs, filesByDir, dirsByName, filesByName };
}
