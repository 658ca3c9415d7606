/**
 * `tpo review [<base>..<head>]`: a technical product owner's look at a branch or pull request, with a CI gate.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  formatReview,
  isRiskAtLeast,
  replayMissingCoChanges,
  reviewChange,
  type ReplayResult,
  type ReviewFormat,
} from '../../app/index.js';
import type { RiskLevel } from '../../domain/index.js';
import { GATE_FAILED, requestExitStatus } from '../exit-status.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';
import { formatPercent, printJson } from '../render.js';
import { readVersion } from '../version.js';

interface ReviewCliOptions extends CommonOptions {
  readonly item?: string[];
  readonly format: ReviewFormat;
  readonly failOn?: RiskLevel;
  readonly replay?: number | true;
  readonly horizon?: number;
  readonly minConfidence?: number;
  readonly minShared?: number;
}

function parseShare(value: string): number {
  const n = Number(value.endsWith('%') ? value.slice(0, -1) : value) / (value.endsWith('%') ? 100 : 1);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(
      `--min-confidence must be a positive whole number or decimal between 0 and 1 (or a percentage), got "${value}"`,
    );
  return n;
}

function printReplay(r: ReplayResult): void {
  const p = (x: number | null): string => (x === null ? '-' : formatPercent(x));
  const lines = [
    `Replayed ${r.replayed} merged change sets of ${r.repo}, each against only the history before it.`,
    `  ${r.warnings} "missing co-change" warnings on ${r.warned} change sets (confidence >= ${formatPercent(r.options.minConfidence)}, shared >= ${r.options.minShared})`,
    `  precision: ${p(r.precision)} of the warned files changed within the next ${r.horizon} change sets (${r.hits} of ${r.warnings}); strongest warning only: ${p(r.topPrecision)}`,
    `  base rate: a file picked at random among those seen changed within the horizon ${r.baseRate === null ? '-' : `${(r.baseRate * 100).toFixed(1)} %`} of the time`,
    '  by confidence:',
    ...r.byConfidence.map(
      (b) =>
        `    >= ${formatPercent(b.from)}: ${b.hits} of ${b.warnings} (${p(b.warnings > 0 ? b.hits / b.warnings : null)})`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerReviewCommand(program: Command): void {
  withCommonOptions(
    program
      .command('review')
      .argument(
        '[range]',
        '"base..head" (or base...head, or just base with head = HEAD); default: the default branch against HEAD',
      )
      .description(
        'review a branch or pull request: complexity added, new debt markers, likely missing files, hotspots, modules reached, reviewers, risk',
      )
      .option(
        '--item <id...>',
        'the backlog items the change serves (references like T-42 or #123 are found too)',
      )
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['text', 'markdown', 'json', 'sarif'])
          .default('text'),
      )
      .option(
        '--min-confidence <share>',
        'least confidence of a missing co-change, 0-1 or a percentage (default 0.6)',
        parseShare,
      )
      .option(
        '--min-shared <n>',
        'least past change sets shared for a missing co-change (default 3)',
        parsePositiveInt('--min-shared'),
      )
      .option(
        '--replay [n]',
        'measure the missing co-change warnings on the last n merged change sets of history (default 1000) instead of reviewing',
        parsePositiveInt('--replay'),
      )
      .option(
        '--horizon <n>',
        'with --replay: a warning is right when its file changes in the next n change sets (default 5)',
        parsePositiveInt('--horizon'),
      )
      .addOption(
        new Option(
          '--fail-on <level>',
          `exit with status ${GATE_FAILED} when the risk is at or above this level`,
        ).choices(['low', 'medium', 'high']),
      ),
  ).action(async (range: string | undefined, options: ReviewCliOptions) => {
    const missingCoChange = {
      ...(options.minConfidence !== undefined ? { minConfidence: options.minConfidence } : {}),
      ...(options.minShared !== undefined ? { minShared: options.minShared } : {}),
    };
    await withWorkspace(options, async (ws) => {
      if (options.replay !== undefined) {
        const result = await replayMissingCoChanges(ws.repo, ws.store, {
          ...(options.replay !== true ? { last: options.replay } : {}),
          ...(options.horizon !== undefined ? { horizon: options.horizon } : {}),
          missingCoChange,
        });
        return options.json ? printJson(result) : printReplay(result);
      }
      const report = await reviewChange(ws.repo, ws.store, {
        ...(range !== undefined ? { range } : {}),
        ...(options.item ? { itemIds: options.item } : {}),
        missingCoChange,
      });
      const format: ReviewFormat = options.json ? 'json' : options.format;
      process.stdout.write(formatReview(report, format, readVersion()));
      if (options.failOn !== undefined && isRiskAtLeast(report, options.failOn)) {
        if (format !== 'text')
          process.stderr.write(
            `tpo: review risk is ${report.risk.level}, at or above --fail-on ${options.failOn}\n`,
          );
        requestExitStatus(GATE_FAILED);
      }
    });
  });
}
