/**
 * Planning commands: `tpo plan` (the order of work within a WIP limit) and `tpo forecast` (Monte Carlo dates,
 * how many by a date, one item in words, and the backtest of the forecasts on the team's own history).
 */
import type { Command } from 'commander';
import {
  formatPlan,
  getBacktest,
  getForecast,
  getPlan,
  type BacktestReport,
  type ForecastReport,
  type PlanReport,
  type ThroughputReport,
} from '../../app/index.js';
import { TpoError } from '../../domain/index.js';
import { formatNumber, formatPercent, printJson, renderTable } from '../render.js';
import {
  parseDay,
  parsePositiveInt,
  parseScheme,
  withCommonOptions,
  withWorkspace,
  type CommonOptions,
} from '../options.js';

const SOURCES = ['backlog', 'tracker', 'git'] as const;
type Source = (typeof SOURCES)[number];

function parseSource(value: string): Source {
  if (!(SOURCES as readonly string[]).includes(value))
    throw new TpoError('Invalid', `--source must be one of ${SOURCES.join(', ')}, got "${value}"`);
  return value as Source;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new TpoError('Invalid', `--seed must be a whole number from 0 to 4294967295, got "${value}"`);
  return n;
}

function collectInt(name: string): (value: string, previous: number[] | undefined) => number[] {
  const parse = parsePositiveInt(name);
  return (value, previous) => [...(previous ?? []), ...value.split(',').map((v) => parse(v.trim()))];
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function figure(n: number): string {
  return formatNumber(n, Number.isInteger(n) ? 0 : 2);
}

function describeThroughput(t: ThroughputReport): string {
  return `throughput: ${t.label}, ${t.weeks} week${t.weeks === 1 ? '' : 's'} (${new Date(t.windowStart * 1000).toISOString().slice(0, 10)} to ${new Date(t.end * 1000).toISOString().slice(0, 10)}), ${formatNumber(t.items)} finished, ${formatNumber(t.mean, 1)} a week${t.varianceRatio > 1 ? `; busy and quiet weeks come in runs (variance ratio ${formatNumber(t.varianceRatio, 1)}), so the rate is as uncertain as from ${formatNumber(t.effectiveWeeks, 1)} independent weeks` : ''}`;
}

function printPlan(plan: PlanReport): void {
  const label = plan.scheme.toUpperCase();
  const lines = [
    `Plan: ${plan.items.length} open item${plan.items.length === 1 ? '' : 's'}, WIP ${plan.wip}, by ${label}${plan.judged > 0 ? ` (tech-adjusted for ${plan.judged} judged item${plan.judged === 1 ? '' : 's'})` : ''}`,
    '',
    renderTable(plan.items, [
      { header: '#', value: (p) => p.position, align: 'right' },
      { header: 'id', value: (p) => p.id },
      { header: 'status', value: (p) => p.status },
      { header: 'lane', value: (p) => p.lane, align: 'right' },
      { header: 'starts after', value: (p) => p.startsAfter.join(', ') || '-' },
      {
        header: 'effort',
        value: (p) => `${figure(p.effortWeeks)} pw${p.effortAssumed ? '?' : ''}`,
        align: 'right',
      },
      { header: 'weight', value: (p) => figure(p.weight), align: 'right' },
      {
        header: label,
        value: (p) => (p.adjustedScore === null ? '-' : figure(p.adjustedScore)),
        align: 'right',
      },
      { header: 'title', value: (p) => short(p.title, 48) },
    ]),
  ];
  const why = plan.items.filter((p) => p.reasons.some((r) => r.kind !== 'score') || p.weightReason);
  if (why.length > 0) {
    lines.push('', 'Why:');
    for (const p of why)
      lines.push(
        `  ${p.id}: ${[...p.reasons.filter((r) => r.kind !== 'score').map((r) => r.text), ...(p.weightReason ? [p.weightReason] : [])].join('; ')}`,
      );
  }
  if (plan.suggested.length > 0) {
    lines.push('', 'Suggested dependencies (not applied; accept one with "tpo block <blocker> <blocked>"):');
    for (const s of plan.suggested) lines.push(`  ${s.blocker} before ${s.blocked}: ${s.reason}`);
  }
  for (const n of plan.notices) lines.push(`notice: ${n}`);
  lines.push(
    '',
    `"?" marks an assumed effort; weight is the units of throughput an item uses in a forecast. Order: explicit dependencies first, then ${label}; see src/judgment/plan-rationale.md.`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printForecast(report: ForecastReport): void {
  const lines: string[] = [];
  const head = `Forecast from ${report.start}, ${formatNumber(report.trials)} trials (seed ${report.seed}), plan of ${report.plan.items} items at WIP ${report.plan.wip}; ${describeThroughput(report.throughput)}.`;
  if (report.item) {
    const f = report.item;
    lines.push(
      `${f.id} "${f.title}" (${f.position} of ${report.items.length} to finish): ${f.words}.`,
      `  dates: P50 ${f.p50.date ?? 'beyond'}, P85 ${f.p85.date ?? 'beyond'}, P95 ${f.p95.date ?? 'beyond'}`,
    );
    if (f.weightReason) lines.push(`  ${f.weightReason}`);
    lines.push('', head);
  } else if (report.howMany) {
    const h = report.howMany;
    lines.push(
      `${h.words.charAt(0).toUpperCase()}${h.words.slice(1)}.`,
      '',
      renderTable(
        [
          ['50 %', h.p50],
          ['85 %', h.p85],
          ['95 %', h.p95],
        ] as const,
        [
          { header: 'likelihood', value: (r) => r[0] },
          {
            header: `items done by ${h.date}`,
            value: (r) => `at least ${r[1]} of ${h.planned}`,
            align: 'right',
          },
        ],
      ),
      '',
      head,
    );
  } else {
    lines.push(
      head,
      '',
      renderTable(report.items, [
        { header: '#', value: (f) => f.position, align: 'right' },
        { header: 'id', value: (f) => f.id },
        { header: 'P50', value: (f) => f.p50.date ?? 'beyond' },
        { header: 'P85', value: (f) => f.p85.date ?? 'beyond' },
        { header: 'P95', value: (f) => f.p95.date ?? 'beyond' },
        { header: 'weight', value: (f) => figure(f.weight), align: 'right' },
        { header: 'title', value: (f) => short(f.title, 48) },
      ]),
      '',
      'P85 is the date by which 85 % of the trials had finished the item; items are listed in the order they are expected to finish. Method: src/judgment/forecast-rationale.md.',
    );
  }
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printBacktest(report: BacktestReport): void {
  const lines = [
    `Backtest on ${report.label}: ${formatNumber(report.finished)} finished, forecasts every ${report.stepDays} days from ${report.from ?? '-'} to ${report.to ?? '-'}, each from the ${report.windowWeeks} weeks before it (${formatNumber(report.trials)} trials)${report.skipped > 0 ? `; ${report.skipped} dates skipped (fewer than 10 finished in the window)` : ''}.`,
    '',
    renderTable(report.horizons, [
      { header: 'next N items', value: (h) => h.items, align: 'right' },
      { header: 'forecasts', value: (h) => h.forecasts, align: 'right' },
      { header: 'P50 held', value: (h) => (h.forecasts ? formatPercent(h.p50.rate) : '-'), align: 'right' },
      { header: 'P85 held', value: (h) => (h.forecasts ? formatPercent(h.p85.rate) : '-'), align: 'right' },
      { header: 'P95 held', value: (h) => (h.forecasts ? formatPercent(h.p95.rate) : '-'), align: 'right' },
    ]),
    '',
    'A calibrated forecast holds about 50 %, 85 % and 95 % of the time. Successive forecasts overlap, so the sample overstates the independent evidence; see src/judgment/forecast-rationale.md.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface ForecastFlags extends CommonOptions {
  trials?: number;
  seed?: number;
  start?: string;
  by?: string;
  source?: Source;
  window?: number;
  wip?: number;
  scheme?: 'rice' | 'wsjf';
  backtest?: boolean;
  horizon?: number[];
  step?: number;
}

export function registerPlanCommands(program: Command): void {
  withCommonOptions(
    program
      .command('plan')
      .description(
        'the order of work: explicit dependencies first, then tech-adjusted RICE (or WSJF), within a WIP limit; with suggested dependencies',
      )
      .option('--wip <n>', 'items in progress at once (default 3)', parsePositiveInt('--wip'))
      .option('--scheme <scheme>', 'rice or wsjf', parseScheme)
      .option('--markdown', 'print Markdown'),
  ).action(
    async (options: CommonOptions & { wip?: number; scheme?: 'rice' | 'wsjf'; markdown?: boolean }) => {
      await withWorkspace(options, async (ws) => {
        const plan = await getPlan(ws, {
          ...(options.wip !== undefined ? { wip: options.wip } : {}),
          ...(options.scheme ? { scheme: options.scheme } : {}),
        });
        if (options.json) return printJson(plan);
        if (options.markdown) return void process.stdout.write(formatPlan(plan));
        printPlan(plan);
      });
    },
  );

  withCommonOptions(
    program
      .command('forecast')
      .argument('[id]', 'one item: when it will be done, in words')
      .description(
        'Monte Carlo forecast over the plan from past weekly throughput: P50/P85/P95 dates per item, how many by a date, or a backtest',
      )
      .option(
        '--trials <n>',
        'Monte Carlo trials (default 10000; 2000 for each past forecast with --backtest)',
        parsePositiveInt('--trials'),
      )
      .option('--seed <n>', 'seed of the random numbers (default 1): same seed, same forecast', parseSeed)
      .option(
        '--start <YYYY-MM-DD>',
        'start the forecast on this day (default today; with --backtest, replay the history up to it)',
      )
      .option('--by <YYYY-MM-DD>', 'how many items will be done by the end of this day')
      .option(
        '--source <source>',
        `throughput from ${SOURCES.join(', ')} (default: the first with 10 finished)`,
        parseSource,
      )
      .option(
        '--window <weeks>',
        'weeks of throughput history sampled (default 12)',
        parsePositiveInt('--window'),
      )
      .option('--wip <n>', 'items in progress at once (default 3)', parsePositiveInt('--wip'))
      .option('--scheme <scheme>', 'rice or wsjf', parseScheme)
      .option('--backtest', 'replay the history: how often past P50/P85/P95 forecasts held')
      .option(
        '--horizon <n>',
        'backtest: forecasts of the next n items (repeat; default 5, 10, 20)',
        collectInt('--horizon'),
      )
      .option(
        '--step <days>',
        'backtest: days between forecast dates (default 10)',
        parsePositiveInt('--step'),
      ),
  ).action(async (id: string | undefined, options: ForecastFlags) => {
    const start = options.start !== undefined ? parseDay('--start', options.start) : undefined;
    const by = options.by !== undefined ? parseDay('--by', options.by, true) : undefined;
    if (options.backtest && (id !== undefined || by !== undefined))
      throw new TpoError('Invalid', '--backtest replays the history; it takes no item and no --by');
    if (!options.backtest && (options.horizon !== undefined || options.step !== undefined))
      throw new TpoError('Invalid', '--horizon and --step go with --backtest');
    await withWorkspace(options, async (ws) => {
      const common = {
        ...(options.source ? { source: options.source } : {}),
        ...(options.window !== undefined ? { windowWeeks: options.window } : {}),
        ...(options.trials !== undefined ? { trials: options.trials } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      };
      if (options.backtest) {
        const report = await getBacktest(ws, {
          ...common,
          ...(start !== undefined ? { now: start } : {}),
          ...(options.horizon ? { horizons: options.horizon } : {}),
          ...(options.step !== undefined ? { stepDays: options.step } : {}),
        });
        if (options.json) return printJson(report);
        return printBacktest(report);
      }
      const report = await getForecast(ws, {
        ...common,
        ...(start !== undefined ? { start } : {}),
        ...(by !== undefined ? { by } : {}),
        ...(id !== undefined ? { id } : {}),
        ...(options.wip !== undefined ? { wip: options.wip } : {}),
        ...(options.scheme ? { scheme: options.scheme } : {}),
      });
      if (options.json) return printJson(report);
      printForecast(report);
    });
  });
}
