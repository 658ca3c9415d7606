/** What one import resolves to, as the per-language resolvers report it to resolve-import-graph.ts. */
import type { ImportSpec, UnresolvedReason } from './types.js';

/** Where an import lands. */
export type Outcome =
  /** A file of the repository; `specifier` when the edge names a submodule (Python `from . import x` gives `.x`). */
  | { readonly kind: 'file'; readonly path: string; readonly specifier?: string }
  | { readonly kind: 'external'; readonly packageName: string }
  | { readonly kind: 'unresolved'; readonly reason: UnresolvedReason };

/** Resolves one import of `from`; never returns an empty list. */
export type Resolver = (from: string, spec: ImportSpec) => readonly Outcome[];

/** Edges to these files. */
export function toFiles(paths: readonly string[]): Outcome[] {
  return paths.map((path) => ({ kind: 'file', path }));
}

/** One unresolved outcome with its reason. */
export function unresolved(reason: UnresolvedReason): Outcome[] {
  return [{ kind: 'unresolved', reason }];
}

/** One external outcome: a package outside the repository. */
export function external(packageName: string): Outcome[] {
  return [{ kind: 'external', packageName }];
}
