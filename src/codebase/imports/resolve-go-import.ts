/**
 * Go resolution: an import path under the module path of a go.mod of the repository names a package folder; the
 * import is an edge to every non-test .go file of that folder (a Go package is its folder, and an import makes
 * every file of the package part of the importer's build). Other paths are the standard library or other modules.
 * See import-resolution-rationale.md.
 */
import { getDir, joinPath, resolvePath, type PathIndex } from './index-paths.js';
import { external, toFiles, unresolved, type Outcome, type Resolver } from './resolution.js';
import type { ImportSpec } from './types.js';

const MODULE_DIRECTIVE = /^\s*module\s+"?([^\s"/][^\s"]*)"?/m;

/** The module path a go.mod declares, or undefined. */
export function getGoModulePath(goMod: string): string | undefined {
  return MODULE_DIRECTIVE.exec(goMod)?.[1];
}

/** The Go resolver of one commit: reads every go.mod once, then resolves each import with a few lookups. */
export function createGoResolver(index: PathIndex, readText: (path: string) => string | undefined): Resolver {
  const modules = new Map<string, string>();
  const goMods = [...(index.filesByName.get('go.mod') ?? [])].sort((a, b) => a.length - b.length);
  for (const path of goMods) {
    const text = readText(path);
    const modulePath = text === undefined ? undefined : getGoModulePath(text);
    if (modulePath !== undefined && !modules.has(modulePath)) modules.set(modulePath, getDir(path));
  }

  const packageFiles = new Map<string, readonly string[]>();
  const getPackageFiles = (dir: string): readonly string[] => {
    let found = packageFiles.get(dir);
    if (found === undefined) {
      found = (index.filesByDir.get(dir) ?? []).filter((p) => p.endsWith('.go') && !p.endsWith('_test.go'));
      packageFiles.set(dir, found);
    }
    return found;
  };

  const toPackage = (dir: string): Outcome[] => {
    const found = getPackageFiles(dir);
    return found.length > 0 ? toFiles(found) : unresolved('go-package-missing');
  };

  return (from: string, spec: ImportSpec): Outcome[] => {
    const { specifier } = spec;
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      // Relative import paths, allowed outside modules (GOPATH mode).
      const dir = resolvePath(getDir(from), specifier);
      return dir === null ? unresolved('outside-repository') : toPackage(dir);
    }
    // The longest module path that is a prefix of the import path owns it (nested modules).
    for (let prefix = specifier; prefix !== '';) {
      const moduleDir = modules.get(prefix);
      if (moduleDir !== undefined) return toPackage(joinPath(moduleDir, specifier.slice(prefix.length + 1)));
      const slash = prefix.lastIndexOf('/');
      prefix = slash === -1 ? '' : prefix.slice(0, slash);
    }
    return external(specifier);
  };
}
