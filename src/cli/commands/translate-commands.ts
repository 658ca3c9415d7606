/**
 * Translation commands: `tpo explain` (up: an item in plain language), `tpo breakdown` (down: a goal into
 * technical tasks), `tpo assess` (do we need a technical product owner?) and `tpo report` (for stakeholders).
 */
import type { Command } from 'commander';
import { formatExplanation, getExplanation, type ExplainReport } from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import { printJson } from '../render.js';
import { withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';

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

export function registerTranslateCommands(program: Command): void {
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
      let now: number | undefined;
      if (options.start !== undefined) {
        if (
          !/^\d{4}-\d{2}-\d{2}$/.test(options.start) ||
          Number.isNaN(Date.parse(`${options.start}T00:00:00Z`))
        )
          throw new TpoError('Invalid', `--start must be a date as YYYY-MM-DD, got "${options.start}"`);
        now = Date.parse(`${options.start}T00:00:00Z`) / 1000;
      }
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
