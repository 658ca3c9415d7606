/**
 * The nouns of an architecture review: the architecture a team declares (modules by path globs, and import rules
 * with a reason each), and what tpo finds against it in the import graph and in history.
 * Counts are files or change sets as named; shares and degrees are in [0, 1].
 */

export type RuleSeverity = 'error' | 'warn';

/** A named module (or layer) of the declared architecture: the files matched by its globs. */
export interface DeclaredModule {
  readonly name: string;
  /** Globs relative to the repository root (`src/app/**`, `packages/*\/src/**`). */
  readonly paths: readonly string[];
}

/**
 * An import rule. `may-import`: files of the `from` modules may import only the `targets` (and their own module);
 * `must-not-import`: they may import anything but the `targets`. With `on: 'packages'` the targets are globs of
 * third-party package names (`react`, `@aws-sdk/*`, `node:*`) and the rule is about imports leaving the repository.
 */
export interface ArchitectureRule {
  readonly name: string;
  readonly from: readonly string[];
  readonly kind: 'may-import' | 'must-not-import';
  /** What the targets name: declared modules, or package-name globs. */
  readonly on: 'modules' | 'packages';
  readonly targets: readonly string[];
  readonly reason: string;
  readonly severity: RuleSeverity;
}

/** The declared architecture, validated. */
export interface ArchitectureConfig {
  readonly modules: readonly DeclaredModule[];
  readonly rules: readonly ArchitectureRule[];
  /** Globs of files left out of the review (tests, generated code). */
  readonly ignore: readonly string[];
  /** Whether an import cycle between modules is itself a violation, and of what severity. */
  readonly cycles: RuleSeverity | 'off';
}

/** One import that breaks a rule. */
export interface ArchitectureViolation {
  readonly rule: string;
  readonly severity: RuleSeverity;
  readonly reason: string;
  readonly fromModule: string;
  readonly toModule: string;
  /** The importing file, the imported file (or package, for a package rule) and the import as written. */
  readonly from: string;
  readonly to: string;
  /** True for an import of a third-party package (a rule `on: packages`); `to` and `toModule` are its name. */
  readonly external: boolean;
  readonly specifier: string;
  /** 1-based line of the import in `from`, when the scan recorded it. */
  readonly line: number | null;
  /** True when the committed baseline already lists it (known debt; CI does not fail on it). */
  readonly baselined: boolean;
}

/** Import edges between two different modules, counted file to file. */
export interface ModuleEdge {
  readonly from: string;
  readonly to: string;
  /** File-to-file import edges from `from` to `to`. */
  readonly imports: number;
  /** One import that makes the edge, for people: the first by importing file and line. */
  readonly example: {
    readonly from: string;
    readonly to: string;
    readonly specifier: string;
    readonly line?: number | undefined;
  };
}

/** Martin's package metrics for one module, counted in files. */
export interface ModuleInstability {
  readonly module: string;
  readonly files: number;
  /** Afferent coupling: files outside the module that import a file in it. */
  readonly afferent: number;
  /** Efferent coupling: files in the module that import a file outside it. */
  readonly efferent: number;
  /** Ce / (Ca + Ce) in [0, 1]; null when the module has no import either way. */
  readonly instability: number | null;
}

/** How two modules are coupled: by imports (each way) and by change sets that touch both. */
export interface ModuleCoupling {
  readonly a: string;
  readonly b: string;
  /** Import edges (file to file) from a to b, and from b to a. */
  readonly importsAB: number;
  readonly importsBA: number;
  /** Change sets that touched both modules. */
  readonly shared: number;
  readonly changeSetsA: number;
  readonly changeSetsB: number;
  /** shared / mean(changeSetsA, changeSetsB), in [0, 1]. */
  readonly degree: number;
  /** Co-change above the thresholds with no import either way: a dependency the code does not show. */
  readonly hidden: boolean;
}

/** Where the declared architecture came from. */
export interface ArchitectureSource {
  /** Path relative to the repository root, or an absolute path given with --config. */
  readonly file: string;
  /** `commit`: read from the scanned commit through git; `worktree`: from the working tree. */
  readonly from: 'commit' | 'worktree' | 'file';
}

/** A known violation recorded in the baseline file. */
export interface BaselineEntry {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/** An import cycle between modules: modules that reach each other through imports. */
export interface ModuleCycle {
  /** The modules of the cycle, sorted. */
  readonly modules: readonly string[];
  /** The module-to-module imports inside the cycle, with one file import each. */
  readonly edges: readonly ModuleEdge[];
}

/** Everything `tpo arch` reports about a repository at one commit. */
export interface ArchitectureReport {
  readonly repo: string;
  readonly commit: string;
  /** The configuration file used, or null when none was found (modules are then detected, without rules). */
  readonly source: ArchitectureSource | null;
  readonly modulesFrom: 'declared' | 'detected';
  /** Modules with their file counts and Martin's metrics, in declaration order (declared) or by name. */
  readonly modules: readonly ModuleInstability[];
  /** Reviewed files in no declared module. */
  readonly unassignedFiles: number;
  /** Files left out by the configuration's `ignore` globs. */
  readonly ignoredFiles: number;
  readonly rules: readonly ArchitectureRule[];
  /** Every violation, baselined or not; `newViolations` counts those the baseline does not list. */
  readonly violations: readonly ArchitectureViolation[];
  readonly newViolations: number;
  readonly baseline: {
    readonly file: string;
    readonly entries: number;
    /** Baseline entries that no longer occur (fixed since; the file can be rewritten with --baseline). */
    readonly fixed: number;
  } | null;
  readonly cycles: readonly ModuleCycle[];
  readonly moduleEdges: readonly ModuleEdge[];
  readonly couplings: readonly ModuleCoupling[];
  /** Mermaid source of the module diagram. */
  readonly diagram: string;
  readonly diagramOmittedModules: number;
  readonly notices: readonly string[];
}
