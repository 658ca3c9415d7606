/**
 * Resolution of every import of one commit into the file-to-file import graph. Each language has its resolver,
 * built on first use from a Map-based index of the tree, so the cost is a few lookups per import.
 */
import { createPathIndex, type PathIndex } from './index-paths.js';
import type { Resolver } from './resolution.js';
import { createGoResolver } from './resolve-go-import.js';
import { createJavaResolver } from './resolve-java-import.js';
import { createPythonResolver } from './resolve-python-import.js';
import { createScriptResolver } from './resolve-script-import.js';
import type {
  ExternalImport,
  ImportEdge,
  ImportGraph,
  ResolveImportGraphInput,
  UnresolvedImport,
} from './types.js';

type ResolverFamily = 'script' | 'python' | 'go' | 'java';

const FAMILY_BY_EXTENSION: Readonly<Record<string, ResolverFamily>> = {
  py: 'python',
  pyi: 'python',
  go: 'go',
  java: 'java',
};

function getFamily(path: string): ResolverFamily {
  const dot = path.lastIndexOf('.');
  const extension = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return FAMILY_BY_EXTENSION[extension] ?? 'script';
}

function createResolver(family: ResolverFamily, index: PathIndex, input: ResolveImportGraphInput): Resolver {
  switch (family) {
    case 'script':
      return createScriptResolver(index, (path) => input.readText(path));
    case 'python':
      return createPythonResolver(index);
    case 'go':
      return createGoResolver(index, (path) => input.readText(path));
    case 'java':
      return createJavaResolver(index, input.declaredPackages);
  }
}

/**
 * Resolves the imports of every parsed file to files of the same commit. An import lands in `edges` (one per
 * target file: a Go package or a Java wildcard fans out), in `external` (a package from outside the repository,
 * Node builtins and standard libraries included), or in `unresolved` with a reason; none is dropped. A Python
 * `from x import a, b` may land in more than one list when `a` is a submodule and `b` names a missing module.
 *
 * Configuration files are read through `readText` only when a file needs them (tsconfig.json, jsconfig.json and
 * the files they extend, package.json, go.mod). Pure and deterministic: lists follow the order of `files` and of
 * each file's imports.
 *
 * @example
 * const graph = resolveImportGraph({
 *   paths: ['src/a.ts', 'src/b.ts'],
 *   files: new Map([['src/a.ts', [{ specifier: './b.js', kind: 'static', line: 1 }]]]),
 *   readText: () => undefined,
 * });
 * // graph.edges: [{ from: 'src/a.ts', to: 'src/b.ts', specifier: './b.js', kind: 'static', line: 1 }]
 */
export function resolveImportGraph(input: ResolveImportGraphInput): ImportGraph {
  const index = createPathIndex(input.paths);
  const resolvers = new Map<ResolverFamily, Resolver>();
  const edges: ImportEdge[] = [];
  const unresolvedImports: UnresolvedImport[] = [];
  const externalImports: ExternalImport[] = [];
  for (const [from, specs] of input.files) {
    const family = getFamily(from);
    let resolver = resolvers.get(family);
    if (resolver === undefined) {
      resolver = createResolver(family, index, input);
      resolvers.set(family, resolver);
    }
    for (const spec of specs) {
      const { kind, line } = spec;
      for (const outcome of resolver(from, spec)) {
        if (outcome.kind === 'file')
          edges.push({ from, to: outcome.path, specifier: outcome.specifier ?? spec.specifier, kind, line });
        else if (outcome.kind === 'external')
          externalImports.push({
            from,
            specifier: spec.specifier,
            packageName: outcome.packageName,
            kind,
            line,
          });
        else unresolvedImports.push({ from, specifier: spec.specifier, reason: outcome.reason, kind, line });
      }
    }
  }
  return { edges, unresolved: unresolvedImports, external: externalImports };
}
