/**
 * `tpo tradeoff <id>`: build now or build right for one backlog item. The item's code area comes from its
 * judgment (declared areas, or the area predicted from its text); the upcoming work is the other open items the
 * plan starts later whose areas share files with it, at the month the plan starts them.
 */
import { OPEN_STATUSES, TpoError, type ItemId } from '../domain/index.js';
import { JUDGMENT_DEFAULTS, PLAN_DEFAULTS, type UpcomingWork } from '../judgment/index.js';
import { getItem, listItems } from './backlog.js';
import { getTradeoff, type TradeoffOptions, type TradeoffReport } from './debt.js';
import { loadItemJudgments } from './item-judgments.js';
import type { Workspace } from './open-workspace.js';
import { getPlan } from './plan.js';

export interface ItemTradeoffOptions extends Pick<
  TradeoffOptions,
  'hourlyRate' | 'currency' | 'baseHoursPerChange' | 'horizonMonths'
> {
  /** Overrides the item's stated effort, person-hours in healthy code. */
  readonly effortHours?: number;
}

export interface ItemTradeoffReport extends TradeoffReport {
  readonly item: {
    readonly id: ItemId;
    readonly title: string;
    readonly areaSource: 'declared' | 'predicted';
  };
  /** Person-hours of the item in healthy code, and where the figure came from. */
  readonly effortHours: number;
  readonly effortSource: 'stated' | 'option' | 'plan';
  /** The later items in the same code, as the comparison counted them. */
  readonly upcoming: readonly (UpcomingWork & { readonly title: string; readonly sharedFiles: number })[];
}

/**
 * The trade-off of one item: its area, its stated effort (person-weeks x 40 hours), and the later items of the plan
 * that touch the same files as upcoming work.
 * @example
 * const report = await getItemTradeoff(ws, 'T-4');
 * report.tradeoff.recommendation; // 'pay-first'
 */
export async function getItemTradeoff(
  ws: Pick<Workspace, 'repo' | 'store'>,
  id: string,
  options: ItemTradeoffOptions = {},
): Promise<ItemTradeoffReport> {
  const { item } = await getItem(ws.store, id);
  const open = await listItems(ws.store, { statuses: OPEN_STATUSES });
  const judged = open.some((i) => i.id === item.id) ? open : [...open, item];
  const judgments = await loadItemJudgments(ws, judged);
  const judgment = judgments.get(item.id);
  if (!judgment)
    throw new TpoError(
      'Invalid',
      `${item.id} has no code area tpo can measure: declare one with tpo edit ${item.id} --area "src/billing/**" and scan with tpo scan`,
    );
  const core = judgment.area.files.filter((f) => f.confidence >= JUDGMENT_DEFAULTS.areaConfidence);
  const areaFiles = new Set(core.map((f) => f.path));

  const plan = await getPlan(ws);
  const planned = plan.items.find((p) => p.id === item.id);
  const stated = item.rice.effort;
  const effortHours =
    options.effortHours ??
    (stated ?? planned?.effortWeeks ?? PLAN_DEFAULTS.unknownEffortWeeks) * PLAN_DEFAULTS.hoursPerWeek;
  const effortSource = options.effortHours !== undefined ? 'option' : stated !== null ? 'stated' : 'plan';

  const byId = new Map(judged.map((i) => [i.id, i]));
  const upcoming = plan.items
    .filter((p) => p.id !== item.id && (planned === undefined || p.startWeek >= planned.startWeek))
    .flatMap((p) => {
      const shared = judgments.get(p.id)?.area.files.filter((f) => areaFiles.has(f.path)).length ?? 0;
      if (shared === 0) return [];
      const weeks = byId.get(p.id)?.rice.effort ?? p.effortWeeks;
      return [
        {
          id: p.id,
          title: p.title,
          sharedFiles: shared,
          effortHours: weeks * PLAN_DEFAULTS.hoursPerWeek,
          inMonths: (p.startWeek - (planned?.startWeek ?? 0)) / PLAN_DEFAULTS.weeksPerMonth,
        },
      ];
    });

  const report = await getTradeoff(ws.repo, ws.store, {
    title: `the code of ${item.id} ${item.title}`,
    areas: [...areaFiles],
    effortHours,
    upcoming,
    ...(options.horizonMonths !== undefined ? { horizonMonths: options.horizonMonths } : {}),
    ...(options.hourlyRate !== undefined ? { hourlyRate: options.hourlyRate } : {}),
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
    ...(options.baseHoursPerChange !== undefined ? { baseHoursPerChange: options.baseHoursPerChange } : {}),
  });
  return {
    ...report,
    item: { id: item.id, title: item.title, areaSource: judgment.area.source },
    effortHours,
    effortSource,
    upcoming,
  };
}
