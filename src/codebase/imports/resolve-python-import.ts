/**
 * Python resolution: relative imports by their dots, absolute imports against the source roots of the repository
 * (its root, `src/`, and every folder holding pyproject.toml, setup.py or setup.cfg, with its `src/`), and
 * `from pkg import name` to the submodule `pkg/name.py` when it exists, else to the package itself.
 * See import-resolution-rationale.md.
 */
import { getDir, joinPath, type PathIndex } from './index-paths.js';
import { external, unresolved, type Outcome, type Resolver } from './resolution.js';
import type { ImportSpec } from './types.js';

const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg'];

interface ModuleLookup {
  readonly file: string | undefined;
  /** A folder without `__init__.py`: a namespace package, which has no file of its own. */
  readonly namespace: boolean;
}

function isAncestor(root: string, dir: string): boolean {
  return root === '' || dir === root || dir.startsWith(`${root}/`);
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function joinSpecifier(specifier: string, name: string): string {
  return specifier.endsWith('.') ? specifier + name : `${specifier}.${name}`;
}

/** The Python resolver of one commit: finds the source roots once, then resolves each import against them. */
export function createPythonResolver(index: PathIndex): Resolver {
  const { files, dirs, filesByDir } = index;

  const rootSet = new Set<string>(['']);
  if (dirs.has('src')) rootSet.add('src');
  for (const marker of PROJECT_MARKERS) {
    for (const path of index.filesByName.get(marker) ?? []) {
      const dir = getDir(path);
      rootSet.add(dir);
      if (dirs.has(joinPath(dir, 'src'))) rootSet.add(joinPath(dir, 'src'));
    }
  }
  const roots = [...rootSet];

  /** Roots to try for a file: the roots above it, deepest first; its own folder; then every other root. */
  const rootsByDir = new Map<string, readonly string[]>();
  const getRoots = (dir: string): readonly string[] => {
    const cached = rootsByDir.get(dir);
    if (cached !== undefined) return cached;
    const above = roots.filter((r) => isAncestor(r, dir)).sort((a, b) => depth(b) - depth(a));
    // A script run directly finds its neighbours, so the file's own folder is tried before unrelated roots.
    const ordered = [...new Set([...above, dir, ...roots.filter((r) => !isAncestor(r, dir)).sort()])];
    rootsByDir.set(dir, ordered);
    return ordered;
  };

  const lookup = (base: string): ModuleLookup => {
    for (const candidate of [
      `${base}.py`,
      joinPath(base, '__init__.py'),
      `${base}.pyi`,
      joinPath(base, '__init__.pyi'),
    ]) {
      if (files.has(candidate)) return { file: candidate, namespace: false };
    }
    return { file: undefined, namespace: base !== '' && dirs.has(base) };
  };

  const hasPythonFile = (dir: string): boolean =>
    (filesByDir.get(dir) ?? []).some((p) => p.endsWith('.py') || p.endsWith('.pyi'));

  /** Whether some root holds a module or package of this top-level name (else the import is external). */
  const knownTopLevel = new Map<string, boolean>();
  const isKnownTopLevel = (name: string, candidates: readonly string[]): boolean => {
    const key = `${candidates.join('\0')}\0\0${name}`;
    let known = knownTopLevel.get(key);
    if (known === undefined) {
      known = candidates.some((root) => {
        const base = joinPath(root, name);
        return lookup(base).file !== undefined || (dirs.has(base) && hasPythonFile(base));
      });
      knownTopLevel.set(key, known);
    }
    return known;
  };

  /**
   * Edges of one import whose module is the folder/file `base`. `missing` when the module itself was needed (for
   * `import x`, or for a name that is not a submodule) but has no file; `namespace` when it is a namespace folder.
   */
  const resolveAt = (
    base: string,
    spec: ImportSpec,
  ): { outcomes: Outcome[]; missing: boolean; namespace: boolean } => {
    const outcomes: Outcome[] = [];
    let needsModule = spec.names === undefined || spec.names.length === 0;
    for (const name of spec.names ?? []) {
      const submodule = lookup(joinPath(base, name.replaceAll('.', '/')));
      if (submodule.file !== undefined)
        outcomes.push({ kind: 'file', path: submodule.file, specifier: joinSpecifier(spec.specifier, name) });
      else needsModule = true;
    }
    if (!needsModule) return { outcomes, missing: false, namespace: false };
    const module = lookup(base);
    if (module.file !== undefined) outcomes.unshift({ kind: 'file', path: module.file });
    return { outcomes, missing: module.file === undefined, namespace: module.namespace };
  };

  return (from: string, spec: ImportSpec): Outcome[] => {
    const { specifier } = spec;
    const dir = getDir(from);
    if (specifier.startsWith('.')) {
      const level = /^\.+/.exec(specifier)![0].length;
      let packageDir: string | null = dir;
      for (let i = 1; i < level && packageDir !== null; i += 1)
        packageDir = packageDir === '' ? null : getDir(packageDir);
      if (packageDir === null) return unresolved('outside-repository');
      const rest = specifier.slice(level).replaceAll('.', '/');
      const { outcomes, missing, namespace } = resolveAt(joinPath(packageDir, rest), spec);
      if (!missing) return outcomes;
      const reason =
        namespace && outcomes.length === 0 ? 'python-namespace-package' : 'relative-target-missing';
      return [...outcomes, ...unresolved(reason)];
    }
    const candidates = getRoots(dir);
    const modulePath = specifier.replaceAll('.', '/');
    let namespace = false;
    for (const root of candidates) {
      const found = resolveAt(joinPath(root, modulePath), spec);
      if (found.outcomes.length > 0)
        return found.missing ? [...found.outcomes, ...unresolved('python-module-missing')] : found.outcomes;
      namespace ||= found.namespace;
    }
    const top = specifier.split('.')[0]!;
    if (!isKnownTopLevel(top, candidates)) return external(top);
    return unresolved(namespace ? 'python-namespace-package' : 'python-module-missing');
  };
}
