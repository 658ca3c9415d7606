/**
 * A small builder for item judgments in plan and forecast tests: an area of files in modules, an effort estimate,
 * and the risks a test cares about.
 */
import type { ItemJudgment, RiskFactor } from '../../src/domain/index.js';

export interface JudgmentSpec {
  /** path -> module */
  readonly files?: Readonly<Record<string, string>>;
  /** Person-days. */
  readonly p50?: number;
  readonly p85?: number;
  /** Stated effort in person-weeks, for the disguise ratio. */
  readonly stated?: number | null;
  /** Files with low code health, and their health. */
  readonly lowHealth?: { readonly files: readonly string[]; readonly health: number };
  readonly risks?: readonly RiskFactor[];
  readonly dependents?: number;
  /** `size`: the default model with its assumed spread (no similar past changes); default `history`. */
  readonly model?: 'history' | 'size';
}

export function buildJudgment(spec: JudgmentSpec = {}): ItemJudgment {
  const files = Object.entries(spec.files ?? { 'src/a.ts': 'src' }).map(([path, module]) => ({
    path,
    module,
    confidence: 1,
    evidence: ['declared'],
  }));
  const modules = [...new Set(files.map((f) => f.module))];
  const p50 = spec.p50 ?? 5;
  const p85 = spec.p85 ?? p50;
  const risks: RiskFactor[] = [...(spec.risks ?? [])];
  if (spec.lowHealth)
    risks.push({
      kind: 'low-health',
      label: 'low code health',
      figure: spec.lowHealth.health,
      threshold: 4,
      unit: 'code health (1-10)',
      detail: `${spec.lowHealth.files[0]!} has code health ${spec.lowHealth.health}`,
      files: spec.lowHealth.files,
      effortFactor: 2.24,
    });
  const stated = spec.stated ?? null;
  const disguiseRatio = stated === null ? null : Math.round((p50 / 5 / stated) * 100) / 100;
  const dependents = Array.from({ length: spec.dependents ?? 0 }, (_, k) => ({
    path: `dep/${k}.ts`,
    module: `dep${k % 3}`,
    depth: 1,
  }));
  return {
    area: { source: 'declared', files, modules },
    blastRadius: {
      dependents,
      coupled: [],
      modules: [...modules, ...new Set(dependents.map((d) => d.module))],
      entryPoints: [],
    },
    risks,
    effort: {
      p50,
      p85,
      model: spec.model ?? 'history',
      similar:
        spec.model === 'size'
          ? []
          : Array.from({ length: 6 }, (_, k) => ({ sha: `s${k}`, message: 'm', days: p50, files: 1 })),
      calibration: 1,
      calibratedBy: 0,
      riskFactor: 1,
      spread: spec.model === 'size' ? 'assumed' : 'measured',
      notes: [],
    },
    disguiseRatio,
    biggerThanItLooks: disguiseRatio !== null && disguiseRatio >= 2,
    reasons: [],
  };
}
