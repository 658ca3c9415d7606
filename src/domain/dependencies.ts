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

/** A dependency a manifest declares, with the range as written. */
export interface DeclaredDependency {
  readonly name: string;
  readonly range: string;
  readonly dev: boolean;
}

/** What one lockfile or manifest of the repository says. */
export interface DependencySource {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly ecosystem: PackageEcosystem;
  /** `lockfile`: resolved versions (direct and transitive); `manifest`: what the project asks for. */
  readonly kind: 'lockfile' | 'manifest';
  readonly packages: readonly ThirdPartyPackage[];
  /** Dependencies the manifest names (ranges), for direct/dev flags and for packages no lockfile pins. */
  readonly declared: readonly DeclaredDependency[];
}

/** Who in our code imports a package: the blast radius of replacing it. */
export interface PackageUsage {
  /** Files that import it. */
  readonly files: number;
  /** Import statements naming it. */
  readonly imports: number;
  /** Modules of those files, most importing files first. */
  readonly modules: readonly { readonly module: string; readonly files: number }[];
  /** files / code files of the repository, in [0, 1]. */
  readonly shareOfCode: number;
  /** A few importing files, for people. */
  readonly examples: readonly string[];
}

/** One third-party package across every file that mentions it. */
export interface ReviewedPackage {
  readonly ecosystem: PackageEcosystem;
  readonly name: string;
  /** Every version found, sorted; ranges when only a manifest names it. */
  readonly versions: readonly string[];
  readonly direct: boolean;
  /** Only needed to develop or test (every mention is dev). */
  readonly dev: boolean;
  readonly licenses: readonly string[];
  readonly sources: readonly string[];
  /** True when no lockfile pins it (a manifest range only). */
  readonly unpinned: boolean;
  readonly usage: PackageUsage;
}

/** Everything `tpo deps-review` reports. */
export interface DependencyReview {
  readonly repo: string;
  readonly commit: string;
  readonly sources: readonly {
    readonly file: string;
    readonly ecosystem: PackageEcosystem;
    readonly kind: 'lockfile' | 'manifest';
    readonly packages: number;
  }[];
  /** Direct packages first, then by importing files, then by name. */
  readonly packages: readonly ReviewedPackage[];
  /** Packages found at more than one version. */
  readonly duplicates: readonly {
    readonly ecosystem: PackageEcosystem;
    readonly name: string;
    readonly versions: readonly string[];
  }[];
  /** Packages our code imports that no manifest or lockfile declares (npm and Go, where that is decidable). */
  readonly undeclared: readonly {
    readonly ecosystem: PackageEcosystem;
    readonly name: string;
    readonly files: number;
  }[];
  readonly totals: {
    readonly packages: number;
    readonly direct: number;
    readonly transitive: number;
    readonly withLicense: number;
    readonly duplicates: number;
  };
  /** What tpo could not know offline, each with the reason. */
  readonly unknowns: readonly string[];
  readonly problems: readonly DependencySourceProblem[];
}
