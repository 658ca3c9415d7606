/**
 * The nouns of a dependency review: third-party packages as the repository's lockfiles and manifests declare them.
 */

export type PackageEcosystem = 'npm' | 'pypi' | 'go' | 'maven';

/** One third-party package at one version, as one lockfile or manifest records it. */
export interface ThirdPartyPackage {
  readonly ecosystem: PackageEcosystem;
  /** Registry name: `react`, `@scope/pkg`, `requests`, `github.com/x/y`, `com.google.guava:guava`. */
  readonly name: string;
  /** Exact version when a lockfile pins it; the declared range (`^1.2.0`, `>=2`) from a manifest; null if absent. */
  readonly version: string | null;
  /** True when the version is a range or missing (a manifest without a lockfile). */
  readonly unpinned: boolean;
  /** Named by a manifest of the repository (direct), or only pulled in by another package (transitive). */
  readonly direct: boolean;
  /** Needed only to develop or test (devDependencies, dev groups, test scope). */
  readonly dev: boolean;
  /** SPDX expression or licence name, when the lockfile or installed metadata gives it. */
  readonly license: string | null;
  /** The file it was read from, relative to the repository root. */
  readonly source: string;
}

/** A lockfile or manifest that could not be read completely. */
export interface DependencySourceProblem {
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
}
