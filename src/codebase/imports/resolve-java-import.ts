/**
 * Java resolution: `import a.b.C;` to the file of class `a.b.C`, `import a.b.*;` to every file of package `a.b`,
 * `import static a.b.C.m;` (and nested classes `a.b.C.D`) to the file of `a.b.C`. A file's package is the one it
 * declares when known (`declaredPackages`), else read from its path: `x/src/main/java/a/b/C.java` is `a.b.C`
 * because its path ends in `a/b/C.java`. See import-resolution-rationale.md.
 */
import { getBaseName, type PathIndex } from './index-paths.js';
import { external, toFiles, unresolved, type Outcome, type Resolver } from './resolution.js';
import type { ImportSpec } from './types.js';

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function endsWithPath(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith(`/${suffix}`);
}

const CLASS_NAME = /^[A-Z]/;

/** The package of a name: the segments before the first capitalised one (`java.util` of `java.util.Map.Entry`). */
function getPackagePart(name: string): string {
  const parts = name.split('.');
  const firstClass = parts.findIndex((p) => CLASS_NAME.test(p));
  return parts
    .slice(0, firstClass === -1 ? Math.max(1, parts.length - 1) : Math.max(1, firstClass))
    .join('.');
}

/** The Java resolver of one commit: indexes classes and packages once, by declared package or by path. */
export function createJavaResolver(
  index: PathIndex,
  declaredPackages?: ReadonlyMap<string, string>,
): Resolver {
  const byClass = new Map<string, string[]>();
  const byPackage = new Map<string, string[]>();
  /** Packages that enclose a declared package (`com.acme` of `com.acme.app`). */
  const enclosingPackages = new Set<string>();
  const declared = new Set<string>();
  for (const [path, packageName] of declaredPackages ?? []) {
    if (!path.endsWith('.java') || !index.files.has(path)) continue;
    declared.add(path);
    push(byClass, `${packageName}.${getBaseName(path).slice(0, -5)}`, path);
    push(byPackage, packageName, path);
    const parts = packageName.split('.');
    for (let k = 1; k < parts.length; k += 1) enclosingPackages.add(parts.slice(0, k).join('.'));
  }

  /** Files of a class: by declared package, else by path suffix among files whose package was not declared. */
  const getClassFiles = (name: string): readonly string[] => {
    const known = byClass.get(name);
    if (known !== undefined) return known;
    const parts = name.split('.');
    const suffix = `${parts.join('/')}.java`;
    return (index.filesByName.get(`${parts[parts.length - 1]!}.java`) ?? []).filter(
      (p) => !declared.has(p) && endsWithPath(p, suffix),
    );
  };

  const getPackageFiles = (packageName: string): readonly string[] => {
    const known = byPackage.get(packageName);
    if (known !== undefined) return known;
    const parts = packageName.split('.');
    const suffix = parts.join('/');
    return (index.dirsByName.get(parts[parts.length - 1]!) ?? [])
      .filter((dir) => endsWithPath(dir, suffix))
      .flatMap((dir) =>
        (index.filesByDir.get(dir) ?? []).filter((p) => p.endsWith('.java') && !declared.has(p)),
      );
  };

  /** The class itself, else the nearest enclosing capitalised name (static members, nested classes). */
  const findClass = (name: string): readonly string[] => {
    const direct = getClassFiles(name);
    if (direct.length > 0) return direct;
    const parts = name.split('.');
    for (let k = parts.length - 1; k >= 2; k -= 1) {
      if (!CLASS_NAME.test(parts[k - 1]!)) continue;
      const found = getClassFiles(parts.slice(0, k).join('.'));
      if (found.length > 0) return found;
    }
    return [];
  };

  return (_from: string, spec: ImportSpec): Outcome[] => {
    const { specifier } = spec;
    const wildcard = specifier.endsWith('.*');
    const name = wildcard ? specifier.slice(0, -2) : specifier;
    if (wildcard) {
      const members = getPackageFiles(name);
      if (members.length > 0) return toFiles(members);
    }
    const found = findClass(name);
    if (found.length > 0) return toFiles(found);
    if (wildcard && !CLASS_NAME.test(name.slice(name.lastIndexOf('.') + 1))) {
      // A package with no file of its own, though packages inside it have some, is a mistake; else it is a library's.
      return enclosingPackages.has(name) ? unresolved('java-package-missing') : external(name);
    }
    const packageName = getPackagePart(name);
    return getPackageFiles(packageName).length > 0 ? unresolved('java-class-missing') : external(packageName);
  };
}
