/**
 * The debt register as a Markdown report and as a SARIF 2.1.0 log for GitHub code scanning.
 */
import type { Log } from 'sarif';
import type { DebtEntry, DebtKind, DebtRegister } from '../domain/index.js';
import { createTpoSarifLog, type SarifFinding, type SarifRule } from './sarif-log.js';

const RULES: Readonly<Record<DebtKind, Omit<SarifRule, 'id' | 'level'>>> = {
  'unhealthy-hotspot': {
    name: 'UnhealthyHotspot',
    short: 'Unhealthy hotspot: complicated code the team changes often',
    full: 'A file at the top of the hotspot ranking (change frequency x complexity) whose code health is below 9.',
    help: 'Refactor the factors that cost health points (size, nesting, cyclomatic complexity, coupling) in small steps; every change to this file pays interest until then.',
  },
  'import-cycle': {
    name: 'ImportCycle',
    short: 'Import cycle: files that reach each other through imports',
    full: 'A strongly connected component of the import graph: none of its files can be changed, tested or reused alone.',
    help: 'Break the cycle by moving the shared part into a module both import, or by inverting one dependency.',
  },
  'god-file': {
    name: 'GodFile',
    short: 'God file: a large file many others import',
    full: 'A file with many direct importers and many lines of code: every change to it reaches far.',
    help: 'Split it by responsibility so that importers depend only on what they use.',
  },
  'knowledge-silo': {
    name: 'KnowledgeSilo',
    short: 'Knowledge silo whose owner left',
    full: 'A module most of whose code was written by people with no commit in six months.',
    help: 'Plan knowledge transfer: pair on the next change, document the module, or grow a second owner.',
  },
  'debt-marker': {
    name: 'DebtMarker',
    short: 'Aged TODO/FIXME/HACK/XXX marker',
    full: 'A debt marker that has stayed in the code for at least 90 days.',
    help: 'Resolve it, or file it as a debt item with its reason and delete the marker.',
  },
  filed: {
    name: 'FiledDebt',
    short: 'Debt filed by the team',
    full: 'A backlog item of kind debt, tied to its code area.',
    help: 'Weigh its interest against its principal in the backlog.',
  },
};

const KINDS = Object.keys(RULES) as DebtKind[];

function money(n: number, currency: string): string {
  return `${Math.round(n).toLocaleString('en-US')} ${currency}`;
}

function hours(n: number): string {
  return `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`;
}

/** Where a debt entry is shown: its first marker's line, or line 1 of its first file. */
function locate(entry: DebtEntry): { path: string; line?: number } | null {
  const marker = entry.markers?.[0];
  if (marker) return { path: marker.path, line: marker.line };
  const first = entry.area.files[0];
  return first === undefined ? null : { path: first };
}

/** The register as a SARIF log: one result per entry (per marker for markers), rules per kind of debt. */
export function createDebtSarif(register: DebtRegister, version: string): Log {
  const rules: SarifRule[] = KINDS.map((kind) => ({
    id: `tpo/debt/${kind}`,
    level: 'warning',
    ...RULES[kind],
  }));
  const findings: SarifFinding[] = [];
  for (const e of register.entries) {
    const cost = `interest ${hours(e.cost.interestHoursPerMonth)} (${money(e.cost.interestMoneyPerMonth, register.model.currency)}) a month, principal ${hours(e.cost.principalHours)}`;
    const level = e.health < 4 ? 'warning' : 'note';
    const properties = {
      debtId: e.id,
      rank: e.rank,
      health: e.health,
      interestHoursPerMonth: e.cost.interestHoursPerMonth,
      principalHours: e.cost.principalHours,
    };
    if (e.markers && e.markers.length > 0) {
      for (const m of e.markers)
        findings.push({
          ruleId: `tpo/debt/${e.kind}`,
          level,
          message: `${m.kind}${m.text ? `: ${m.text}` : ''}${m.introducedAt !== null ? ` (since ${new Date(m.introducedAt * 1000).toISOString().slice(0, 10)})` : ''}; ${cost} for the file's markers`,
          path: m.path,
          line: m.line,
          fingerprint: `${e.id}:${m.kind}:${m.text}`,
          properties,
        });
      continue;
    }
    const at = locate(e);
    if (at === null) continue;
    findings.push({
      ruleId: `tpo/debt/${e.kind}`,
      level,
      message: `${e.title}. ${e.reasons.join('; ')}. ${cost}.`,
      path: at.path,
      ...(at.line !== undefined ? { line: at.line } : {}),
      fingerprint: e.id,
      properties,
    });
  }
  return createTpoSarifLog({
    version,
    rules,
    findings,
    properties: { interestModel: register.model.kind, headCommit: register.headCommit },
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The register as Markdown: the model used, totals, the ranked entries and the health of the modules. */
export function renderDebtMarkdown(register: DebtRegister, options: { modules?: number } = {}): string {
  const { model, totals } = register;
  const out: string[] = [
    `## Technical debt in ${register.repo} at \`${register.headCommit.slice(0, 12)}\``,
    '',
    `**${totals.entries}** debts cost **${hours(totals.interestHoursPerMonth)} a month (${money(totals.interestMoneyPerMonth, model.currency)})** in interest; paying them all down would take **${hours(totals.principalHours)} (${money(totals.principalMoney, model.currency)})**.`,
    '',
    `Interest model: **${model.kind}**. ${capitalize(model.source)}. ${capitalize(model.sample.note)}. Base: ${model.baseHoursPerChange} h per change, ${money(model.hourlyRate, model.currency)} an hour.`,
    '',
  ];
  if (register.entries.length > 0) {
    out.push(
      '| # | debt | area | health | interest / month | principal | pays back in |',
      '|--:|------|------|------:|------:|------:|------:|',
    );
    for (const e of register.entries) {
      out.push(
        `| ${e.rank} | ${cell(e.title)} | ${cell(e.area.module)} (${e.area.files.length} file${e.area.files.length === 1 ? '' : 's'}) | ${e.health.toFixed(1)} | ${hours(e.cost.interestHoursPerMonth)} (${money(e.cost.interestMoneyPerMonth, model.currency)}) | ${hours(e.cost.principalHours)} | ${e.cost.paybackMonths === null ? 'never' : `${e.cost.paybackMonths} months`} |`,
      );
    }
    out.push('');
  } else out.push('No debt candidates found.', '');
  const modules = register.modules.slice(0, options.modules ?? 10);
  if (modules.length > 0) {
    out.push(
      `### Code health by module (${register.health.files} files: ${register.health.bands.healthy} healthy, ${register.health.bands.warning} warning, ${register.health.bands.alert} alert)`,
      '',
      '| module | health | files | alert | warning | worst file |',
      '|--------|------:|------:|------:|------:|------|',
      ...modules.map(
        (m) =>
          `| ${cell(m.module)} | ${m.score.toFixed(1)} (${m.band}) | ${m.files} | ${m.bands.alert} | ${m.bands.warning} | ${cell(m.worstFile ?? '-')} |`,
      ),
      '',
    );
  }
  out.push(
    `Markers: ${register.markers.total} TODO/FIXME/HACK/XXX, ${register.markers.dated} dated by git blame. Change rates over the last ${register.windowDays} days.`,
  );
  for (const n of register.notices) out.push('', `> ${n}`);
  return `${out.join('\n')}\n`;
}
