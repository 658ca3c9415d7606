/**
 * Commands over technical debt: `tpo debt` (the register) and `tpo health` (code health 1-10).
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  ensureScanned,
  fileDebt,
  formatDebtRegister,
  getCodeHealth,
  getDebtRegister,
  getItemTradeoff,
  getTradeoff,
} from '../../app/index.js';
import { TpoError, type DebtRegister } from '../../domain/index.js';
import { formatNumber, formatPercent, printJson, renderTable } from '../render.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';
import { readVersion } from '../version.js';

interface DebtCliOptions extends CommonOptions {
  readonly markdown?: boolean;
  readonly sarif?: boolean;
  readonly limit?: number;
  readonly rate?: number;
  readonly currency?: string;
  readonly hoursPerChange?: number;
  readonly until?: string;
}

/** Parses a non-negative number option (money per hour, hours). */
export function parseNonNegative(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be a positive whole number or decimal, got "${value}"`);
    return n;
  };
}

function printDebtText(r: DebtRegister): void {
  const cur = r.model.currency;
  const out = [
    `Technical debt in ${r.repo} at ${r.headCommit.slice(0, 12)}: ${formatNumber(r.totals.entries)} debts`,
    `  interest   ${formatNumber(r.totals.interestHoursPerMonth, 1)} h a month = ${formatNumber(r.totals.interestMoneyPerMonth)} ${cur} a month (at ${formatNumber(r.model.hourlyRate)} ${cur} an hour)`,
    `  principal  ${formatNumber(r.totals.principalHours, 1)} h = ${formatNumber(r.totals.principalMoney)} ${cur} to pay it all down`,
    `  model      ${r.model.kind}: ${r.model.source}`,
    `             ${r.model.sample.note}; ${r.model.baseHoursPerChange} h per change to healthy code`,
    `  health     ${formatNumber(r.health.files)} code files: ${r.health.bands.healthy} healthy (9-10), ${r.health.bands.warning} warning (4-8.9), ${r.health.bands.alert} alert (< 4)`,
    `  markers    ${formatNumber(r.markers.total)} TODO/FIXME/HACK/XXX, ${formatNumber(r.markers.dated)} dated (${formatNumber(r.markers.blamed)} blamed now)`,
    '',
  ];
  if (r.entries.length === 0) out.push('No debt candidates found.');
  else
    out.push(
      'Ranked by interest paid (hours a month lost to it while it stays):',
      renderTable(r.entries, [
        { header: '#', value: (e) => e.rank, align: 'right' },
        { header: 'debt', value: (e) => (e.title.length > 70 ? `${e.title.slice(0, 67)}...` : e.title) },
        { header: 'health', value: (e) => e.health.toFixed(1), align: 'right' },
        {
          header: 'interest/month',
          value: (e) => `${formatNumber(e.cost.interestHoursPerMonth, 1)} h`,
          align: 'right',
        },
        { header: cur, value: (e) => formatNumber(e.cost.interestMoneyPerMonth), align: 'right' },
        { header: 'principal', value: (e) => `${formatNumber(e.cost.principalHours, 1)} h`, align: 'right' },
        {
          header: 'payback',
          value: (e) => (e.cost.paybackMonths === null ? '-' : `${formatNumber(e.cost.paybackMonths, 1)} mo`),
          align: 'right',
        },
      ]),
    );
  for (const n of r.notices) out.push(`notice: ${n}`);
  const first = r.entries.find((e) => !e.id.startsWith('filed:'));
  out.push(
    '',
    'Details: "tpo debt --json" (ids, reasons, areas, markers with dates) or "--markdown".',
    ...(first ? [`File one in the backlog: tpo debt add ${first.id}`] : []),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerDebtCommands(program: Command): void {
  const debt = withCommonOptions(
    program
      .command('debt')
      .description(
        'the debt register: unhealthy hotspots, import cycles, god files, silos, aged markers, with interest and principal',
      )
      .option('--markdown', 'print Markdown (for an issue or a wiki)')
      .option('--sarif', 'print a SARIF 2.1.0 log (for GitHub code scanning)')
      .option('--limit <n>', 'how many debts', parsePositiveInt('--limit'))
      .option(
        '--rate <money>',
        'money per person-hour (default $TPO_HOURLY_RATE, else 100)',
        parseNonNegative('--rate'),
      )
      .option('--currency <code>', 'currency label of the rate (default $TPO_CURRENCY, else USD)')
      .option(
        '--hours-per-change <h>',
        'person-hours a change to healthy code takes (default 4)',
        parseNonNegative('--hours-per-change'),
      )
      .option('--until <rev>', 'at this revision (scans it first if needed)'),
  ).action(async (options: DebtCliOptions) => {
    await withWorkspace(options, async (ws) => {
      await ensureScanned(ws.repo, ws.store, options.until);
      const register = await getDebtRegister(ws.repo, ws.store, {
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.rate !== undefined ? { hourlyRate: options.rate } : {}),
        ...(options.currency !== undefined ? { currency: options.currency } : {}),
        ...(options.hoursPerChange !== undefined ? { baseHoursPerChange: options.hoursPerChange } : {}),
      });
      if (options.json) return printJson(register);
      if (options.sarif)
        return void process.stdout.write(formatDebtRegister(register, 'sarif', readVersion()));
      if (options.markdown)
        return void process.stdout.write(formatDebtRegister(register, 'markdown', readVersion()));
      printDebtText(register);
    });
  });

  withCommonOptions(
    debt
      .command('add')
      .argument(
        '<debt-id>',
        'the id of a debt in the register (the first column of "tpo debt", e.g. unhealthy-hotspot:src/a.ts)',
      )
      .description('file a debt of the register as a backlog item of kind debt, tied to its files'),
  ).action(async (debtId: string, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      await ensureScanned(ws.repo, ws.store, undefined);
      const item = await fileDebt(ws.repo, ws.store, debtId);
      if (options.json) return printJson(item);
      process.stdout.write(
        `Filed ${debtId} as ${item.id}: ${item.title}\n  areas: ${item.areas.join(', ')}\n`,
      );
    });
  });

  withCommonOptions(
    program
      .command('health')
      .argument('[path]', 'a file or folder (default: the whole repository)')
      .description(
        'code health 1-10 per file and module (9-10 healthy, 4-8.9 warning, below 4 alert), worst first',
      )
      .option('--limit <n>', 'files to list', parsePositiveInt('--limit'), 20)
      .option('--until <rev>', 'at this revision (scans it first if needed)'),
  ).action(async (target: string | undefined, options: CommonOptions & { limit: number; until?: string }) => {
    await withWorkspace(options, async (ws) => {
      await ensureScanned(ws.repo, ws.store, options.until);
      const report = await getCodeHealth(ws.repo, ws.store, {
        ...(target !== undefined ? { path: target } : {}),
        limit: options.limit,
      });
      if (options.json) return printJson(report);
      const total = report.bands.healthy + report.bands.warning + report.bands.alert;
      process.stdout.write(
        `${report.path}: code health ${report.score.toFixed(1)} over ${formatNumber(total)} files (${formatPercent(report.bands.healthy / total)} healthy, ${report.bands.warning} warning, ${report.bands.alert} alert)\n\n` +
          `${renderTable(report.modules.slice(0, options.limit), [
            { header: 'module', value: (m) => m.module },
            { header: 'health', value: (m) => m.score.toFixed(1), align: 'right' },
            { header: 'files', value: (m) => m.files, align: 'right' },
            { header: 'alert', value: (m) => m.bands.alert, align: 'right' },
            { header: 'worst file', value: (m) => m.worstFile ?? '-' },
          ])}\n\n` +
          `${renderTable(report.files, [
            { header: 'file', value: (f) => f.path },
            { header: 'health', value: (f) => f.score.toFixed(1), align: 'right' },
            { header: 'band', value: (f) => f.band },
            {
              header: 'why',
              value: (f) =>
                f.factors
                  .slice(0, 3)
                  .map((x) => `${x.reason} (-${x.penalty})`)
                  .join('; ') || '-',
            },
          ])}\n`,
      );
    });
  });

  withCommonOptions(
    program
      .command('tradeoff')
      .argument('[id]', 'a backlog item: its code area, stated effort and the later items in the same code')
      .description(
        'build now or build right: an item (or work on an area) in code with debt, against paying the debt first; break-even in months and a recommendation',
      )
      .option(
        '--area <path...>',
        'instead of an item: the code the work touches (files, folders ending in "/", or globs)',
      )
      .option(
        '--effort <hours>',
        'the work in healthy code, person-hours (with an item: overrides its stated effort x 40 h)',
        parseNonNegative('--effort'),
      )
      .option('--horizon <months>', 'months to look ahead (default 6)', parsePositiveInt('--horizon'))
      .option(
        '--rate <money>',
        'money per person-hour (default $TPO_HOURLY_RATE, else 100)',
        parseNonNegative('--rate'),
      )
      .option('--until <rev>', 'at this revision (scans it first if needed)'),
  ).action(
    async (
      id: string | undefined,
      options: CommonOptions & {
        area?: string[];
        effort?: number;
        horizon?: number;
        rate?: number;
        until?: string;
      },
    ) => {
      if (id === undefined && (options.area === undefined || options.effort === undefined))
        throw new TpoError(
          'Invalid',
          'tradeoff needs an item (tpo tradeoff T-4) or an area and an effort (tpo tradeoff --area src/billing/ --effort 16)',
        );
      if (id !== undefined && options.area !== undefined)
        throw new TpoError('Invalid', 'give an item or --area, not both: the item brings its own area');
      await withWorkspace(options, async (ws) => {
        await ensureScanned(ws.repo, ws.store, options.until);
        const common = {
          ...(options.horizon !== undefined ? { horizonMonths: options.horizon } : {}),
          ...(options.rate !== undefined ? { hourlyRate: options.rate } : {}),
        };
        const itemReport =
          id !== undefined
            ? await getItemTradeoff(ws, id, {
                ...common,
                ...(options.effort !== undefined ? { effortHours: options.effort } : {}),
              })
            : null;
        const report =
          itemReport ??
          (await getTradeoff(ws.repo, ws.store, {
            areas: options.area!,
            effortHours: options.effort!,
            ...common,
          }));
        if (options.json) return printJson(report);
        const t = report.tradeoff;
        const verdict = t.recommendation === 'pay-first' ? 'Pay the debt first' : 'Build now';
        process.stdout.write(
          [
            `${verdict}${itemReport ? ` for ${itemReport.item.id} ${itemReport.item.title}` : ''}${t.breakEvenMonths !== null ? ` (break-even after ${formatNumber(t.breakEvenMonths, 1)} months, horizon ${t.horizonMonths})` : ''}.`,
            ...(itemReport
              ? [
                  `  item       ${formatNumber(itemReport.effortHours, 1)} h in healthy code (${itemReport.effortSource === 'stated' ? 'its stated effort x 40 h' : itemReport.effortSource === 'option' ? '--effort' : 'the effort the plan assumes'}), ${itemReport.item.areaSource} area`,
                  `  later      ${itemReport.upcoming.length === 0 ? 'no later item in the plan touches the same files' : itemReport.upcoming.map((u) => `${u.id} (${formatNumber(u.effortHours, 0)} h, in ${formatNumber(u.inMonths, 1)} months)`).join(', ')}`,
                ]
              : []),
            `  area       ${report.files.length} file${report.files.length === 1 ? '' : 's'}, lowest health ${report.health.toFixed(1)}; interest ${formatNumber(report.debt.cost.interestHoursPerMonth, 1)} h a month`,
            `  build now  ${formatNumber(t.buildNow.hoursToItem, 1)} h for the work, ${formatNumber(t.buildNow.hoursOverHorizon, 1)} h with the interest over the horizon`,
            `  pay first  ${formatNumber(t.payFirst.hoursToItem, 1)} h (principal and work), ${formatNumber(t.payFirst.hoursOverHorizon, 1)} h over the horizon`,
            '',
            ...t.reasons.map((r) => `- ${r}`),
            '',
          ].join('\n'),
        );
      });
    },
  );
}
