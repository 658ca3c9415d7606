/**
 * SARIF 2.1.0 (OASIS) logs that GitHub code scanning accepts: one run, the tool's rules with their descriptions,
 * and results located on files relative to the repository root (`%SRCROOT%`), each with a stable fingerprint.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly help: string;
  readonly level: SarifLevel;
}

export interface SarifFinding {
  readonly ruleId: string;
  readonly level: SarifLevel;
  readonly message: string;
  /** Repository-relative path. */
  readonly path: string;
  /** 1-based line; omitted: the whole file. */
  readonly line?: number;
  /** Stable identity of the finding across runs (e.g. the debt id). */
  readonly fingerprint: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A repository path as a URI reference: each segment percent-encoded, slashes kept. */
export function toSarifUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * Builds the log. Results whose rule is unknown are a programming error and throw.
 *
 * @example
 * createSarifLog({ version: '0.1.0', rules: [rule], findings: [{ ruleId: rule.id, level: 'warning',
 *   message: 'Import cycle of 2 files', path: 'src/a.ts', fingerprint: 'import-cycle:src/a.ts' }] });
 */
export function createSarifLog(input: {
  readonly version: string;
  readonly rules: readonly SarifRule[];
  readonly findings: readonly SarifFinding[];
  readonly properties?: Readonly<Record<string, unknown>>;
}): Log {
  const index = new Map(input.rules.map((r, i) => [r.id, i]));
  const rules: ReportingDescriptor[] = input.rules.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.short },
    fullDescription: { text: r.full },
    help: { text: r.help },
    defaultConfiguration: { level: r.level },
    properties: { tags: ['maintainability', 'tpo'] },
  }));
  const results: Result[] = input.findings.map((f) => {
    const ruleIndex = index.get(f.ruleId);
    if (ruleIndex === undefined) throw new Error(`SARIF finding with unknown rule ${f.ruleId}`);
    return {
      ruleId: f.ruleId,
      ruleIndex,
      level: f.level,
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toSarifUri(f.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, f.line ?? 1) },
          },
        },
      ],
      partialFingerprints: { 'tpoFinding/v1': f.fingerprint },
      ...(f.properties ? { properties: { ...f.properties } } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tpo',
            informationUri: 'https://github.com/tpo-dev/tpo',
            semanticVersion: input.version,
            version: input.version,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the repository.' } } },
        results,
        ...(input.properties ? { properties: { ...input.properties } } : {}),
      },
    ],
  };
}
