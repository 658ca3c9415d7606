/**
 * What tpo judges of one backlog item before work starts: where it lands in the code, what else it reaches,
 * what could go wrong, and how big it really is. Definitions: src/judgment/judge-item-rationale.md.
 */

/** A file the item is predicted (or declared) to touch. */
export interface AreaFile {
  readonly path: string;
  readonly module: string;
  /** Confidence in [0, 1] that the work touches this file (1 for declared areas). */
  readonly confidence: number;
  /** Why: matched words, past change sets, coupled files. */
  readonly evidence: readonly string[];
}

export interface ItemArea {
  /** `declared`: the item names its code areas (paths or globs); `predicted`: tpo localized its text. */
  readonly source: 'declared' | 'predicted';
  readonly files: readonly AreaFile[];
  readonly modules: readonly string[];
}

export type EntryPointKind = 'page' | 'route' | 'command' | 'public-api' | 'root';

export interface EntryPoint {
  readonly path: string;
  readonly kind: EntryPointKind;
  /** How it was recognised, in words. */
  readonly how: string;
}

export interface BlastRadius {
  /** Files that import the area, directly (depth 1) or not. */
  readonly dependents: readonly { readonly path: string; readonly module: string; readonly depth: number }[];
  /** Files that usually change with the area without importing it. */
  readonly coupled: readonly {
    readonly path: string;
    readonly module: string;
    readonly confidence: number;
    readonly shared: number;
  }[];
  /** Modules reached (area, dependents and coupled files), area modules first. */
  readonly modules: readonly string[];
  /** Entry points reached: pages, routes, commands, public API. */
  readonly entryPoints: readonly EntryPoint[];
}

export type RiskKind =
  | 'hotspot'
  | 'low-health'
  | 'one-author'
  | 'inactive-owner'
  | 'cross-module'
  | 'schema-change'
  | 'public-api'
  | 'high-fan-in'
  | 'fix-history';

/** A named reason to worry, with the figure that triggered it and the threshold it crossed. */
export interface RiskFactor {
  readonly kind: RiskKind;
  /** Short label for engineers, e.g. "touches a hotspot". */
  readonly label: string;
  /** The measured figure, in `unit`. */
  readonly figure: number;
  readonly threshold: number;
  readonly unit: string;
  /** One sentence with the facts, for engineers (file paths, metric names). */
  readonly detail: string;
  readonly files: readonly string[];
  /** Multiplier this risk applies to the effort estimate (1 = none). */
  readonly effortFactor: number;
}

export interface EffortEstimate {
  /** Person-days. */
  readonly p50: number;
  readonly p85: number;
  /** `history`: from similar past change sets with measured durations; `size`: the documented default model. */
  readonly model: 'history' | 'size';
  /** Past change sets the estimate rests on (for `history`), best match first. */
  readonly similar: readonly {
    readonly sha: string;
    readonly message: string;
    readonly days: number;
    readonly files: number;
  }[];
  /** Multiplier from the backlog's own finished items (actual / estimated), 1 when not calibrated. */
  readonly calibration: number;
  readonly calibratedBy: number;
  /** Multiplier from the risk factors. */
  readonly riskFactor: number;
  /**
   * `measured`: P85 / P50 comes from the repository's measured durations; `assumed`: from the documented default
   * (a repository with no measurable merged branches), so it says nothing about this item's uncertainty.
   */
  readonly spread: 'measured' | 'assumed';
  readonly notes: readonly string[];
}

export interface ItemJudgment {
  readonly area: ItemArea;
  readonly blastRadius: BlastRadius;
  readonly risks: readonly RiskFactor[];
  readonly effort: EffortEstimate;
  /** Technical P50 in person-weeks / stated effort in person-weeks; null without a stated effort. */
  readonly disguiseRatio: number | null;
  /** Disguise ratio >= 2. */
  readonly biggerThanItLooks: boolean;
  /** The top reasons, in words, when bigger than it looks. */
  readonly reasons: readonly string[];
}
