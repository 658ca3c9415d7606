/**
 * Exports of an architecture review: SARIF 2.1.0 for code scanning (one result per violating import, at the line of
 * the import) and Markdown for a pull-request comment or a wiki page (with the Mermaid module diagram).
 */
import type { ArchitectureReport, ArchitectureRule } from '../domain/index.js';
import { createSarifLog, createSarifResult, createSarifRule, createSarifRun, type Sarif } from './sarif.js';

const CYCLE_RULE: Pick<ArchitectureRule, 'name' | 'reason'> = {
  name: 'no-module-cycles',
  reason: 'Modules that import each other cannot change, be tested or be released alone.',
};

export interface ArchitectureSarifOptions {
  readonly toolVersion: string;
  /** Absolute repository root, for `%SRCROOT%`. */
  readonly root?: string;
}

/**
 * The review as a SARIF log: every declared rule as a SARIF rule (with its reason as help), every violation as a
 * result at the importing file and line. Baselined violations are kept with `baselineState: unchanged` and level
 * `note`, so code scanning shows only new ones as failures.
 */
export function createArchitectureSarif(
  report: ArchitectureReport,
  options: ArchitectureSarifOptions,
): Sarif.Log {
  const rules = [...report.rules];
  const declared = new Set(rules.map((r) => r.name));
  const extra = report.violations.some((v) => v.rule === CYCLE_RULE.name) && !declared.has(CYCLE_RULE.name);
  const descriptors = [
    ...rules.map((r) =>
      createSarifRule({
        id: r.name,
        description: `${r.from.join(', ')} ${r.kind === 'may-import' ? 'may import only' : 'must not import'} ${r.on === 'packages' ? 'the packages ' : ''}${r.targets.join(', ') || (r.on === 'packages' ? 'none' : 'other modules')}`,
        help: r.reason,
        level: r.severity === 'error' ? 'error' : 'warning',
      }),
    ),
    ...(extra
      ? [
          createSarifRule({
            id: CYCLE_RULE.name,
            description: 'No import cycles between modules',
            help: CYCLE_RULE.reason,
            level: 'error',
          }),
        ]
      : []),
  ];
  const results = report.violations.map((v) =>
    createSarifResult({
      ruleId: v.rule,
      level: v.baselined ? 'note' : v.severity === 'error' ? 'error' : 'warning',
      message: v.external
        ? `${v.from} (${v.fromModule}) imports the package ${v.to} with "${v.specifier}": ${v.reason}`
        : `${v.from} (${v.fromModule}) imports ${v.to} (${v.toModule}) with "${v.specifier}": ${v.reason}`,
      path: v.from,
      line: v.line,
      fingerprints: { 'tpoArchitecture/v1': `${v.rule}:${v.from}:${v.to}` },
      baselineState: v.baselined ? 'unchanged' : 'new',
      properties: { fromModule: v.fromModule, toModule: v.toModule, to: v.to },
    }),
  );
  return createSarifLog([
    createSarifRun({
      toolName: 'tpo',
      toolVersion: options.toolVersion,
      informationUri: 'https://github.com/tpo-dev/tpo',
      rules: descriptors,
      results,
      ...(options.root ? { rootUri: `file://${options.root}` } : {}),
      properties: {
        commit: report.commit,
        configuration: report.source?.file ?? null,
        moduleCycles: report.cycles.length,
        hiddenDependencies: report.couplings.filter((c) => c.hidden).length,
      },
    }),
  ]);
}

function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** The review as Markdown: summary, violations with the import that breaks each, cycles, coupling, instability, diagram. */
export function renderArchitectureMarkdown(
  report: ArchitectureReport,
  options: { limit?: number } = {},
): string {
  const limit = options.limit ?? 50;
  const out: string[] = [`## Architecture review of ${report.repo} at \`${report.commit.slice(0, 12)}\``, ''];
  out.push(
    report.source
      ? `Declared architecture: \`${report.source.file}\` (${report.source.from === 'commit' ? 'from the scanned commit' : report.source.from === 'worktree' ? 'from the working tree' : 'given with --config'}), ${plural(report.modules.length, 'module')}, ${plural(report.rules.length, 'rule')}.`
      : `No architecture configuration found (tpo.config.yaml, tpo.config.yml, tpo.config.json or .tpo/architecture.yaml): ${report.modules.length} modules detected from package manifests and folders, no rules.`,
  );
  const fresh = report.violations.filter((v) => !v.baselined);
  const hidden = report.couplings.filter((c) => c.hidden);
  out.push(
    '',
    `- **${fresh.length}** new rule violations (${fresh.filter((v) => v.severity === 'error').length} errors)${report.baseline ? `, ${report.violations.length - fresh.length} known from the baseline \`${report.baseline.file}\`` : ''}`,
    `- **${report.cycles.length}** import cycles between modules`,
    `- **${hidden.length}** hidden dependencies (modules that change together without importing each other)`,
  );
  if (report.unassignedFiles > 0) out.push(`- ${report.unassignedFiles} files in no declared module`);
  if (report.violations.length > 0) {
    out.push('', '### Rule violations', '');
    out.push(
      ...table(
        ['', 'rule', 'import', 'from → to', 'why the rule exists'],
        report.violations
          .slice(0, limit)
          .map((v) => [
            v.baselined ? 'known' : v.severity === 'error' ? '**error**' : 'warn',
            v.rule,
            `\`${v.from}${v.line ? `:${v.line}` : ''}\` imports \`${v.specifier}\``,
            `${v.fromModule} → ${v.external ? `package ${v.toModule}` : v.toModule}`,
            v.reason,
          ]),
      ),
    );
    if (report.violations.length > limit)
      out.push('', `… and ${report.violations.length - limit} more (see --format json).`);
  }
  if (report.cycles.length > 0) {
    out.push('', '### Import cycles between modules', '');
    for (const cycle of report.cycles.slice(0, limit)) {
      out.push(`- ${cycle.modules.join(' ⇄ ')}`);
      for (const e of cycle.edges.slice(0, 6))
        out.push(
          `  - ${e.from} → ${e.to}: ${e.imports} imports, e.g. \`${e.example.from}\` imports \`${e.example.specifier}\``,
        );
    }
  }
  if (hidden.length > 0) {
    out.push('', '### Hidden dependencies', '');
    out.push(
      ...table(
        ['modules', 'changed together', 'degree', 'imports'],
        hidden
          .slice(0, limit)
          .map((c) => [
            `${c.a} ↔ ${c.b}`,
            `${c.shared} change sets (of ${c.changeSetsA} / ${c.changeSetsB})`,
            percent(c.degree),
            'none either way',
          ]),
      ),
    );
  }
  const coupled = report.couplings.filter((c) => !c.hidden);
  if (coupled.length > 0) {
    out.push('', '### Coupling between modules', '');
    out.push(
      ...table(
        ['modules', 'imports a → b', 'imports b → a', 'changed together', 'degree'],
        coupled
          .slice(0, limit)
          .map((c) => [`${c.a} ↔ ${c.b}`, c.importsAB, c.importsBA, c.shared, percent(c.degree)]),
      ),
    );
  }
  out.push('', '### Instability (Martin: I = Ce / (Ca + Ce), in files)', '');
  out.push(
    ...table(
      ['module', 'files', 'imported by (Ca)', 'importing out (Ce)', 'I'],
      report.modules
        .slice(0, limit)
        .map((m) => [
          m.module,
          m.files,
          m.afferent,
          m.efferent,
          m.instability === null ? '-' : m.instability.toFixed(2),
        ]),
    ),
  );
  out.push('', '### Module diagram', '', '```mermaid', report.diagram, '```');
  if (report.diagramOmittedModules > 0)
    out.push('', `${report.diagramOmittedModules} less connected modules are left out of the diagram.`);
  for (const n of report.notices) out.push('', `> ${n}`);
  return `${out.join('\n')}\n`;
}
