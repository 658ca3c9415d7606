/**
 * `tpo locate` (item text -> files it will touch) and `tpo eval` (the model scored on the repository's own history).
 */
import type { Command } from 'commander';
import type { EvaluationReport, Metric } from '../../app/index.js';
// Straight to the module rather than app/index.js: a `tpo locate` answered from the cache loads nothing else.
import { locateFromCache } from '../../app/locate-answer.js';
import { formatPercent, printJson, renderTable } from '../render.js';
import { DEFAULT_LOCATE_LIMIT, printLocateAnswer } from './locate-output.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';

function renderEvaluation(r: EvaluationReport): string {
  const f = (m: Metric): string => m.mean.toFixed(3);
  const out = [
    `${r.repo} at ${r.head.slice(0, 12)}: ${r.changeSets} first-parent change sets, ${r.eligible} eligible, ${r.evaluated} evaluated (seed ${r.seed}) from the newest quarter (${r.evaluationPool}); fitted on ${r.fitting.sampled} of the ${r.fitting.pool} before them`,
    '',
    'Eligibility filters (first match wins)',
    renderTable(r.filters, [
      { header: 'filter', value: (x) => x.reason },
      { header: 'skipped', value: (x) => x.skipped, align: 'right' },
      { header: 'rule', value: (x) => x.rule },
    ]),
    '',
    `Localization (files that existed before each change; ${formatPercent(r.newFileShare)} of changed files were new, ${r.onlyNewFiles} change sets had only new files)`,
    renderTable(
      (['full', 'title'] as const).map((form) => ({ form, m: r.localization[form] })),
      [
        { header: 'query', value: (x) => x.form },
        { header: 'Top-1', value: (x) => f(x.m.top1), align: 'right' },
        { header: 'Top-5', value: (x) => f(x.m.top5), align: 'right' },
        { header: 'Top-10', value: (x) => f(x.m.top10), align: 'right' },
        { header: 'MAP', value: (x) => f(x.m.map), align: 'right' },
        { header: 'MRR', value: (x) => f(x.m.mrr), align: 'right' },
        { header: 'Recall@10', value: (x) => f(x.m.recall10), align: 'right' },
        { header: 'MAP ±', value: (x) => x.m.map.ci95.toFixed(3), align: 'right' },
        { header: 'n', value: (x) => x.m.map.n, align: 'right' },
      ],
    ),
    '',
    `Co-change (query: one changed file; n = ${r.coChange.hit3.n})`,
    renderTable(
      [
        { k: 3, p: r.coChange.precision3, rc: r.coChange.recall3, hit: r.coChange.hit3 },
        { k: 10, p: r.coChange.precision10, rc: r.coChange.recall10, hit: r.coChange.hit10 },
      ],
      [
        { header: 'k', value: (x) => x.k, align: 'right' },
        { header: 'precision', value: (x) => f(x.p), align: 'right' },
        { header: 'recall', value: (x) => f(x.rc), align: 'right' },
        { header: 'hit rate', value: (x) => f(x.hit), align: 'right' },
        { header: 'feedback', value: () => f(r.coChange.feedback3), align: 'right' },
      ],
    ),
    '',
    `Size from the message alone (n = ${r.size.n}; mean absolute error, and against the median of past change sets)`,
    renderTable(
      [
        { what: 'files', x: r.size.files },
        { what: 'lines', x: r.size.lines },
      ],
      [
        { header: 'size', value: (x) => x.what },
        { header: 'MAE', value: (x) => x.x.mae.toFixed(2), align: 'right' },
        { header: 'median MAE', value: (x) => x.x.baselineMae.toFixed(2), align: 'right' },
        { header: 'reduction', value: (x) => formatPercent(x.x.reduction), align: 'right' },
      ],
    ),
    '',
    `Fitted weights: ${Object.entries(r.fitting.fit.model.weights)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; co-change half-life ${r.fitting.fit.coChange.halfLife} change sets, size power ${r.fitting.fit.coChange.sizePower}, name bonus ${r.fitting.fit.coChange.nameBonus} (fused with ${r.fitting.fit.coChangeFused.length - 1} more settings the fit could not tell apart); size neighbours ${r.fitting.fit.sizeNeighbours}`,
    `Ran in ${(r.durationMs / 1000).toFixed(1)} s; one query ${r.queryMs.p50} ms (median), ${r.queryMs.p95} ms (95th percentile)`,
  ];
  return `${out.join('\n')}\n`;
}

export function registerLocateCommands(program: Command): void {
  withCommonOptions(
    program
      .command('locate')
      .argument('<text>', 'what the work is about: an item title, a description, a bug report')
      .description(
        'rank the files a piece of work will touch, with a confidence and the evidence (learned from this repository only)',
      )
      .option('--until <rev>', 'scan up to this revision first and answer with what was known then')
      .option('--limit <n>', 'how many files', parsePositiveInt('--limit'), DEFAULT_LOCATE_LIMIT),
  ).action(async (text: string, options: CommonOptions & { until?: string; limit: number }) => {
    const locateOptions = {
      limit: options.limit,
      ...(options.until !== undefined ? { until: options.until } : {}),
    };
    const answer =
      locateFromCache(options, text, locateOptions) ??
      (await withWorkspace(options, async (ws) =>
        (await import('../../app/index.js')).locateText(ws, text, locateOptions),
      ));
    printLocateAnswer(answer, options.json === true);
  });

  program
    .command('eval')
    .argument('[repo]', 'the git repository (default: the current directory)')
    .description(
      "score localization, co-change and size predictions on the repository's own history (first-parent replay, no look-ahead)",
    )
    .option(
      '--sample <n>',
      'change sets evaluated, drawn from the newest quarter',
      parsePositiveInt('--sample'),
      300,
    )
    .option('--seed <n>', 'seed of the sample', parsePositiveInt('--seed'), 13)
    .option('--until <rev>', 'replay the history of this revision instead of HEAD')
    .option('--json', 'print JSON instead of text')
    .action(
      async (
        repoArg: string | undefined,
        options: { sample: number; seed: number; until?: string; json?: boolean },
      ) => {
        const { evaluateHistory } = await import('../../app/index.js');
        const report = await evaluateHistory(repoArg ?? process.cwd(), {
          sample: options.sample,
          seed: options.seed,
          ...(options.until !== undefined ? { until: options.until } : {}),
        });
        if (options.json) printJson(report);
        else process.stdout.write(renderEvaluation(report));
      },
    );
}
