/**
 * Code health, 1-10 per file and per module: a documented composite of size, nesting, cyclomatic complexity,
 * change coupling, fan-in, import cycles, knowledge and debt markers. See code-health-rationale.md.
 */
import type { FileHealth, HealthBand, HealthFactor, ModuleHealth } from '../domain/index.js';

/** What the health of one file is computed from. */
export interface HealthInput {
  readonly path: string;
  readonly module: string;
  /** Lines of code. */
  readonly loc: number;
  /** Indentation complexity (sum of indentation levels over the lines of code). */
  readonly complexity: number;
  /** Parser-based cyclomatic complexity of the whole file, or null when tpo has no parser for it. */
  readonly cyclomatic: number | null;
  /** Files that import this one directly. */
  readonly fanIn: number;
  /** Files of other modules it is change-coupled with (pairs above the coupling thresholds). */
  readonly coupledElsewhere: number;
  /** True when the file is part of an import cycle. */
  readonly inCycle: boolean;
  /** Share of the file's added lines written by its main author, in [0, 1]. */
  readonly mainAuthorShare: number;
  /** True when the main author made no commit in the inactivity window. */
  readonly mainAuthorInactive: boolean;
  /** TODO/FIXME/HACK/XXX markers in the file. */
  readonly markers: number;
}

/** A penalty that grows linearly from 0 at `from` to `max` at `to` (and stays at `max` beyond). */
export interface Ramp {
  readonly from: number;
  readonly to: number;
  readonly max: number;
}

export interface HealthThresholds {
  /** Lines of code. */
  readonly size: Ramp;
  /** Mean indentation level per line of code (complexity / loc). */
  readonly nesting: Ramp;
  /** Cyclomatic complexity of the whole file. */
  readonly cyclomatic: Ramp;
  /** Points per file of another module it is change-coupled with, and the cap. */
  readonly couplingPerFile: number;
  readonly couplingMax: number;
  /** Direct importers; the penalty is scaled by min(1, loc / fanInLocScale) so small utilities are spared. */
  readonly fanIn: Ramp;
  readonly fanInLocScale: number;
  readonly importCycle: number;
  /** Points when the main author is inactive, multiplied by the main author's share. */
  readonly inactiveOwner: number;
  readonly markerEach: number;
  readonly markerMax: number;
}

/** The weights and thresholds of code-health-rationale.md. */
export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  size: { from: 400, to: 1600, max: 2 },
  nesting: { from: 2, to: 4, max: 2 },
  cyclomatic: { from: 100, to: 400, max: 2 },
  couplingPerFile: 0.5,
  couplingMax: 1.5,
  fanIn: { from: 20, to: 60, max: 1 },
  fanInLocScale: 400,
  importCycle: 1,
  inactiveOwner: 1,
  markerEach: 0.25,
  markerMax: 1,
};

/** Lowest score of the healthy band and of the warning band. */
export const HEALTHY_FROM = 9;
export const WARNING_FROM = 4;

export function getHealthBand(score: number): HealthBand {
  return score >= HEALTHY_FROM ? 'healthy' : score >= WARNING_FROM ? 'warning' : 'alert';
}

function ramp(value: number, r: Ramp): number {
  if (value <= r.from) return 0;
  if (value >= r.to) return r.max;
  return ((value - r.from) / (r.to - r.from)) * r.max;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The health of one file: 10 minus the sum of its factors' penalties, never below 1, rounded to one decimal.
 *
 * @example
 * computeFileHealth({ path: 'a.ts', module: '.', loc: 1000, complexity: 3000, cyclomatic: 250, fanIn: 0,
 *   coupledElsewhere: 0, inCycle: false, mainAuthorShare: 1, mainAuthorInactive: false, markers: 0 });
 * // score 10 - 1 (size) - 1 (nesting 3.0) - 1 (cyclomatic 250) = 7, band 'warning'
 */
export function computeFileHealth(
  input: HealthInput,
  thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS,
): FileHealth {
  const t = thresholds;
  const factors: HealthFactor[] = [];
  const add = (name: HealthFactor['name'], value: number, penalty: number, reason: string): void => {
    if (penalty > 0) factors.push({ name, value, penalty: round2(penalty), reason });
  };
  add('size', input.loc, ramp(input.loc, t.size), `${input.loc} lines of code`);
  const nesting = input.loc > 0 ? input.complexity / input.loc : 0;
  add(
    'nesting',
    round2(nesting),
    ramp(nesting, t.nesting),
    `nested ${nesting.toFixed(1)} levels deep per line on average`,
  );
  if (input.cyclomatic !== null)
    add(
      'cyclomatic',
      input.cyclomatic,
      ramp(input.cyclomatic, t.cyclomatic),
      `cyclomatic complexity ${input.cyclomatic}`,
    );
  add(
    'coupling',
    input.coupledElsewhere,
    Math.min(t.couplingMax, input.coupledElsewhere * t.couplingPerFile),
    `changes together with ${input.coupledElsewhere} file${input.coupledElsewhere === 1 ? '' : 's'} of other modules`,
  );
  add(
    'fan-in',
    input.fanIn,
    ramp(input.fanIn, t.fanIn) * Math.min(1, input.loc / t.fanInLocScale),
    `imported by ${input.fanIn} files`,
  );
  add('import-cycle', input.inCycle ? 1 : 0, input.inCycle ? t.importCycle : 0, 'part of an import cycle');
  add(
    'inactive-owner',
    round2(input.mainAuthorShare),
    input.mainAuthorInactive ? t.inactiveOwner * input.mainAuthorShare : 0,
    `${Math.round(input.mainAuthorShare * 100)} % written by an author inactive for 6 months`,
  );
  add(
    'markers',
    input.markers,
    Math.min(t.markerMax, input.markers * t.markerEach),
    `${input.markers} TODO/FIXME/HACK/XXX marker${input.markers === 1 ? '' : 's'}`,
  );
  factors.sort((a, b) => b.penalty - a.penalty || (a.name < b.name ? -1 : 1));
  const penalty = factors.reduce((s, f) => s + f.penalty, 0);
  const score = round1(Math.max(1, 10 - penalty));
  return {
    path: input.path,
    module: input.module,
    loc: input.loc,
    score,
    band: getHealthBand(score),
    factors,
  };
}

/**
 * The health of each module: the mean of its files' scores weighted by lines of code (a file without lines of
 * code weighs 1), worst module first.
 */
export function computeModuleHealth(files: readonly FileHealth[]): ModuleHealth[] {
  const byModule = new Map<string, FileHealth[]>();
  for (const f of files) {
    const list = byModule.get(f.module);
    if (list) list.push(f);
    else byModule.set(f.module, [f]);
  }
  const out: ModuleHealth[] = [];
  for (const [module, list] of byModule) {
    let weight = 0;
    let sum = 0;
    let loc = 0;
    const bands: Record<HealthBand, number> = { healthy: 0, warning: 0, alert: 0 };
    let worst: FileHealth | null = null;
    for (const f of list) {
      const w = Math.max(1, f.loc);
      weight += w;
      sum += w * f.score;
      loc += f.loc;
      bands[f.band] += 1;
      if (worst === null || f.score < worst.score || (f.score === worst.score && f.loc > worst.loc))
        worst = f;
    }
    const score = round1(sum / weight);
    out.push({
      module,
      files: list.length,
      loc,
      score,
      band: getHealthBand(score),
      bands,
      worstFile: worst?.path ?? null,
    });
  }
  return out.sort((a, b) => a.score - b.score || b.loc - a.loc || (a.module < b.module ? -1 : 1));
}
