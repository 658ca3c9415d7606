/**
 * TypeScript/JavaScript resolution, in the order the tools themselves try: relative paths, `#` subpath imports,
 * tsconfig `paths`, `baseUrl`, workspace packages by name, then Node builtins and external packages.
 * See import-resolution-rationale.md.
 */
import { builtinModules } from 'node:module';
import { getDir, joinPath, resolvePath, type PathIndex } from './index-paths.js';
import { asRecord } from './parse-jsonc.js';
import {
  createScriptConfig,
  splitPackageSpecifier,
  type PackageManifest,
  type PathsConfig,
} from './read-script-config.js';
import { external, toFiles, unresolved, type Outcome, type Resolver } from './resolution.js';
import type { ImportSpec } from './types.js';

/** Tried in this order after the path as written: TypeScript before JavaScript, as tsc and bundlers do. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** NodeNext and bundler style: `./a.js` is written for the source `./a.ts`. */
const SOURCE_FOR_OUTPUT: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

/** Folders that hold build output in a package; a missing target under them is looked for under `src/`. */
const OUTPUT_DIRS = new Set([
  'dist',
  'lib',
  'build',
  'out',
  'esm',
  'cjs',
  'es',
  'umd',
  'types',
  'module',
  'mjs',
]);
const OUTPUT_EXTENSION = /\.(d\.[mc]?ts|[mc]?js|jsx)$/;

/** Conditions that name declaration files; tried after the others so that an edge goes to runtime code. */
const TYPE_CONDITIONS = new Set(['types', 'typings']);
const ENTRY_FIELDS = ['source', 'module', 'main', 'types', 'typings'];

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]!));
const SVELTE_LIB = /^\$lib(\/|$)/;
/** Modules SvelteKit provides at build time. */
const FRAMEWORK_VIRTUAL = /^\$(app|env|service-worker)(\/|$)/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

function stripQuery(specifier: string): string {
  const query = specifier.indexOf('?');
  return query === -1 ? specifier : specifier.slice(0, query);
}

/** Leaf targets of an `exports`/`imports` value, in the order to try them. */
function collectTargets(value: unknown, into: string[] = [], typesLast: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectTargets(item, into, typesLast);
  else {
    const record = asRecord(value);
    if (record !== undefined) {
      for (const [condition, target] of Object.entries(record)) {
        if (TYPE_CONDITIONS.has(condition)) typesLast.push(...collectTargets(target));
        else collectTargets(target, into, typesLast);
      }
    }
  }
  return into;
}

function collectAllTargets(value: unknown): string[] {
  const typesLast: string[] = [];
  const targets = collectTargets(value, [], typesLast);
  return [...targets, ...typesLast];
}

/**
 * Targets of a subpath (`.`, `./x`, `#x`) in an `exports` or `imports` map; undefined when no key matches.
 * `*` patterns match with the longest prefix, as Node does.
 */
function matchSubpathMap(map: unknown, subpath: string): string[] | undefined {
  let record = asRecord(map);
  if (typeof map === 'string' || Array.isArray(map)) record = { '.': map };
  else if (record !== undefined && !Object.keys(record).some((k) => k.startsWith('.') || k.startsWith('#')))
    record = { '.': record };
  if (record === undefined) return undefined;
  if (Object.hasOwn(record, subpath)) return collectAllTargets(record[subpath]);
  let best: { prefix: string; value: unknown; rest: string; star: boolean } | undefined;
  for (const [key, value] of Object.entries(record)) {
    const star = key.indexOf('*');
    if (star !== -1) {
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (
        subpath.startsWith(prefix) &&
        subpath.endsWith(suffix) &&
        subpath.length >= key.length - 1 &&
        (best === undefined || prefix.length > best.prefix.length)
      )
        best = {
          prefix,
          value,
          rest: subpath.slice(prefix.length, subpath.length - suffix.length),
          star: true,
        };
    } else if (
      key.endsWith('/') &&
      subpath.startsWith(key) &&
      (best === undefined || key.length > best.prefix.length)
    )
      best = { prefix: key, value, rest: subpath.slice(key.length), star: false };
  }
  if (best === undefined) return undefined;
  const { rest, star } = best;
  return collectAllTargets(best.value).map((t) => (star ? t.replaceAll('*', rest) : t + rest));
}

/** The TypeScript/JavaScript resolver of one commit; configuration files are read on first need and cached. */
export function createScriptResolver(
  index: PathIndex,
  readText: (path: string) => string | undefined,
): Resolver {
  const config = createScriptConfig(index, readText);
  const { files, dirs } = index;

  /** The file a path names, trying extensions, the `.js`-for-`.ts` mapping, a package.json and index files. */
  const resolveFile = (base: string, packageJson = true): string | undefined => {
    if (files.has(base)) return base;
    const dot = base.lastIndexOf('.');
    if (dot > base.lastIndexOf('/')) {
      const sources = SOURCE_FOR_OUTPUT[base.slice(dot)];
      if (sources !== undefined) {
        const stem = base.slice(0, dot);
        for (const extension of sources) if (files.has(stem + extension)) return stem + extension;
      }
    }
    for (const extension of EXTENSIONS) if (files.has(base + extension)) return base + extension;
    if (!dirs.has(base)) return undefined;
    if (packageJson && files.has(joinPath(base, 'package.json'))) {
      const manifest = config.getNearestPackage(base);
      const entry = manifest?.dir === base ? resolvePackageEntry(manifest, '.', false) : undefined;
      if (entry !== undefined) return entry;
    }
    for (const extension of EXTENSIONS) {
      const candidate = joinPath(base, `index${extension}`);
      if (files.has(candidate)) return candidate;
    }
    return undefined;
  };

  /** A package target such as `./dist/index.js`, or its source when build output is not in the repository. */
  const resolvePackageTarget = (dir: string, target: string): string | undefined => {
    const path = resolvePath(dir, target);
    if (path === null) return undefined;
    const direct = resolveFile(path, false);
    if (direct !== undefined) return direct;
    const relative = (dir === '' ? path : path.slice(dir.length + 1)).split('/');
    let skipped = 0;
    while (skipped < relative.length - 1 && OUTPUT_DIRS.has(relative[skipped]!)) skipped += 1;
    const stem = relative.slice(skipped).join('/').replace(OUTPUT_EXTENSION, '');
    return (
      resolveFile(joinPath(dir, `src/${stem}`), false) ??
      (skipped > 0 ? resolveFile(joinPath(dir, stem), false) : undefined)
    );
  };

  /** The file a workspace package exposes at a subpath (`.` for its entry). */
  function resolvePackageEntry(
    manifest: PackageManifest,
    subpath: string,
    useExports = true,
  ): string | undefined {
    const { dir, fields } = manifest;
    const exportsField = useExports ? fields['exports'] : undefined;
    if (exportsField !== undefined && exportsField !== null) {
      for (const target of matchSubpathMap(exportsField, subpath) ?? []) {
        const found = resolvePackageTarget(dir, target);
        if (found !== undefined) return found;
      }
    }
    if (subpath === '.') {
      for (const field of ENTRY_FIELDS) {
        const value = fields[field];
        const found = typeof value === 'string' ? resolvePackageTarget(dir, value) : undefined;
        if (found !== undefined) return found;
      }
      return resolveFile(joinPath(dir, 'src/index'), false) ?? resolveFile(joinPath(dir, 'index'), false);
    }
    // Without a matching `exports` key, resolve the subpath as a path, as TypeScript's node10 resolution does.
    const path = resolvePath(dir, subpath);
    return path === null ? undefined : (resolveFile(path) ?? resolvePackageTarget(dir, subpath));
  }

  const resolveAlias = (paths: PathsConfig, specifier: string): { matched: boolean; file?: string } => {
    let matched = false;
    for (const alias of paths.aliases) {
      let rest: string;
      if (!alias.wildcard) {
        if (specifier !== alias.prefix) continue;
        rest = '';
      } else {
        if (
          !specifier.startsWith(alias.prefix) ||
          !specifier.endsWith(alias.suffix) ||
          specifier.length < alias.prefix.length + alias.suffix.length
        )
          continue;
        rest = specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length);
      }
      // Only the best-matching pattern counts, as in TypeScript; a bare catch-all `*` is not an alias.
      matched = alias.prefix !== '' || alias.suffix !== '';
      for (const target of alias.targets) {
        const file = resolveFile(target.replaceAll('*', rest));
        if (file !== undefined) return { matched, file };
      }
      return { matched };
    }
    return { matched };
  };

  const resolveBare = (from: string, specifier: string): Outcome[] => {
    const dir = getDir(from);
    if (specifier.startsWith('node:')) return external(`node:${specifier.slice(5).split('/')[0]!}`);
    const paths = config.getPathsConfig(dir);
    const alias = resolveAlias(paths, specifier);
    if (alias.file !== undefined) return toFiles([alias.file]);
    if (paths.baseUrl !== undefined) {
      const path = resolvePath(paths.baseUrl, stripQuery(specifier));
      const file = path === null ? undefined : resolveFile(path);
      if (file !== undefined) return toFiles([file]);
    }
    if (SVELTE_LIB.test(specifier)) {
      // SvelteKit's default alias: $lib is src/lib of the project.
      const project = config.getNearestPackage(dir)?.dir ?? '';
      const file = resolveFile(joinPath(project, `src/lib${stripQuery(specifier).slice(4)}`));
      return file !== undefined ? toFiles([file]) : unresolved('alias-target-missing');
    }
    if (FRAMEWORK_VIRTUAL.test(specifier) || URL_LIKE.test(specifier)) return external(stripQuery(specifier));
    const split = splitPackageSpecifier(stripQuery(specifier));
    if (split === undefined)
      return unresolved(alias.matched ? 'alias-target-missing' : 'alias-not-configured');
    const manifest = config.getWorkspacePackage(split.name);
    if (manifest !== undefined) {
      const file = resolvePackageEntry(manifest, split.subpath);
      return file !== undefined ? toFiles([file]) : unresolved('workspace-target-missing');
    }
    if (alias.matched) return unresolved('alias-target-missing');
    if (split.name.startsWith('~')) return unresolved('alias-not-configured');
    if (BUILTINS.has(split.name)) return external(`node:${split.name}`);
    return external(split.name);
  };

  /** `#x`: a tsconfig alias when one is configured (`#/*` is a common one), else the package.json `imports` map. */
  const resolveSubpathImport = (from: string, specifier: string): Outcome[] => {
    const alias = resolveAlias(config.getPathsConfig(getDir(from)), specifier);
    if (alias.file !== undefined) return toFiles([alias.file]);
    const manifest = config.getNearestPackage(getDir(from));
    const targets =
      manifest === undefined ? undefined : matchSubpathMap(manifest.fields['imports'], specifier);
    if (manifest === undefined || targets === undefined)
      return unresolved(alias.matched ? 'alias-target-missing' : 'subpath-import-missing');
    for (const target of targets) {
      if (target.startsWith('./') || target.startsWith('../')) {
        const found = resolvePackageTarget(manifest.dir, target);
        if (found !== undefined) return toFiles([found]);
      } else return resolveBare(from, target);
    }
    return unresolved('subpath-import-missing');
  };

  return (from: string, spec: ImportSpec): Outcome[] => {
    const { specifier } = spec;
    if (
      specifier.startsWith('./') ||
      specifier.startsWith('../') ||
      specifier === '.' ||
      specifier === '..'
    ) {
      const path = resolvePath(getDir(from), stripQuery(specifier));
      if (path === null) return unresolved('outside-repository');
      const file = resolveFile(path);
      return file !== undefined ? toFiles([file]) : unresolved('relative-target-missing');
    }
    if (specifier.startsWith('/')) {
      // Root-absolute, as Vite and other dev servers read it: from the project folder, else the repository root.
      const wanted = stripQuery(specifier).slice(1);
      const project = config.getNearestPackage(getDir(from))?.dir ?? '';
      const file =
        resolveFile(joinPath(project, wanted)) ?? (project === '' ? undefined : resolveFile(wanted));
      return file !== undefined ? toFiles([file]) : unresolved('absolute-target-missing');
    }
    if (specifier.startsWith('#')) return resolveSubpathImport(from, specifier);
    return resolveBare(from, specifier);
  };
}
