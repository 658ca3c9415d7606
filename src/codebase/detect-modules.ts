/**
 * Modules: the units people and plans talk about. A module is the nearest folder below the repository root that
 * holds a package manifest (package.json, pyproject.toml, go.mod, pom.xml, Cargo.toml ...); otherwise the top
 * folder, or the top two folders when the top one is only a container (src, lib, packages ...).
 */

const MANIFESTS = new Set([
  'package.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'go.mod',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'Cargo.toml',
  'composer.json',
  'Gemfile',
  'mix.exs',
  'pubspec.yaml',
  'deno.json',
]);
const CONTAINERS = new Set([
  'src',
  'lib',
  'libs',
  'packages',
  'apps',
  'app',
  'pkg',
  'internal',
  'cmd',
  'modules',
  'services',
  'source',
  'sources',
  'crates',
  'plugins',
]);

/** The root folder's name for files directly at the repository root. */
export const ROOT_MODULE = '.';

export interface ModuleMap {
  /** Module of a path. */
  moduleOf(path: string): string;
  /** Folders holding a package manifest (excluding the root). */
  readonly packageRoots: readonly string[];
}

export function detectModules(paths: readonly string[]): ModuleMap {
  const roots = new Set<string>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    if (slash === -1) continue;
    if (
      MANIFESTS.has(p.slice(slash + 1)) &&
      !/(^|\/)(node_modules|vendor|test|tests|__tests__|fixtures?|examples?|playground|e2e)(\/|$)/.test(
        p.slice(0, slash),
      )
    ) {
      roots.add(p.slice(0, slash));
    }
  }
  const packageRoots = [...roots].sort();
  const cache = new Map<string, string>();
  const moduleOf = (path: string): string => {
    const slash = path.lastIndexOf('/');
    if (slash === -1) return ROOT_MODULE;
    const dir = path.slice(0, slash);
    const cached = cache.get(dir);
    if (cached !== undefined) return cached;
    let result: string | null = null;
    let probe = dir;
    for (;;) {
      if (roots.has(probe)) {
        result = probe;
        break;
      }
      const up = probe.lastIndexOf('/');
      if (up === -1) break;
      probe = probe.slice(0, up);
    }
    if (result === null) {
      const parts = dir.split('/');
      result = parts.length > 1 && CONTAINERS.has(parts[0]!) ? `${parts[0]!}/${parts[1]!}` : parts[0]!;
    }
    cache.set(dir, result);
    return result;
  };
  return { moduleOf, packageRoots };
}
