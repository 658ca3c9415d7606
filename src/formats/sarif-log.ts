/**
 * tpo's own SARIF logs (debt register, review): one run of the `tpo` driver whose findings each carry a stable
 * fingerprint, built on the general SARIF API of ./sarif.ts.
 */
import type { Log } from 'sarif';
import {
  createSarifLog as createLog,
  createSarifResult,
  createSarifRule,
  createSarifRun,
  type SarifLevel,
} from './sarif.js';

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly help: string;
  readonly level: Exclude<SarifLevel, 'none'>;
}

export interface SarifFinding {
  readonly ruleId: string;
  readonly level: Exclude<SarifLevel, 'none'>;
  readonly message: string;
  /** Repository-relative path. */
  readonly path: string;
  /** 1-based line; omitted: the whole file. */
  readonly line?: number;
  /** Stable identity of the finding across runs (e.g. the debt id). */
  readonly fingerprint: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * Builds the log of one tpo report. Results whose rule is unknown are a programming error and throw.
 *
 * @example
 * createTpoSarifLog({ version: '0.1.0', rules: [rule], findings: [{ ruleId: rule.id, level: 'warning',
 *   message: 'Import cycle of 2 files', path: 'src/a.ts', fingerprint: 'import-cycle:src/a.ts' }] });
 */
export function createTpoSarifLog(input: {
  readonly version: string;
  readonly rules: readonly SarifRule[];
  readonly findings: readonly SarifFinding[];
  readonly properties?: Readonly<Record<string, unknown>>;
}): Log {
  const known = new Set(input.rules.map((r) => r.id));
  for (const f of input.findings)
    if (!known.has(f.ruleId)) throw new Error(`SARIF finding with unknown rule ${f.ruleId}`);
  return createLog([
    createSarifRun({
      toolName: 'tpo',
      toolVersion: input.version,
      informationUri: 'https://github.com/tpo-dev/tpo',
      rules: input.rules.map((r) =>
        createSarifRule({
          id: r.id,
          name: r.name,
          description: r.short,
          fullDescription: r.full,
          help: r.help,
          level: r.level,
          tags: ['maintainability', 'tpo'],
        }),
      ),
      results: input.findings.map((f) =>
        createSarifResult({
          ruleId: f.ruleId,
          level: f.level,
          message: f.message,
          path: f.path,
          line: Math.max(1, f.line ?? 1),
          fingerprints: { 'tpoFinding/v1': f.fingerprint },
          ...(f.properties ? { properties: f.properties } : {}),
        }),
      ),
      ...(input.properties ? { properties: input.properties } : {}),
    }),
  ]);
}
