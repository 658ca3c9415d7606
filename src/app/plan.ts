/**
 * Planning use cases: the plan (order, WIP, suggested dependencies), Monte Carlo forecasts over it, and the
 * backtest of those forecasts on the team's own history. The clock is read here, nowhere below.
 */
import {
  isOpenStatus,
  normalizeItemId,
  TpoError,
  type Item,
  type ItemId,
  type ItemJudgment,
} from '../domain/index.js';
import {
  backtestForecast,
  chooseThroughput,
  computeThroughput,
  forecastCompletion,
  formatLongDate,
  sequencePlan,
  SOURCE_LABEL,
  THROUGHPUT_DEFAULTS,
  toIsoDay,
  type Backtest,
  type BacktestOptions,
  type DebtAreaCost,
  type HowManyForecast,
  type ItemForecast,
  type Plan,
  type RankingScheme,
  type Throughput,
  type ThroughputHistory,
  type ThroughputSource,
} from '../judgment/index.js';
import { loadChangeSets, loadRepoByRoot } from '../store/index.js';
import { renderPlanMarkdown } from '../formats/index.js';
import { listItems } from './backlog.js';
import { getFiledDebtCosts } from './debt.js';
import { loadItemJudgments } from './item-judgments.js';
import type { Workspace } from './open-workspace.js';

type Ws = Pick<Workspace, 'repo' | 'store'>;

export interface PlanOptions {
  /** Items in progress at once (default 3). */
  readonly wip?: number;
  readonly scheme?: RankingScheme;
}

export interface PlanReport extends Plan {
  /** True when the repository was scanned, so items with areas could be judged. */
  readonly scanned: boolean;
}

const NO_ITEMS =
  'the backlog has no open items to plan; add one with: tpo add "Export invoices as PDF" --effort 2 (or import a tracker: tpo import issues.csv)';

function currentTime(now: number | undefined): number {
  return now ?? Math.floor(Date.now() / 1000);
}

/** Debt models for open debt items with unhealthy code in their area, when another judged item has some too. */
async function loadDebtCosts(
  ws: Ws,
  open: readonly Item[],
  judgments: ReadonlyMap<ItemId, ItemJudgment>,
): Promise<Map<ItemId, DebtAreaCost>> {
  const unhealthy = (id: ItemId): boolean =>
    judgments.get(id)?.risks.some((r) => r.kind === 'low-health') === true;
  const debts = open.filter((i) => i.kind === 'debt' && unhealthy(i.id));
  const costs = new Map<ItemId, DebtAreaCost>();
  if (debts.length === 0 || !open.some((i) => i.kind !== 'debt' && unhealthy(i.id))) return costs;
  const { areas } = await getFiledDebtCosts(
    ws.repo,
    ws.store,
    debts.map((d) => ({ id: d.id, title: d.title, areas: d.areas })),
  );
  for (const [id, cost] of areas) costs.set(id, cost);
  return costs;
}

async function buildPlan(ws: Ws, items: readonly Item[], options: PlanOptions): Promise<PlanReport> {
  const open = items.filter((i) => isOpenStatus(i.status));
  if (open.length === 0) throw new TpoError('NotFound', NO_ITEMS);
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  const scanned = row !== undefined && row.snapshot_commit !== null;
  const judgments = await loadItemJudgments(ws, open);
  const debts = await loadDebtCosts(ws, open, judgments);
  const plan = sequencePlan(items, {
    ...(options.wip !== undefined ? { wip: options.wip } : {}),
    ...(options.scheme ? { scheme: options.scheme } : {}),
    judgments,
    debts,
  });
  const notices = [...plan.notices];
  const withAreas = open.filter((i) => i.areas.length > 0);
  if (!scanned && withAreas.length > 0)
    notices.push(
      `the repository was never scanned, so ${withAreas.length} item${withAreas.length === 1 ? '' : 's'} with code areas ${withAreas.length === 1 ? 'was' : 'were'} not judged: run "tpo scan" for tech-adjusted effort and suggested dependencies`,
    );
  else {
    const unmatched = withAreas.filter((i) => !judgments.has(i.id)).map((i) => i.id);
    if (unmatched.length > 0)
      notices.push(
        `the areas of ${unmatched.join(', ')} match no scanned file; check them with "tpo show <id>"`,
      );
  }
  return { ...plan, notices, scanned };
}

/**
 * The order of work within a WIP limit, with suggested dependencies.
 * @example
 * const plan = await getPlan(ws, { wip: 2 });
 * plan.items.map((i) => `${i.position}. ${i.id} (lane ${i.lane}, after ${i.startsAfter.join(', ') || 'nothing'})`);
 */
export async function getPlan(ws: Ws, options: PlanOptions = {}): Promise<PlanReport> {
  return buildPlan(ws, await listItems(ws.store), options);
}

/** Finish times from every source: finished backlog items, finished imported items, change sets in git. */
async function loadThroughputHistories(ws: Ws, items: readonly Item[]): Promise<ThroughputHistory[]> {
  const finished = items.filter((i) => i.status === 'done' && i.finishedAt !== null);
  const histories: ThroughputHistory[] = [
    { source: 'backlog', finishTimes: finished.filter((i) => i.external === null).map((i) => i.finishedAt!) },
    { source: 'tracker', finishTimes: finished.filter((i) => i.external !== null).map((i) => i.finishedAt!) },
  ];
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (row && row.snapshot_commit !== null) {
    // Merged change sets as items: every first-parent change set (a merged pull request, a squash or a push).
    const sets = await loadChangeSets(ws.store.db, row.id);
    histories.push({ source: 'git', finishTimes: sets.map((s) => Number(s.finished_at)) });
  }
  return histories;
}

export interface ThroughputOptions {
  /** Use this source instead of the first with enough history. */
  readonly source?: ThroughputSource;
  /** Weeks of history sampled (default 12). */
  readonly windowWeeks?: number;
}

export interface ThroughputReport extends Throughput {
  /** What the source counts, in words. */
  readonly label: string;
}

function pickThroughput(
  histories: readonly ThroughputHistory[],
  end: number,
  options: ThroughputOptions,
): ThroughputReport {
  const windowWeeks = options.windowWeeks;
  const opts = { end, ...(windowWeeks !== undefined ? { windowWeeks } : {}) };
  let throughput: Throughput | null;
  if (options.source) {
    const history = histories.find((h) => h.source === options.source);
    if (!history)
      throw new TpoError(
        'NotFound',
        `no ${SOURCE_LABEL[options.source]}: the repository was never scanned; run "tpo scan" first`,
      );
    throughput = computeThroughput(history, opts);
  } else throughput = chooseThroughput(histories, opts);
  if (throughput === null || throughput.items === 0)
    throw new TpoError(
      'NotFound',
      `no throughput to forecast from${options.source ? ` in ${SOURCE_LABEL[options.source]}` : ''}${(options.windowWeeks ?? 0) > 10_000 ? '' : ` in the ${options.windowWeeks ?? THROUGHPUT_DEFAULTS.windowWeeks} weeks`} before ${toIsoDay(end)}: finish items ("tpo move T-1 done"), import a tracker with its finished items ("tpo import"), or scan the repository ("tpo scan") to count its merged change sets`,
    );
  return { ...throughput, label: SOURCE_LABEL[throughput.source] };
}

export interface ForecastRunOptions extends PlanOptions, ThroughputOptions {
  readonly trials?: number;
  readonly seed?: number;
  /** Unix seconds; default now. */
  readonly start?: number;
  /** Unix seconds: how many items will be done by then. */
  readonly by?: number;
  /** Only this item (its forecast in words). */
  readonly id?: string;
}

export interface ItemForecastReport extends ItemForecast {
  readonly title: string;
  readonly weightReason: string | null;
  /** "85 % likely by 12 March 2027", one per percentile. */
  readonly words: string;
}

export interface ForecastReport {
  /** YYYY-MM-DD. */
  readonly start: string;
  readonly trials: number;
  readonly seed: number;
  readonly throughput: ThroughputReport;
  readonly plan: { readonly wip: number; readonly scheme: RankingScheme; readonly items: number };
  /** In the order the items are expected to finish. */
  readonly items: readonly ItemForecastReport[];
  readonly howMany: (HowManyForecast & { readonly words: string }) | null;
  /** The one item asked for, or null. */
  readonly item: ItemForecastReport | null;
  readonly warnings: readonly string[];
}

function likely(percent: number, date: string | null): string {
  return date === null
    ? `not ${percent} % likely within ten years`
    : `${percent} % likely by ${formatLongDate(date)}`;
}

/** "50 % likely by 2 March 2027, 85 % likely by 12 March 2027, 95 % likely by 20 March 2027". */
export function describeItemForecast(f: Pick<ItemForecast, 'p50' | 'p85' | 'p95'>): string {
  return [likely(50, f.p50.date), likely(85, f.p85.date), likely(95, f.p95.date)].join(', ');
}

/**
 * Monte Carlo forecast over the plan: P50/P85/P95 finish dates per item and, with `by`, how many items by then.
 * @example
 * const report = await getForecast(ws, { seed: 7, by: Date.UTC(2027, 2, 12) / 1000 });
 * report.howMany?.p85; // at least this many items by 12 March 2027, 85 % likely
 */
export async function getForecast(ws: Ws, options: ForecastRunOptions = {}): Promise<ForecastReport> {
  const start = currentTime(options.start);
  if (options.by !== undefined && options.by <= start)
    throw new TpoError(
      'Invalid',
      `--by ${toIsoDay(options.by)} is not after the forecast's start (${toIsoDay(start)}); give a later date`,
    );
  const items = await listItems(ws.store);
  const id = options.id !== undefined ? normalizeItemId(options.id) : undefined;
  if (id !== undefined) {
    const item = items.find((i) => i.id === id);
    if (!item)
      throw new TpoError(
        'NotFound',
        `there is no item ${id} in the backlog; "tpo plan" lists the open ones`,
        {
          id,
        },
      );
    if (!isOpenStatus(item.status))
      throw new TpoError(
        'Invalid',
        `${id} is ${item.status}${item.finishedAt !== null ? ` (finished ${toIsoDay(item.finishedAt)})` : ''}: only open items are forecast`,
        { id },
      );
  }
  const plan = await buildPlan(ws, items, options);
  const throughput = pickThroughput(await loadThroughputHistories(ws, items), start, options);
  const byId = new Map(plan.items.map((p) => [p.id, p]));
  const forecast = forecastCompletion(
    throughput.weekly,
    plan.finishOrder.map((pid) => ({ id: pid, weight: byId.get(pid)!.weight })),
    {
      start,
      daily: throughput.daily,
      effectiveWeeks: throughput.effectiveWeeks,
      ...(options.trials !== undefined ? { trials: options.trials } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.by !== undefined ? { by: options.by } : {}),
    },
  );
  const reports = forecast.items.map((f) => ({
    ...f,
    title: byId.get(f.id)!.title,
    weightReason: byId.get(f.id)!.weightReason,
    words: describeItemForecast(f),
  }));
  const howMany = forecast.howMany
    ? {
        ...forecast.howMany,
        words: `by ${formatLongDate(forecast.howMany.date)}: at least ${forecast.howMany.p50} of the ${forecast.howMany.planned} planned items done (50 % likely), ${forecast.howMany.p85} (85 % likely), ${forecast.howMany.p95} (95 % likely)`,
      }
    : null;
  return {
    start: forecast.start,
    trials: forecast.trials,
    seed: forecast.seed,
    throughput,
    plan: { wip: plan.wip, scheme: plan.scheme, items: plan.items.length },
    items: reports,
    howMany,
    item: id === undefined ? null : (reports.find((r) => r.id === id) ?? null),
    warnings: [...throughput.warnings, ...plan.notices],
  };
}

export interface BacktestRunOptions extends ThroughputOptions, Omit<BacktestOptions, 'windowWeeks'> {
  /** Unix seconds: the end of the history replayed (default now). */
  readonly now?: number;
}

export interface BacktestReport extends Backtest {
  readonly label: string;
  /** Finished items (or change sets) in the history replayed. */
  readonly finished: number;
}

/**
 * Replays the history of the throughput source: how often past P50/P85/P95 forecasts of the next N items held.
 * @example
 * const report = await getBacktest(ws, { source: 'git', horizons: [10] });
 * report.horizons[0].p85.rate; // 0.84, over report.horizons[0].forecasts forecasts
 */
export async function getBacktest(ws: Ws, options: BacktestRunOptions = {}): Promise<BacktestReport> {
  const now = currentTime(options.now);
  const histories = await loadThroughputHistories(ws, await listItems(ws.store));
  // The source is chosen on all of its history (a backtest replays the past, not only the recent weeks).
  const chosen = pickThroughput(histories, now, { ...options, windowWeeks: 1_000_000 });
  const history = histories.find((h) => h.source === chosen.source)!;
  const finishTimes = history.finishTimes.filter((t) => t < now);
  const result = backtestForecast(
    { source: history.source, finishTimes },
    {
      ...(options.horizons ? { horizons: options.horizons } : {}),
      ...(options.stepDays !== undefined ? { stepDays: options.stepDays } : {}),
      ...(options.trials !== undefined ? { trials: options.trials } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.windowWeeks !== undefined ? { windowWeeks: options.windowWeeks } : {}),
    },
  );
  return { ...result, label: SOURCE_LABEL[history.source], finished: finishTimes.length };
}

/** The plan as Markdown (for a planning page or an issue). */
export function formatPlan(plan: Plan): string {
  return renderPlanMarkdown(plan);
}
