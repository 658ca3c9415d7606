/**
 * The values of the import graph: what one file imports (extraction, per git blob) and how those imports land on
 * files of the repository at one commit (resolution). See import-resolution-rationale.md for the rules.
 */
import type {
  ImportEdge as DomainImportEdge,
  UnresolvedImport as DomainUnresolvedImport,
} from '../../domain/index.js';

/** Languages whose imports tpo reads with a real parser. Vue and Svelte files report the language of their script. */
export type ImportLanguage = 'typescript' | 'javascript' | 'python' | 'go' | 'java';

/**
 * How an import is written.
 * - `static`: `import … from 'x'`, `import 'x'`; Python `import x` / `from x import y`; Go `import "x"`;
 *   Java `import a.b.C;` and `import static a.b.C.m;` (the static import of Java is a static import too).
 * - `dynamic`: `import('x')` with a literal; Python `importlib.import_module('x')` / `__import__('x')` with a literal.
 * - `require`: `require('x')` with a literal, and TypeScript's `import x = require('x')`.
 * - `reexport`: `export * from 'x'`, `export { a } from 'x'`.
 * - `type`: erased at run time: `import type`, `export type … from`, an import whose every binding is a type,
 *   and `import('x')` in a type position.
 */
export type ImportKind = 'static' | 'dynamic' | 'require' | 'reexport' | 'type';

/** One import as written in a file. */
export interface ImportSpec {
  /**
   * The module as written: `./a.js`, `@scope/pkg/sub`, `net/http`, `a.b.C`, `a.b.*`.
   * Python keeps its leading dots for relative imports (`..a.b`, `.` for `from . import x`).
   */
  readonly specifier: string;
  readonly kind: ImportKind;
  /** 1-based line of the import in the file. */
  readonly line: number;
  /**
   * Python `from x import a, b` only: the imported names (`['a', 'b']`), each of which may be a submodule `x.a`.
   * Absent for `import x` and `from x import *`.
   */
  readonly names?: readonly string[];
}

/** What extraction read from one file. It depends only on the file's path and content, so it can be cached per blob. */
export interface ExtractedFile {
  readonly language: ImportLanguage;
  readonly imports: readonly ImportSpec[];
  /** McCabe cyclomatic complexity of the whole file, see cyclomatic-rationale.md. */
  readonly cyclomatic: number;
  /** Syntax errors the parser reported (0 for a clean file); the other fields hold what could still be read. */
  readonly parseErrors: number;
  /** Java `package a.b;` or Go `package x`, when the file declares one. */
  readonly declaredPackage?: string;
}

/** Reads imports from one file's text. */
export interface ImportExtractor {
  /** Imports and cyclomatic complexity of a file, or null when tpo has no parser for its language. Never throws. */
  extract(path: string, content: string): ExtractedFile | null;
}

/** An import resolved to a file of the repository. */
export interface ImportEdge extends DomainImportEdge {
  readonly kind: ImportKind;
  /** 1-based line of the import in `from`. */
  readonly line: number;
}

/** Why an import that should land inside the repository does not. */
export type UnresolvedReason =
  /** A relative path (`./x`, `from .a import b`) names no file. */
  | 'relative-target-missing'
  /** A relative path climbs above the repository root. */
  | 'outside-repository'
  /** A tsconfig/jsconfig `paths` alias matched but none of its targets exists. */
  | 'alias-target-missing'
  /** Looks like an alias (`@/x`, `~/x`) but no tsconfig/jsconfig `paths` entry matches it. */
  | 'alias-not-configured'
  /** `#x` with no matching `imports` entry in the nearest package.json. */
  | 'subpath-import-missing'
  /** A workspace package of the repository was named but the entry point or subpath names no file. */
  | 'workspace-target-missing'
  /** A root-absolute path (`/src/x`) names no file. */
  | 'absolute-target-missing'
  /** Python: the top-level package is in the repository but the module is not. */
  | 'python-module-missing'
  /** Python: the import names a folder without `__init__.py` (namespace package) and no module inside it. */
  | 'python-namespace-package'
  /** Go: the import path is under a module of the repository but its folder holds no non-test .go file. */
  | 'go-package-missing'
  /** Java: the class belongs to a package of the repository but no file declares it. */
  | 'java-class-missing'
  /** Java: `a.b.*` names a package of the repository that has no file. */
  | 'java-package-missing';

/** An import that should have landed inside the repository but did not, with the reason. */
export interface UnresolvedImport extends DomainUnresolvedImport {
  readonly reason: UnresolvedReason;
  readonly kind: ImportKind;
  readonly line: number;
}

/** An import of code outside the repository: a package from a registry, the standard library, a URL. */
export interface ExternalImport {
  readonly from: string;
  readonly specifier: string;
  /**
   * npm package (`react`, `@scope/pkg`), Node builtin as `node:fs`, Python top-level module (`numpy`),
   * Go import path (`net/http`), Java package (`java.util`), or the whole specifier for a URL or `scheme:` import.
   */
  readonly packageName: string;
  readonly kind: ImportKind;
  readonly line: number;
}

/**
 * File-to-file import graph of a repository at one commit. Every import of every parsed file is in exactly one list:
 * one or more `edges` (a Go package or Java wildcard fans out), one `unresolved`, or one `external`.
 */
export interface ImportGraph {
  readonly edges: readonly ImportEdge[];
  readonly unresolved: readonly UnresolvedImport[];
  readonly external: readonly ExternalImport[];
}

/** The tree of one commit, as the resolver needs it. */
export interface ResolveImportGraphInput {
  /** Every tracked path of the commit (files only, `/`-separated, no leading `./`). */
  readonly paths: readonly string[];
  /** Imports per parsed file, by path. */
  readonly files: ReadonlyMap<string, readonly ImportSpec[]>;
  /**
   * Content of a file at that commit, or undefined when absent. Asked only for configuration files:
   * tsconfig.json, jsconfig.json (and the files they extend), package.json and go.mod.
   */
  readText(path: string): string | undefined;
  /** Java packages declared by files (`ExtractedFile.declaredPackage`); without it a Java file's package is its folder. */
  readonly declaredPackages?: ReadonlyMap<string, string>;
}

/** Fan-in, fan-out and transitive dependents of one file. */
export interface FileGraphMetrics {
  /** Distinct other files that import this file. */
  readonly fanIn: number;
  /** Distinct other files this file imports. */
  readonly fanOut: number;
  /** Distinct other files that reach this file through one or more imports. */
  readonly transitiveDependents: number;
}

/** A file that depends on another through imports, at its shortest distance (1 = imports it directly). */
export interface Dependent {
  readonly path: string;
  readonly depth: number;
}
