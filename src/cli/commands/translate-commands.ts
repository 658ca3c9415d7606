/**
 * Translation commands: `tpo explain` (up: an item in plain language), `tpo breakdown` (down: a goal into
 * technical tasks), `tpo assess` (do we need a technical product owner?) and `tpo report` (for stakeholders).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  formatAssessmentMarkdown,
  formatBreakdownMarkdown,
  getAssessment,
  formatExplanation,
  formatStakeholderReport,
  getStakeholderReport,
  getBreakdown,
  getExplanation,
  type AssessReport,
  type BreakdownReport,
  type ExplainReport,
} from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import { printJson, renderTable } from '../render.js';
import { parseDay, parseScheme, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';

function parseAudience(value: string): 'stakeholder' | 'engineer' {
  if (value !== 'stakeholder' && value !== 'engineer')
    throw new TpoError('Invalid', `--for must be stakeholder or engineer, got "${value}"`);
  return value;
}

function printExplanation(report: ExplainReport, markdown: boolean): void {
  let out = formatExplanation(report, markdown ? 'markdown' : 'text');
  if (!markdown) {
    const notes = [
      report.kind === 'text'
        ? 'The request was matched to code by its words: "--for engineer" lists the files.'
        : null,
      ...report.notices.map((n) => `note: ${n}`),
      report.audience === 'stakeholder'
        ? `Reading ease ${report.readingEase} (Flesch; 60 or more is plain English). The source of every figure: --json.`
        : null,
    ].filter((x): x is string => x !== null);
    out += `\n${notes.join('\n')}\n`;
  }
  process.stdout.write(out);
}

const LAYER_LABELS: Readonly<Record<string, string>> = {
  data: 'data and migrations',
  domain: 'domain logic',
  api: 'API',
  ui: 'UI',
  tests: 'tests',
  docs: 'docs and release',
};

function printBreakdown(report: BreakdownReport): void {
  const goal = report.kind === 'item' ? `${report.goal.id} "${report.goal.title}"` : `"${report.goal.title}"`;
  const lines = [
    `Breakdown of ${goal}: ${report.tasks.length} tasks, ${report.effort.p50} to ${report.effort.p85} person-days in all.`,
    '',
    renderTable(
      report.tasks.map((t, k) => ({ t, k, made: report.created[k] })),
      [
        { header: '#', value: (r) => r.k + 1, align: 'right' },
        ...(report.created.length > 0
          ? [{ header: 'item', value: (r: { made?: { id: string } }) => r.made?.id ?? '-' }]
          : []),
        { header: 'layer', value: (r) => LAYER_LABELS[r.t.layer] ?? r.t.layer },
        { header: 'days', value: (r) => `${r.t.effort.p50}-${r.t.effort.p85}`, align: 'right' },
        { header: 'files', value: (r) => r.t.files.length, align: 'right' },
        {
          header: 'who knows them',
          value: (r) =>
            r.t.people.map((p) => `${p.name}${p.inactive ? ' (inactive)' : ''}`).join(', ') || '-',
        },
        {
          header: 'after',
          value: (r) =>
            r.t.blockedBy.map((l) => String(report.tasks.findIndex((x) => x.layer === l) + 1)).join(', ') ||
            '-',
        },
      ],
    ),
  ];
  report.tasks.forEach((t, k) => {
    lines.push('', `${k + 1}. ${t.title}`);
    for (const f of t.files) lines.push(`   ${f.path}  (${f.role}; ${f.layerWhy})`);
    if (t.files.length === 0) lines.push('   no file yet: new files to write');
    for (const r of t.risks) lines.push(`   risk: ${r}`);
    if (t.waitsBecause.length > 0) lines.push(`   waits because: ${t.waitsBecause.join('; ')}`);
  });
  for (const n of report.notes) lines.push(`note: ${n}`);
  if (report.created.length > 0)
    lines.push(
      '',
      `Added ${report.created.map((c) => c.id).join(', ')} to the backlog${report.kind === 'item' ? `; ${report.goal.id} waits for them` : ''}.`,
    );
  else lines.push('', 'Add these tasks to the backlog, with their dependencies, with --create.');
  lines.push(
    'Layers are recognised from what each file is and imports; see src/judgment/breakdown-rationale.md.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printAssessment(a: AssessReport): void {
  const lines = [
    `Do we need a technical product owner? ${a.verdictText.charAt(0).toUpperCase()}${a.verdictText.slice(1)} (score ${a.score}; 4+ dedicated, 2-3 paired with a tech lead, 0-1 the lead covers it).`,
    a.carriers.length > 0
      ? `Who already carries the function: ${a.carriers.map((c) => `${c.name} (knows ${c.modules} of ${c.ofModules} modules)`).join(', ')}.`
      : 'Nobody active knows most of the code yet.',
  ];
  for (const s of a.signals) {
    lines.push('', `${s.question} +${s.points}`, `  ${s.answer}`);
    for (const e of s.evidence) lines.push(`  - ${e}`);
    lines.push(`  rule: ${s.rule}`);
  }
  lines.push('', 'Rules and sources: src/judgment/assess-rationale.md.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

function parseStart(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseDay('--start', value);
}

export function registerTranslateCommands(program: Command): void {
  withCommonOptions(
    program
      .command('report')
      .description(
        'the stakeholder report: the ranked backlog with both scores and why items moved, items bigger than they look, the riskiest code as a treemap, the roadmap with date ranges; one self-contained, printable HTML file',
      )
      .option('--html <file>', 'write the HTML report to this file (default: tpo-report.html)')
      .option('--markdown', 'print the report as Markdown instead')
      .option('--start <YYYY-MM-DD>', "the report's date and the roadmap's start (default today)")
      .option('--scheme <scheme>', 'rice (default) or wsjf'),
  ).action(
    async (
      options: CommonOptions & { html?: string; markdown?: boolean; start?: string; scheme?: string },
    ) => {
      const now = parseStart(options.start);
      if (options.scheme !== undefined) parseScheme(options.scheme);
      if (options.markdown && options.html !== undefined)
        throw new TpoError('Invalid', '--markdown prints to the terminal; it takes no --html file');
      await withWorkspace(options, async (ws) => {
        const report = await getStakeholderReport(ws, {
          ...(now !== undefined ? { now } : {}),
          ...(options.scheme ? { scheme: options.scheme as 'rice' | 'wsjf' } : {}),
        });
        if (options.json) return printJson(report);
        if (options.markdown) return void process.stdout.write(formatStakeholderReport(report, 'markdown'));
        const file = path.resolve(options.html ?? 'tpo-report.html');
        const html = formatStakeholderReport(report, 'html');
        try {
          writeFileSync(file, html);
        } catch (error) {
          throw new TpoError('Invalid', `cannot write ${file}: ${(error as Error).message}`);
        }
        process.stdout.write(
          `Wrote ${file} (${Math.round(Buffer.byteLength(html) / 1024)} KB): ${report.ranking.length} ranked items, ${report.bigger.length} bigger than they look, ${report.areas.length} files on the risk map, ${report.roadmap ? `${report.roadmap.items.length} items on the roadmap` : 'no roadmap'}. It opens without a network and prints.\n`,
        );
        for (const n of report.notices) process.stdout.write(`note: ${n}\n`);
      });
    },
  );

  withCommonOptions(
    program
      .command('assess')
      .description(
        'do we need a technical product owner? The verdict from the repository and the backlog, with the evidence of each signal',
      )
      .option('--markdown', 'print Markdown'),
  ).action(async (options: CommonOptions & { markdown?: boolean }) => {
    await withWorkspace(options, async (ws) => {
      const report = await getAssessment(ws);
      if (options.json) return printJson(report);
      if (options.markdown) return void process.stdout.write(formatAssessmentMarkdown(report));
      printAssessment(report);
    });
  });

  withCommonOptions(
    program
      .command('breakdown')
      .argument('<id|text>', 'an item id (T-4) or a goal in quotes')
      .description(
        'a goal broken into technical tasks per layer it crosses (data and migrations, domain logic, API, UI, tests, docs and release): files, who knows them, risks, effort and order',
      )
      .option(
        '--create',
        'add the tasks to the backlog, each waiting for the tasks it depends on (and blocking the goal item)',
      )
      .option('--markdown', 'print Markdown'),
  ).action(async (target: string, options: CommonOptions & { create?: boolean; markdown?: boolean }) => {
    await withWorkspace(options, async (ws) => {
      const report = await getBreakdown(ws, target, { create: options.create === true });
      if (options.json) return printJson(report);
      if (options.markdown) return void process.stdout.write(formatBreakdownMarkdown(report));
      printBreakdown(report);
    });
  });

  withCommonOptions(
    program
      .command('explain')
      .argument('<id|text>', 'an item id (T-4) or a request in quotes ("Why can\'t we just add a button?")')
      .description(
        'an item or a request in plain language: why it is this size, what else it affects, what could go wrong, and when it could be done',
      )
      .option(
        '--for <audience>',
        'stakeholder (plain words, default) or engineer (paths, metrics, thresholds)',
        parseAudience,
      )
      .option('--markdown', 'print Markdown')
      .option('--start <YYYY-MM-DD>', "the forecast's start (default today)"),
  ).action(
    async (
      target: string,
      options: CommonOptions & { for?: 'stakeholder' | 'engineer'; markdown?: boolean; start?: string },
    ) => {
      const now = parseStart(options.start);
      await withWorkspace(options, async (ws) => {
        const report = await getExplanation(ws, target, {
          ...(options.for ? { audience: options.for } : {}),
          ...(now !== undefined ? { now } : {}),
        });
        if (options.json) return printJson(report);
        printExplanation(report, options.markdown === true);
      });
    },
  );
}
