/**
 * The configuration that steers TypeScript/JavaScript resolution, read from the commit's own files:
 * tsconfig.json / jsconfig.json (`baseUrl`, `paths`, `extends`, `references`) and every package.json
 * (workspace packages by `name`, their `exports`, `imports` and entry fields).
 */
import { getDir, joinPath, resolvePath, type PathIndex } from './index-paths.js';
import { asRecord, parseJsonc } from './parse-jsonc.js';

/** One `paths` entry with its targets made repository paths: `@/*` -> [`src/*`]. */
export interface PathAlias {
  readonly prefix: string;
  readonly suffix: string;
  readonly wildcard: boolean;
  readonly targets: readonly string[];
}

/** What tsconfig/jsconfig say about resolving bare specifiers for files under it. */
export interface PathsConfig {
  /** Repository folder of `baseUrl`, when set. */
  readonly baseUrl: string | undefined;
  /** Sorted by longest prefix first, the order TypeScript tries them in. */
  readonly aliases: readonly PathAlias[];
}

/** A package.json of the repository. */
export interface PackageManifest {
  readonly dir: string;
  readonly name: string | undefined;
  readonly fields: Readonly<Record<string, unknown>>;
}

interface RawTsconfig {
  readonly dir: string;
  readonly extends: readonly string[];
  readonly references: readonly string[];
  readonly baseUrl: string | undefined;
  readonly paths: Readonly<Record<string, unknown>> | undefined;
}

interface MergedTsconfig {
  readonly baseUrl: string | undefined;
  readonly paths: Readonly<Record<string, unknown>> | undefined;
  readonly pathsDir: string | undefined;
}

const EMPTY_PATHS: PathsConfig = { baseUrl: undefined, aliases: [] };
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** Splits `@a/b/c` into `@a/b` and `./c`, `x/y` into `x` and `./y`; undefined when no package name can be read. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const scoped = specifier.startsWith('@');
  const count = scoped ? 2 : 1;
  if (
    parts.length < count ||
    parts.slice(0, count).some((p) => p === '' || p === '@' || p === '.' || p === '..')
  )
    return undefined;
  const rest = parts.slice(count).join('/');
  return { name: parts.slice(0, count).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

function asStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function compileAliases(paths: Readonly<Record<string, unknown>>, base: string): PathAlias[] {
  const aliases: PathAlias[] = [];
  for (const [pattern, value] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    const targets: string[] = [];
    for (const target of asStrings(value)) {
      const resolved = resolvePath(base, target);
      if (resolved !== null) targets.push(resolved);
    }
    aliases.push(
      star === -1
        ? { prefix: pattern, suffix: '', wildcard: false, targets }
        : { prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1), wildcard: true, targets },
    );
  }
  // Exact patterns first, then the longest prefix, as TypeScript matches them.
  return aliases.sort((a, b) => Number(a.wildcard) - Number(b.wildcard) || b.prefix.length - a.prefix.length);
}

/** Reads and caches the configuration files of one commit. */
export interface ScriptConfig {
  /** The `paths`/`baseUrl` that apply to files of a folder (from the nearest tsconfig.json or jsconfig.json). */
  getPathsConfig(dir: string): PathsConfig;
  /** The repository package named `name` (the shortest folder wins when several share a name). */
  getWorkspacePackage(name: string): PackageManifest | undefined;
  /** The nearest package.json at or above a folder. */
  getNearestPackage(dir: string): PackageManifest | undefined;
}

/** Reads the configuration of one commit lazily through `readText`, caching every file and every folder lookup. */
export function createScriptConfig(
  index: PathIndex,
  readText: (path: string) => string | undefined,
): ScriptConfig {
  const manifests = new Map<string, PackageManifest | undefined>();
  const readManifest = (path: string): PackageManifest | undefined => {
    if (manifests.has(path)) return manifests.get(path);
    const text = index.files.has(path) ? readText(path) : undefined;
    const fields = text === undefined ? undefined : asRecord(parseJsonc(text));
    const manifest =
      fields === undefined
        ? undefined
        : {
            dir: getDir(path),
            name: typeof fields['name'] === 'string' ? fields['name'] : undefined,
            fields,
          };
    manifests.set(path, manifest);
    return manifest;
  };

  let workspace: Map<string, PackageManifest> | undefined;
  const getWorkspace = (): Map<string, PackageManifest> => {
    if (workspace !== undefined) return workspace;
    workspace = new Map();
    const paths = [...(index.filesByName.get('package.json') ?? [])].sort(
      (a, b) => a.length - b.length || (a < b ? -1 : 1),
    );
    for (const path of paths) {
      const manifest = readManifest(path);
      if (manifest?.name !== undefined && !workspace.has(manifest.name))
        workspace.set(manifest.name, manifest);
    }
    return workspace;
  };

  const nearestPackage = new Map<string, PackageManifest | undefined>();
  const getNearestPackage = (dir: string): PackageManifest | undefined => {
    if (nearestPackage.has(dir)) return nearestPackage.get(dir);
    const here = readManifest(joinPath(dir, 'package.json'));
    const found = here ?? (dir === '' ? undefined : getNearestPackage(getDir(dir)));
    nearestPackage.set(dir, found);
    return found;
  };

  const rawConfigs = new Map<string, RawTsconfig | undefined>();
  const readRaw = (path: string): RawTsconfig | undefined => {
    if (rawConfigs.has(path)) return rawConfigs.get(path);
    const text = index.files.has(path) ? readText(path) : undefined;
    const json = text === undefined ? undefined : asRecord(parseJsonc(text));
    let raw: RawTsconfig | undefined;
    if (json !== undefined) {
      const options = asRecord(json['compilerOptions']) ?? {};
      const references = Array.isArray(json['references']) ? json['references'] : [];
      raw = {
        dir: getDir(path),
        extends: asStrings(json['extends']),
        references: references.flatMap((r) => asStrings(asRecord(r)?.['path'])),
        baseUrl: typeof options['baseUrl'] === 'string' ? options['baseUrl'] : undefined,
        paths: asRecord(options['paths']),
      };
    }
    rawConfigs.set(path, raw);
    return raw;
  };

  /** The file an `extends` entry names: relative to the config, or inside a workspace package. */
  const findExtended = (dir: string, name: string): string | undefined => {
    let base: string | null;
    if (name.startsWith('.') || name.startsWith('/')) base = resolvePath(dir, name);
    else {
      const split = splitPackageSpecifier(name);
      const manifest = split === undefined ? undefined : getWorkspace().get(split.name);
      // Configs extended from outside the repository (e.g. @tsconfig/node20) rarely set paths; they are skipped.
      if (split === undefined || manifest === undefined) return undefined;
      base = resolvePath(manifest.dir, split.subpath === '.' ? 'tsconfig.json' : split.subpath);
    }
    if (base === null) return undefined;
    for (const candidate of [base, `${base}.json`, joinPath(base, 'tsconfig.json')]) {
      if (index.files.has(candidate)) return candidate;
    }
    return undefined;
  };

  const merged = new Map<string, MergedTsconfig>();
  const merge = (path: string, seen: Set<string>): MergedTsconfig => {
    const cached = merged.get(path);
    if (cached !== undefined) return cached;
    let result: MergedTsconfig = { baseUrl: undefined, paths: undefined, pathsDir: undefined };
    const raw = readRaw(path);
    if (raw === undefined || seen.has(path)) return result;
    seen.add(path);
    for (const name of raw.extends) {
      const parentPath = findExtended(raw.dir, name);
      if (parentPath === undefined) continue;
      const parent = merge(parentPath, seen);
      result = {
        baseUrl: parent.baseUrl ?? result.baseUrl,
        paths: parent.paths ?? result.paths,
        pathsDir: parent.paths !== undefined ? parent.pathsDir : result.pathsDir,
      };
    }
    if (raw.baseUrl !== undefined)
      result = { ...result, baseUrl: resolvePath(raw.dir, raw.baseUrl) ?? undefined };
    if (raw.paths !== undefined) result = { ...result, paths: raw.paths, pathsDir: raw.dir };
    merged.set(path, result);
    return result;
  };

  const toPathsConfig = (config: MergedTsconfig): PathsConfig => {
    if (config.paths === undefined) return { baseUrl: config.baseUrl, aliases: [] };
    const base = config.baseUrl ?? config.pathsDir ?? '';
    return { baseUrl: config.baseUrl, aliases: compileAliases(config.paths, base) };
  };

  const configs = new Map<string, PathsConfig>();
  const readConfig = (path: string): PathsConfig => {
    const cached = configs.get(path);
    if (cached !== undefined) return cached;
    let config = merge(path, new Set());
    // A solution-style tsconfig.json (only `references`) leaves paths to the projects it references.
    const raw = readRaw(path);
    if (config.paths === undefined && config.baseUrl === undefined && raw !== undefined) {
      for (const reference of raw.references) {
        const referenced = findExtended(raw.dir, reference.startsWith('.') ? reference : `./${reference}`);
        if (referenced === undefined) continue;
        const candidate = merge(referenced, new Set());
        if (candidate.paths !== undefined || candidate.baseUrl !== undefined) {
          config = candidate;
          break;
        }
      }
    }
    const result = toPathsConfig(config);
    configs.set(path, result);
    return result;
  };

  const nearestConfig = new Map<string, PathsConfig>();
  const getPathsConfig = (dir: string): PathsConfig => {
    const cached = nearestConfig.get(dir);
    if (cached !== undefined) return cached;
    let result: PathsConfig | undefined;
    for (const name of CONFIG_NAMES) {
      const path = joinPath(dir, name);
      if (index.files.has(path) && readRaw(path) !== undefined) {
        result = readConfig(path);
        break;
      }
    }
    result ??= dir === '' ? EMPTY_PATHS : getPathsConfig(getDir(dir));
    nearestConfig.set(dir, result);
    return result;
  };

  return {
    getPathsConfig,
    getWorkspacePackage: (name) => getWorkspace().get(name),
    getNearestPackage,
  };
}
