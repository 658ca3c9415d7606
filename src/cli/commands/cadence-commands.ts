/**
 * Scrum and Kanban commands: `tpo cadence`, `tpo wip list|set`, `tpo sprint add|list|plan|start|status|forecast`
 * and `tpo flow`. Thin: parse, call the app, print.
 */
import { InvalidArgumentError, type Command } from 'commander';
import {
  addSprint,
  getCadence,
  getFlow,
  getSprintForecast,
  getSprintPlan,
  getSprintStatus,
  listSprints,
  setCadence,
  setWipLimit,
  startSprint,
  type FlowReport,
  type SprintForecastReport,
  type SprintPlanReport,
  type SprintStatusReport,
} from '../../app/index.js';
import { CADENCES, WIP_STATUSES, type CadenceSettings, type SprintMember } from '../../domain/index.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';
import { formatDate, formatNumber, formatPercent, printJson, renderTable } from '../render.js';

const CADENCE_WORDS: Record<string, string> = {
  scrum: 'Scrum: sprints planned against capacity and velocity',
  kanban: 'Kanban: WIP limits and flow',
  hybrid: 'hybrid: sprints with WIP limits',
};

function figure(n: number): string {
  return formatNumber(n, Number.isInteger(n) ? 0 : n * 10 === Math.round(n * 10) ? 1 : 2);
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function write(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describeLimits(settings: CadenceSettings): string {
  const entries = WIP_STATUSES.filter((s) => settings.wipLimits[s] !== undefined).map(
    (s) => `${s} ${settings.wipLimits[s]!}`,
  );
  return entries.length === 0 ? 'none' : entries.join(', ');
}

function printCadence(settings: CadenceSettings): void {
  write([
    `Cadence: ${CADENCE_WORDS[settings.cadence]!}.`,
    `WIP limits: ${describeLimits(settings)}.`,
    ...(settings.updatedAt === null
      ? [`(the default; choose with "tpo cadence ${CADENCES.join('|')}")`]
      : [`(set ${formatDate(settings.updatedAt)})`]),
  ]);
}

/** `alice=8` -> { name: 'alice', days: 8 }, repeatable. */
function collectMember(value: string, previous: SprintMember[] | undefined): SprintMember[] {
  const m = /^(.+?)=(\d+(?:\.\d+)?)$/.exec(value.trim());
  if (!m)
    throw new InvalidArgumentError(
      `--member must be written name=person-days, such as alice=8, got "${value}"`,
    );
  return [...(previous ?? []), { name: m[1]!.trim(), days: Number(m[2]) }];
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`--capacity must be person-days above 0, got "${value}"`);
  return n;
}

function parseLimit(value: string): number | null {
  if (value === 'none') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`a WIP limit is a whole number from 1, or "none", got "${value}"`);
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError(`--seed must be a whole number from 0 to 4294967295, got "${value}"`);
  return n;
}

function printSprintPlan(report: SprintPlanReport): void {
  const s = report.sprint;
  const lines = [
    `Sprint "${s.name}" (${s.start ?? '?'} to ${s.end ?? '?'}): ${report.committed ? 'committed' : 'proposed'} ${report.selected.length} item${report.selected.length === 1 ? '' : 's'}, ${figure(report.plannedDays)} of ${figure(report.limitDays)} person-days.`,
    `Plans to ${report.limitReason}.`,
    '',
  ];
  if (report.selected.length > 0)
    lines.push(
      renderTable(report.selected, [
        { header: '#', value: (c) => c.position, align: 'right' },
        { header: 'id', value: (c) => c.id },
        { header: 'status', value: (c) => c.status },
        {
          header: 'person-days',
          value: (c) => `${figure(c.sizeDays)}${c.technical ? ' *' : c.sizeAssumed ? ' ?' : ''}`,
          align: 'right',
        },
        { header: 'total', value: (c) => figure(c.cumulativeDays), align: 'right' },
        { header: 'title', value: (c) => short(c.title, 50) },
      ]),
    );
  else lines.push('Nothing fits.');
  const technical = report.selected.filter((c) => c.sizeReason);
  if (technical.length > 0) {
    lines.push('', '* bigger than it looks, counted at its technical size:');
    for (const c of technical) lines.push(`  ${c.id}: ${c.sizeReason!}`);
  }
  if (report.skipped.length > 0) {
    lines.push('', 'Left out:');
    for (const k of report.skipped) lines.push(`  ${k.id} "${short(k.title, 40)}": ${k.text}`);
    if (report.skippedTotal > report.skipped.length)
      lines.push(
        `  … and ${report.skippedTotal - report.skipped.length} more (smaller items further down filled the sprint)`,
      );
  }
  if (report.velocity.meanDays !== null)
    lines.push(
      '',
      `Velocity: ${figure(report.velocity.meanDays)} person-days (${figure(report.velocity.meanItems!)} items) a sprint over ${report.velocity.sprints.map((v) => v.name).join(', ')}.`,
    );
  for (const n of report.notices) lines.push(`notice: ${n}`);
  if (!report.committed)
    lines.push(
      '',
      `Commit it with "tpo sprint plan \\"${s.name}\\" --commit", or "tpo sprint start \\"${s.name}\\"".`,
    );
  write(lines);
}

/** A burndown as text: one bar per day, remaining against the ideal line. */
function renderBurndown(status: SprintStatusReport): string[] {
  const max = Math.max(status.committedDays, 1);
  const width = 30;
  return status.burndown.map((p) => {
    const bar = p.remainingDays === null ? '' : '#'.repeat(Math.round((p.remainingDays / max) * width));
    return `  ${p.day}  ${bar.padEnd(width)}  ${p.remainingDays === null ? '      -' : figure(p.remainingDays).padStart(7)}  (ideal ${figure(p.idealDays)})`;
  });
}

function printSprintStatus(status: SprintStatusReport): void {
  const lines = [
    `Sprint "${status.name}" (${status.start ?? '?'} to ${status.end ?? '?'}), ${status.state}${status.goal ? `: ${status.goal}` : ''}.`,
    `Committed ${status.committedItems} item${status.committedItems === 1 ? '' : 's'}, ${figure(status.committedDays)} person-days; done ${status.doneItems} (${figure(status.doneDays)} person-days)${status.capacityDays !== null ? `; capacity ${figure(status.capacityDays)} person-days` : ''}.`,
    '',
  ];
  if (status.items.length > 0)
    lines.push(
      renderTable(status.items, [
        { header: 'id', value: (i) => i.id },
        { header: 'status', value: (i) => i.status },
        {
          header: 'person-days',
          value: (i) => `${figure(i.sizeDays)}${i.technical ? ' *' : ''}`,
          align: 'right',
        },
        { header: 'title', value: (i) => short(i.title, 50) },
      ]),
    );
  if (status.burndown.length > 0)
    lines.push('', 'Burndown (person-days left at the end of each day):', ...renderBurndown(status));
  if (status.items.some((i) => i.technical))
    lines.push('', '* counted at its technical size (bigger than it looks).');
  if (status.velocity.meanDays !== null)
    lines.push(
      '',
      `Velocity: ${figure(status.velocity.meanDays)} person-days a sprint over ${status.velocity.sprints.length} finished sprint${status.velocity.sprints.length === 1 ? '' : 's'}${status.velocity.focusFactor !== null ? `, ${formatPercent(status.velocity.focusFactor)} of capacity` : ''}.`,
    );
  for (const n of status.notices) lines.push(`notice: ${n}`);
  write(lines);
}

function printSprintForecast(report: SprintForecastReport): void {
  const lines = [
    `${report.words.charAt(0).toUpperCase()}${report.words.slice(1)}.`,
    '',
    renderTable(report.items, [
      { header: '#', value: (f) => f.position, align: 'right' },
      { header: 'id', value: (f) => f.id },
      {
        header: 'person-days',
        value: (f) => `${figure(f.sizeDays)}${f.technical ? ' *' : ''}`,
        align: 'right',
      },
      { header: 'P50', value: (f) => (f.p50 === null ? 'beyond' : `${f.p50} sprints`), align: 'right' },
      { header: 'P85', value: (f) => (f.p85 === null ? 'beyond' : `${f.p85} sprints`), align: 'right' },
      { header: 'P95', value: (f) => (f.p95 === null ? 'beyond' : `${f.p95} sprints`), align: 'right' },
      { header: 'title', value: (f) => short(f.title, 44) },
    ]),
    '',
    `From the person-days done in ${report.samples.map((s) => `${s.name} (${figure(s.doneDays)})`).join(', ')}; ${formatNumber(report.trials)} trials (seed ${report.seed}). P85: done within that many sprints in 85 % of the trials. * counted at its technical size.`,
  ];
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  write(lines);
}

function printFlow(flow: FlowReport): void {
  const ct = flow.cycleTime;
  const lines = [
    `Flow from ${flow.window.start} to ${flow.window.end} (${flow.window.weeks} weeks), cadence ${flow.cadence}.`,
    `Throughput: ${flow.throughput.total} finished, ${figure(flow.throughput.meanPerWeek)} a week (weekly: ${flow.throughput.weekly.join(' ') || '-'}).`,
    ct.count === 0
      ? 'Cycle time: no finished item with a start in the window.'
      : `Cycle time (calendar days, ${ct.count} item${ct.count === 1 ? '' : 's'}): P50 ${ct.p50!}, P70 ${ct.p70!}, P85 ${ct.p85!}, P95 ${ct.p95!}.`,
    '',
    renderTable(flow.columns, [
      { header: 'status', value: (c) => c.status },
      {
        header: 'items',
        value: (c) => (c.status === 'done' ? `${c.count} (14 days)` : c.count),
        align: 'right',
      },
      { header: 'WIP limit', value: (c) => (c.limit === null ? '-' : c.limit), align: 'right' },
      { header: '', value: (c) => (c.over ? 'OVER' : '') },
    ]),
  ];
  if (flow.aging.length > 0) {
    lines.push(
      '',
      'Work in progress, oldest first:',
      renderTable(flow.aging, [
        { header: 'id', value: (a) => a.id },
        { header: 'started', value: (a) => a.started },
        { header: 'age (days)', value: (a) => a.ageDays, align: 'right' },
        { header: '', value: (a) => (a.overP85 ? `aging: older than P85 (${ct.p85!} days)` : '') },
        { header: 'title', value: (a) => short(a.title, 44) },
      ]),
    );
  }
  if (flow.breaches.length > 0) {
    lines.push('', 'WIP-limit breaches:');
    for (const b of flow.breaches)
      lines.push(
        `  ${b.status}: over its limit of ${b.limit} on ${b.days} of the window's days (at most ${b.worst})${b.now ? ', and now' : ''}`,
      );
  }
  for (const w of flow.warnings) lines.push(`warning: ${w}`);
  lines.push(
    '',
    'Definitions: src/judgment/cadence-rationale.md. Cumulative flow per day: --json (cumulativeFlow).',
  );
  write(lines);
}

export function registerCadenceCommands(program: Command): void {
  withCommonOptions(
    program
      .command('cadence')
      .argument('[cadence]', `how the team works: ${CADENCES.join(', ')} (hybrid: sprints with WIP limits)`)
      .description("show or set the workspace's cadence (Scrum, Kanban or hybrid) and its WIP limits"),
  ).action(async (cadence: string | undefined, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const settings =
        cadence === undefined ? await getCadence(ws.store) : await setCadence(ws.store, cadence);
      if (options.json) return printJson(settings);
      printCadence(settings);
    });
  });

  const wip = program.command('wip').description('WIP limits per status (Kanban and hybrid)');
  withCommonOptions(
    wip.command('list', { isDefault: true }).description('the WIP limits with the items in each status now'),
  ).action(async (options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const flow = await getFlow(ws.store);
      const rows = flow.wip;
      if (options.json) return printJson({ cadence: flow.cadence, wipLimits: flow.wipLimits, wip: rows });
      write([
        renderTable(rows, [
          { header: 'status', value: (w) => w.status },
          { header: 'items', value: (w) => w.count, align: 'right' },
          { header: 'WIP limit', value: (w) => (w.limit === null ? '-' : w.limit), align: 'right' },
          { header: '', value: (w) => (w.over ? 'OVER' : '') },
        ]),
        ...flow.warnings.filter((w) => w.includes('WIP limits')).map((w) => `notice: ${w}`),
      ]);
    });
  });
  withCommonOptions(
    wip
      .command('set')
      .argument('<status>', `an open status: ${WIP_STATUSES.join(', ')}`)
      .argument('<limit>', 'most items in it at once, or "none" to remove the limit', parseLimit)
      .description('set (or remove) the WIP limit of a status'),
  ).action(async (status: string, limit: number | null, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const settings = await setWipLimit(ws.store, status, limit);
      if (options.json) return printJson(settings);
      write([
        limit === null ? `No WIP limit on ${status}.` : `WIP limit of ${status}: ${limit}.`,
        `WIP limits: ${describeLimits(settings)}.`,
      ]);
    });
  });

  const sprint = program
    .command('sprint')
    .description('Scrum: sprints with capacity, plan, burndown, velocity');
  withCommonOptions(
    sprint
      .command('add')
      .argument('<name>', 'the sprint\'s name, e.g. "Sprint 12"')
      .requiredOption('--start <YYYY-MM-DD>', 'its first day')
      .requiredOption('--end <YYYY-MM-DD>', 'its last day (included)')
      .option(
        '--capacity <person-days>',
        "the capacity (default: the members' availability added up)",
        parseDays,
      )
      .option('--member <name=days>', "a member's availability in person-days (repeat)", collectMember)
      .option('--goal <text>', 'the sprint goal')
      .description('add a sprint (or give dates and capacity to one an import named)'),
  ).action(
    async (
      name: string,
      options: CommonOptions & {
        start: string;
        end: string;
        capacity?: number;
        member?: SprintMember[];
        goal?: string;
      },
    ) => {
      await withWorkspace(options, async (ws) => {
        const added = await addSprint(ws.store, {
          name,
          start: options.start,
          end: options.end,
          ...(options.capacity !== undefined ? { capacityDays: options.capacity } : {}),
          ...(options.member ? { members: options.member } : {}),
          ...(options.goal !== undefined ? { goal: options.goal } : {}),
        });
        if (options.json) return printJson(added);
        const capacity = added.capacityDays ?? added.members.reduce((s, m) => s + m.days, 0);
        write([
          `Sprint "${added.name}" added: ${added.start!} to ${added.end!}, capacity ${figure(capacity)} person-days${added.members.length > 0 ? ` (${added.members.map((m) => `${m.name} ${figure(m.days)}`).join(', ')})` : ''}.`,
          `Plan it with "tpo sprint plan \\"${added.name}\\"".`,
        ]);
      });
    },
  );

  withCommonOptions(
    sprint.command('list').description('every sprint: dates, state, committed versus done'),
  ).action(async (options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const sprints = await listSprints(ws.store);
      if (options.json) return printJson({ sprints });
      if (sprints.length === 0)
        return write([
          'No sprints. Add one with "tpo sprint add \\"Sprint 1\\" --start 2026-03-02 --end 2026-03-13 --capacity 40".',
        ]);
      write([
        renderTable(sprints, [
          { header: 'sprint', value: (s) => s.name },
          { header: 'start', value: (s) => s.start ?? '-' },
          { header: 'end', value: (s) => s.end ?? '-' },
          { header: 'state', value: (s) => s.state },
          {
            header: 'capacity',
            value: (s) => (s.capacityDays === null ? '-' : figure(s.capacityDays)),
            align: 'right',
          },
          {
            header: 'committed',
            value: (s) => `${s.committedItems} (${figure(s.committedDays)} pd)`,
            align: 'right',
          },
          { header: 'done', value: (s) => `${s.doneItems} (${figure(s.doneDays)} pd)`, align: 'right' },
        ]),
        '',
        'pd: person-days. An undated sprint came from an import: give it dates with "tpo sprint add <name> --start … --end … --capacity …".',
      ]);
    });
  });

  withCommonOptions(
    sprint
      .command('plan')
      .argument('[name]', 'the sprint (default: the next one not started)')
      .option('--commit', "save the proposal as the sprint's committed items")
      .description(
        'propose the sprint from the ranked plan within its capacity; items bigger than they look count at their technical size',
      ),
  ).action(async (name: string | undefined, options: CommonOptions & { commit?: boolean }) => {
    await withWorkspace(options, async (ws) => {
      const report = await getSprintPlan(ws, {
        ...(name !== undefined ? { name } : {}),
        ...(options.commit ? { commit: true } : {}),
      });
      if (options.json) return printJson(report);
      printSprintPlan(report);
    });
  });

  withCommonOptions(
    sprint
      .command('start')
      .argument('<name>', 'the sprint')
      .description("start a sprint: commits the plan's proposal if nothing is committed yet"),
  ).action(async (name: string, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const status = await startSprint(ws, name);
      if (options.json) return printJson(status);
      printSprintStatus(status);
    });
  });

  withCommonOptions(
    sprint
      .command('status')
      .argument('[name]', 'the sprint (default: the active one)')
      .description('committed versus done and the burndown of a sprint, with the velocity of past sprints'),
  ).action(async (name: string | undefined, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const status = await getSprintStatus(ws.store, name !== undefined ? { name } : {});
      if (options.json) return printJson(status);
      printSprintStatus(status);
    });
  });

  withCommonOptions(
    sprint
      .command('forecast')
      .option('--trials <n>', 'Monte Carlo trials (default 10000)', parsePositiveInt('--trials'))
      .option('--seed <n>', 'seed of the random numbers (default 1)', parseSeed)
      .description('in how many sprints the open plan will be done, from the velocity of finished sprints'),
  ).action(async (options: CommonOptions & { trials?: number; seed?: number }) => {
    await withWorkspace(options, async (ws) => {
      const report = await getSprintForecast(ws, {
        ...(options.trials !== undefined ? { trials: options.trials } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      });
      if (options.json) return printJson(report);
      printSprintForecast(report);
    });
  });

  withCommonOptions(
    program
      .command('flow')
      .option('--window <weeks>', 'weeks of history (default 12)', parsePositiveInt('--window'))
      .description(
        'Kanban flow: throughput, cycle-time percentiles, work-item age (aging over P85 flagged), WIP against limits, cumulative flow',
      ),
  ).action(async (options: CommonOptions & { window?: number }) => {
    await withWorkspace(options, async (ws) => {
      const flow = await getFlow(
        ws.store,
        options.window !== undefined ? { windowWeeks: options.window } : {},
      );
      if (options.json) return printJson(flow);
      printFlow(flow);
    });
  });
}
