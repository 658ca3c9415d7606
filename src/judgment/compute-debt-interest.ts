/**
 * Interest and principal of technical debt, in hours and money. Interest is paid by every change to unhealthy
 * code; the extra time a change takes comes from the team's own history where it can be measured and from Code
 * Red (Tornhill & Borg 2022: 124 % longer in alert code) where it cannot. See debt-interest-rationale.md.
 */
import type {
  DebtCandidate,
  DebtCost,
  DebtEntry,
  DebtKind,
  FileHealth,
  HealthFactorName,
  InterestModel,
} from '../domain/index.js';
import { HEALTHY_FROM, WARNING_FROM } from './compute-code-health.js';
import { hasMeasuredDuration, type PastChangeSet } from './judge-item.js';

/** Code Red (Tornhill & Borg, TechDebt 2022): issue resolution in alert code takes 124 % longer than in healthy code. */
export const CODE_RED_EXTRA_TIME = 1.24;

export interface InterestSettings {
  /** Money per person-hour (default 100). */
  readonly hourlyRate: number;
  /** Label of the money unit (default USD). */
  readonly currency: string;
  /** Person-hours a change to healthy code takes (default 4: half a working day). */
  readonly baseHoursPerChange: number;
  /** Fewest change sets of known duration in each group for a measured model (default 20). */
  readonly minSample: number;
}

export const DEFAULT_INTEREST_SETTINGS: InterestSettings = {
  hourlyRate: 100,
  currency: 'USD',
  baseHoursPerChange: 4,
  minSample: 20,
};

/** A past change set with the lowest health among the code files it touched. */
export interface TimedChangeSet extends Pick<
  PastChangeSet,
  'isMerge' | 'commitCount' | 'startedAt' | 'finishedAt' | 'message'
> {
  /** Lowest health score of the measured code files it touched (at the scanned commit), or null if none. */
  readonly minHealth: number | null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The interest model: measured when the history has at least `minSample` merged branches (2 or more commits, not
 * branch syncs) of positive duration that touched alert code (health < 4) and as many that touched only healthy code (health >= 9); then the extra time is
 * median(alert) / median(healthy) - 1, at least 0. Otherwise Code Red's 124 %.
 *
 * @example
 * computeInterestModel([], DEFAULT_INTEREST_SETTINGS).kind; // 'default' (extraTimeAlert 1.24)
 */
export function computeInterestModel(
  changeSets: readonly TimedChangeSet[],
  settings: InterestSettings = DEFAULT_INTEREST_SETTINGS,
): InterestModel {
  const alert: number[] = [];
  const healthy: number[] = [];
  for (const cs of changeSets) {
    // A squash merge or a direct commit spans minutes between author and commit time, and a branch sync is no
    // work: only merged branches measure the work (judge-item's hasMeasuredDuration).
    if (cs.minHealth === null || !hasMeasuredDuration(cs)) continue;
    const hours = (cs.finishedAt - cs.startedAt) / 3600;
    if (cs.minHealth < WARNING_FROM) alert.push(hours);
    else if (cs.minHealth >= HEALTHY_FROM) healthy.push(hours);
  }
  const medianAlert = median(alert);
  const medianHealthy = median(healthy);
  const base = {
    baseHoursPerChange: settings.baseHoursPerChange,
    hourlyRate: settings.hourlyRate,
    currency: settings.currency,
  };
  const sample = {
    alertChangeSets: alert.length,
    healthyChangeSets: healthy.length,
    medianAlertHours: medianAlert === null ? null : round1(medianAlert),
    medianHealthyHours: medianHealthy === null ? null : round1(medianHealthy),
  };
  if (
    alert.length >= settings.minSample &&
    healthy.length >= settings.minSample &&
    medianAlert !== null &&
    medianHealthy !== null &&
    medianHealthy > 0
  ) {
    const extra = Math.max(0, medianAlert / medianHealthy - 1);
    return {
      kind: 'measured',
      extraTimeAlert: round2(extra),
      source: `measured on this repository: change sets touching alert code took ${Math.round(extra * 100)} % longer (median ${sample.medianAlertHours} h against ${sample.medianHealthyHours} h from first commit to merge)`,
      ...base,
      sample: {
        ...sample,
        note: `${alert.length} change sets touching alert code and ${healthy.length} touching only healthy code`,
      },
    };
  }
  return {
    kind: 'default',
    extraTimeAlert: CODE_RED_EXTRA_TIME,
    source:
      'default model from Code Red (Tornhill & Borg, TechDebt 2022, 39 codebases): changes in alert code take 124 % longer than in healthy code',
    ...base,
    sample: {
      ...sample,
      note: `too few merged branches with a measurable duration (need ${settings.minSample} in each group; found ${alert.length} touching alert code and ${healthy.length} only healthy code): squash merges and direct commits carry no duration`,
    },
  };
}

/**
 * Extra time a change to a file of this health takes, as a share of the healthy time: 0 at health 9 and above,
 * the model's full extra time at health 4 and below, linear in between.
 */
export function getExtraTime(health: number, model: Pick<InterestModel, 'extraTimeAlert'>): number {
  const position = Math.min(1, Math.max(0, (HEALTHY_FROM - health) / (HEALTHY_FROM - WARNING_FROM)));
  return model.extraTimeAlert * position;
}

/** Assumptions of the principal estimate (debt-interest-rationale.md). */
export const PRINCIPAL_DEFAULTS = {
  /** Lines of code refactored per person-hour to bring a file from health 1 to 10 (200 a day). */
  refactorLocPerHour: 25,
  /** Hours to break one file out of an import cycle. */
  hoursPerCycleFile: 3,
  /** Lines of code a newcomer reads and understands per hour (code-review reading rates of 200-400 an hour). */
  readLocPerHour: 300,
  /** Hours to resolve one TODO/FIXME/HACK/XXX marker. */
  hoursPerMarker: 2,
} as const;

/** Principal of a candidate in person-hours, and how it was estimated. */
export function computePrincipal(
  candidate: DebtCandidate,
  health: ReadonlyMap<string, FileHealth>,
): { hours: number; basis: string } {
  const p = PRINCIPAL_DEFAULTS;
  switch (candidate.kind) {
    case 'import-cycle':
      return {
        hours: candidate.area.files.length * p.hoursPerCycleFile,
        basis: `${p.hoursPerCycleFile} h per file in the cycle`,
      };
    case 'knowledge-silo': {
      const loc = candidate.area.files.reduce((s, f) => s + (health.get(f)?.loc ?? 0), 0);
      return {
        hours: loc / p.readLocPerHour,
        basis: `${loc} lines to learn at ${p.readLocPerHour} lines an hour`,
      };
    }
    case 'debt-marker': {
      const n = candidate.markers?.length ?? 1;
      return { hours: n * p.hoursPerMarker, basis: `${p.hoursPerMarker} h per marker` };
    }
    default: {
      let hours = 0;
      let loc = 0;
      for (const f of candidate.area.files) {
        const h = health.get(f);
        if (!h) continue;
        loc += h.loc;
        hours += (h.loc * (10 - h.score)) / 9 / p.refactorLocPerHour;
      }
      return {
        hours,
        basis: `${loc} lines refactored at ${p.refactorLocPerHour} lines an hour, scaled by the distance from health 10`,
      };
    }
  }
}

/**
 * The health factors each kind of debt accounts for: its interest is the extra time those factors' points cost
 * (the rest of a file's ill health is other debt's interest). 'all' for debts that stand for the whole file.
 */
export const DEBT_FACTORS: Readonly<Record<DebtKind, readonly HealthFactorName[] | 'all'>> = {
  'unhealthy-hotspot': 'all',
  'import-cycle': ['import-cycle'],
  'god-file': ['size', 'fan-in'],
  'knowledge-silo': ['inactive-owner'],
  'debt-marker': ['markers'],
  filed: 'all',
};

/**
 * Extra time per change a file pays because of some of its factors: the extra time at its health minus the extra
 * time it would have without those factors' points.
 */
export function getFactorExtraTime(
  health: FileHealth | undefined,
  factors: ReadonlySet<HealthFactorName> | 'all',
  model: Pick<InterestModel, 'extraTimeAlert'>,
): number {
  if (!health) return 0;
  let total = 0;
  let removed = 0;
  for (const f of health.factors) {
    total += f.penalty;
    if (factors === 'all' || factors.has(f.name)) removed += f.penalty;
  }
  const now = Math.max(1, 10 - total);
  const without = Math.max(1, 10 - (total - removed));
  return getExtraTime(now, model) - getExtraTime(without, model);
}

export interface DebtCostInput {
  readonly candidates: readonly DebtCandidate[];
  readonly health: readonly FileHealth[];
  /** Change sets per month that touched each file in the window. */
  readonly changesPerMonth: ReadonlyMap<string, number>;
  readonly model: InterestModel;
}

export interface DebtCosts {
  /** Ranked by interest paid (then smaller principal, then id). */
  readonly entries: DebtEntry[];
  /** Interest over the union of the entries' files (a file in two entries pays once); principal summed. */
  readonly totals: {
    readonly interestHoursPerMonth: number;
    readonly interestMoneyPerMonth: number;
    readonly principalHours: number;
    readonly principalMoney: number;
  };
}

/**
 * Interest per month = sum over the area's files of changes per month x base hours per change x the extra time the
 * debt's health factors cost (DEBT_FACTORS); money = hours x the hourly rate.
 *
 * @example
 * // one file changed 2 times a month at health 4 (full extra time 1.24), 4 h per change:
 * // interest = 2 x 4 x 1.24 = 9.9 h per month, 992 per month at 100 an hour
 */
export function computeDebtCosts(input: DebtCostInput): DebtCosts {
  const health = new Map(input.health.map((h) => [h.path, h]));
  const { model } = input;
  const fileInterest = (f: string, factors: ReadonlySet<HealthFactorName> | 'all'): number =>
    (input.changesPerMonth.get(f) ?? 0) *
    model.baseHoursPerChange *
    getFactorExtraTime(health.get(f), factors, model);
  const factorsOf = (kind: DebtKind): ReadonlySet<HealthFactorName> | 'all' => {
    const f = DEBT_FACTORS[kind];
    return f === 'all' ? 'all' : new Set(f);
  };
  const entries = input.candidates.map((candidate) => {
    let interest = 0;
    let changes = 0;
    const factors = factorsOf(candidate.kind);
    for (const f of new Set(candidate.area.files)) {
      changes += input.changesPerMonth.get(f) ?? 0;
      interest += fileInterest(f, factors);
    }
    const principal = computePrincipal(candidate, health);
    const cost: DebtCost = {
      interestHoursPerMonth: round1(interest),
      interestMoneyPerMonth: Math.round(interest * model.hourlyRate),
      principalHours: round1(principal.hours),
      principalMoney: Math.round(principal.hours * model.hourlyRate),
      paybackMonths: interest > 0 ? round1(principal.hours / interest) : null,
      changesPerMonth: round2(changes),
      principalBasis: principal.basis,
    };
    return { ...candidate, cost };
  });
  entries.sort(
    (a, b) =>
      b.cost.interestHoursPerMonth - a.cost.interestHoursPerMonth ||
      a.cost.principalHours - b.cost.principalHours ||
      (a.id < b.id ? -1 : 1),
  );
  // Totals: each file pays once, for the union of the factors its debts account for.
  const union = new Map<string, Set<HealthFactorName> | 'all'>();
  for (const c of input.candidates) {
    const factors = factorsOf(c.kind);
    for (const f of c.area.files) {
      const current = union.get(f);
      if (current === 'all' || factors === 'all') union.set(f, 'all');
      else union.set(f, new Set([...(current ?? []), ...factors]));
    }
  }
  let interest = 0;
  for (const [f, factors] of union) interest += fileInterest(f, factors);
  const principal = entries.reduce((s, e) => s + e.cost.principalHours, 0);
  return {
    entries: entries.map((e, i) => ({ ...e, rank: i + 1 })),
    totals: {
      interestHoursPerMonth: round1(interest),
      interestMoneyPerMonth: Math.round(interest * model.hourlyRate),
      principalHours: round1(principal),
      principalMoney: Math.round(principal * model.hourlyRate),
    },
  };
}
