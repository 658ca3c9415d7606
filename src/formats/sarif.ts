/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the log code-scanning services read (GitHub
 * code scanning, Azure DevOps, GitLab). A small general API: describe the rules, build results with a location,
 * put them in a run, and the runs in a log. Every tpo report that a CI annotates goes through it.
 * Specification: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type * as Sarif from 'sarif';

export type { Sarif };

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** A rule a tool checks, as SARIF's reportingDescriptor. */
export interface SarifRuleInput {
  readonly id: string;
  readonly description: string;
  /** Longer text: why the rule exists. */
  readonly help?: string;
  readonly level: SarifLevel;
  readonly helpUri?: string;
}

/** One finding at one place. */
export interface SarifResultInput {
  readonly ruleId: string;
  readonly level: SarifLevel;
  readonly message: string;
  /** Repository-relative path with `/` separators. */
  readonly path: string;
  /** 1-based; absent when the finding is about the whole file. */
  readonly line?: number | null;
  /** Stable identity across runs (so a service can tell new results from old ones). */
  readonly fingerprints?: Readonly<Record<string, string>>;
  /** `unchanged` for a result a baseline already knows, `new` otherwise. */
  readonly baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** The `%SRCROOT%` base that every result's path is relative to. */
const SRCROOT = '%SRCROOT%';

/** A SARIF reportingDescriptor from a rule description. */
export function createSarifRule(rule: SarifRuleInput): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    ...(rule.help ? { fullDescription: { text: rule.help }, help: { text: rule.help } } : {}),
    ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
    defaultConfiguration: { level: rule.level },
  };
}

/** A SARIF result located in a file of the repository (and at a line, when given). */
export function createSarifResult(result: SarifResultInput): Sarif.Result {
  const physicalLocation: Sarif.PhysicalLocation = {
    artifactLocation: { uri: encodeURI(result.path), uriBaseId: SRCROOT },
    ...(result.line != null && result.line > 0 ? { region: { startLine: result.line } } : {}),
  };
  return {
    ruleId: result.ruleId,
    level: result.level,
    message: { text: result.message },
    locations: [{ physicalLocation }],
    ...(result.fingerprints ? { partialFingerprints: { ...result.fingerprints } } : {}),
    ...(result.baselineState ? { baselineState: result.baselineState } : {}),
    ...(result.properties ? { properties: { ...result.properties } } : {}),
  };
}

export interface SarifRunInput {
  readonly toolName: string;
  readonly toolVersion: string;
  readonly informationUri?: string;
  readonly rules: readonly Sarif.ReportingDescriptor[];
  readonly results: readonly Sarif.Result[];
  /** Absolute path of the repository root, as a `file://` URI base for `%SRCROOT%`; omitted keeps paths relative. */
  readonly rootUri?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A run of one tool: its driver with the rules, and the results (rule indexes filled in). */
export function createSarifRun(run: SarifRunInput): Sarif.Run {
  const index = new Map(run.rules.map((r, i) => [r.id, i]));
  return {
    tool: {
      driver: {
        name: run.toolName,
        version: run.toolVersion,
        ...(run.informationUri ? { informationUri: run.informationUri } : {}),
        rules: [...run.rules],
      },
    },
    ...(run.rootUri
      ? {
          originalUriBaseIds: {
            [SRCROOT]: { uri: run.rootUri.endsWith('/') ? run.rootUri : `${run.rootUri}/` },
          },
        }
      : {}),
    results: run.results.map((r) => {
      const ruleIndex = r.ruleId === undefined ? undefined : index.get(r.ruleId);
      return ruleIndex === undefined ? r : { ...r, ruleIndex };
    }),
    columnKind: 'unicodeCodePoints',
    ...(run.properties ? { properties: { ...run.properties } } : {}),
  };
}

/**
 * A complete SARIF 2.1.0 log.
 *
 * @example
 * const log = createSarifLog([
 *   createSarifRun({
 *     toolName: 'tpo', toolVersion: '0.1.0',
 *     rules: [createSarifRule({ id: 'r1', description: 'No UI in the domain', level: 'error' })],
 *     results: [createSarifResult({ ruleId: 'r1', level: 'error', message: 'x imports y', path: 'src/a.ts', line: 3 })],
 *   }),
 * ]);
 */
export function createSarifLog(runs: readonly Sarif.Run[]): Sarif.Log {
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [...runs] };
}
