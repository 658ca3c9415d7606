/**
 * The nouns of technical debt: code health, debt candidates, interest and principal.
 * Hours are person-hours; money is in the currency of the hourly rate; times are Unix epoch seconds.
 */

/** CodeScene's bands: 9-10 healthy, 4 to below 9 warning, below 4 alert. */
export type HealthBand = 'healthy' | 'warning' | 'alert';

export type HealthFactorName =
  'size' | 'nesting' | 'cyclomatic' | 'coupling' | 'fan-in' | 'import-cycle' | 'inactive-owner' | 'markers';

/** One reason a file's health is below 10: the measured value and the points it costs. */
export interface HealthFactor {
  readonly name: HealthFactorName;
  /** The measured value, in the factor's unit (lines, levels, paths, files, share, markers). */
  readonly value: number;
  /** Points taken off the score of 10. */
  readonly penalty: number;
  readonly reason: string;
}

/** Code health of one file: 10 minus the penalties of its factors, at least 1, one decimal. */
export interface FileHealth {
  readonly path: string;
  readonly module: string;
  readonly loc: number;
  readonly score: number;
  readonly band: HealthBand;
  /** Factors that cost points, largest penalty first. */
  readonly factors: readonly HealthFactor[];
}

/** Code health of a module: the mean of its files' scores weighted by lines of code. */
export interface ModuleHealth {
  readonly module: string;
  readonly files: number;
  readonly loc: number;
  readonly score: number;
  readonly band: HealthBand;
  readonly bands: Readonly<Record<HealthBand, number>>;
  /** The file with the lowest score (ties: more lines of code). */
  readonly worstFile: string | null;
}

export type DebtMarkerKind = 'TODO' | 'FIXME' | 'HACK' | 'XXX';

/** A debt marker in a file at the scanned commit, with the commit that introduced its line. */
export interface DatedMarker {
  readonly path: string;
  readonly line: number;
  readonly kind: DebtMarkerKind;
  readonly text: string;
  /** Author time of the commit that introduced the line (git blame), or null when unknown. */
  readonly introducedAt: number | null;
  readonly commit: string | null;
  readonly author: string | null;
}

export type DebtKind =
  | 'unhealthy-hotspot'
  | 'import-cycle'
  | 'god-file'
  | 'knowledge-silo'
  | 'debt-marker'
  /** Filed by the team as a backlog item of kind `debt`. */
  | 'filed';

/** The code a debt lives in. */
export interface DebtArea {
  /** The module of most of its lines. */
  readonly module: string;
  readonly files: readonly string[];
}

/** A debt found in the code model, or filed by the team. */
export interface DebtCandidate {
  /** Stable across scans while the debt stays: `${kind}:${first file or module}`. */
  readonly id: string;
  readonly kind: DebtKind;
  readonly title: string;
  readonly area: DebtArea;
  /** Why it is debt, each with its figure. */
  readonly reasons: readonly string[];
  /** Lowest health score among the area's files (10 when none is measured). */
  readonly health: number;
  readonly markers?: readonly DatedMarker[];
  /** For filed debt: the backlog item's id. */
  readonly itemId?: string;
}

/** How interest was computed: from the team's own history, or from the published default. */
export interface InterestModel {
  readonly kind: 'measured' | 'default';
  /** Extra time a change takes in alert code (health < 4) compared to healthy code: 1.24 = 124 % longer. */
  readonly extraTimeAlert: number;
  /** Hours of work a change to a healthy file takes (the base of the interest). */
  readonly baseHoursPerChange: number;
  readonly hourlyRate: number;
  readonly currency: string;
  /** Where the extra time comes from, in words. */
  readonly source: string;
  /** The history sample behind a measured model, or why the history could not be used. */
  readonly sample: {
    readonly alertChangeSets: number;
    readonly healthyChangeSets: number;
    readonly medianAlertHours: number | null;
    readonly medianHealthyHours: number | null;
    readonly note: string;
  };
}

/** What a debt costs: interest paid each month while it stays, and principal to pay it down. */
export interface DebtCost {
  readonly interestHoursPerMonth: number;
  readonly interestMoneyPerMonth: number;
  readonly principalHours: number;
  readonly principalMoney: number;
  /** Months until paying the principal costs less than the interest it saves; null when no interest is paid. */
  readonly paybackMonths: number | null;
  /** Changes per month to the area in the window: for each file, the change sets a month that touched it, summed. */
  readonly changesPerMonth: number;
  /** How the principal was estimated, in words. */
  readonly principalBasis: string;
}

export interface DebtEntry extends DebtCandidate {
  readonly cost: DebtCost;
  readonly rank: number;
}

/** The debt register of a scanned codebase: what `tpo debt` shows. */
export interface DebtRegister {
  readonly repo: string;
  readonly headCommit: string;
  readonly model: InterestModel;
  /** Interest over the union of the entries' files (a file in two entries pays once); principal summed. */
  readonly totals: {
    readonly entries: number;
    readonly interestHoursPerMonth: number;
    readonly interestMoneyPerMonth: number;
    readonly principalHours: number;
    readonly principalMoney: number;
  };
  /** Ranked by interest paid per month (then smaller principal). */
  readonly entries: readonly DebtEntry[];
  /** Code health of the modules, worst first. */
  readonly modules: readonly ModuleHealth[];
  readonly health: {
    readonly files: number;
    readonly bands: Readonly<Record<'healthy' | 'warning' | 'alert', number>>;
  };
  readonly markers: {
    readonly total: number;
    readonly dated: number;
    /** Lines blamed by this run (the rest came from the cache). */
    readonly blamed: number;
    readonly failedFiles: readonly string[];
  };
  readonly windowDays: number;
  readonly notices: readonly string[];
}
