/**
 * Scrum and Kanban use cases: the workspace's cadence and WIP limits, sprints (add, plan within capacity from the
 * ranked plan, start, status with the burndown, velocity, forecasts in sprints) and flow metrics with a Kanban
 * board. The clock is read here, nowhere below. Definitions: src/judgment/cadence-rationale.md.
 */
import {
  assertCadence,
  assertSprintFields,
  assertWipLimit,
  getSprintCapacity,
  isOpenStatus,
  TpoError,
  WIP_STATUSES,
  type Cadence,
  type CadenceSettings,
  type Item,
  type ItemId,
  type ItemKind,
  type ItemStatus,
  type Sprint,
  type SprintMember,
  type WipLimits,
} from '../domain/index.js';
import {
  computeFlow,
  computeSprintProgress,
  computeVelocity,
  forecastSprints,
  getSprintCandidates,
  getSprintState,
  planSprint,
  type FlowMetrics,
  type ItemSprintForecast,
  type SprintPlan,
  type SprintProgress,
  type Velocity,
} from '../judgment/index.js';
import {
  loadCadenceSettings,
  loadSprints,
  loadWorkspaceId,
  saveCadenceSettings,
  saveSprint,
  saveSprintCommitments,
  type Store,
} from '../store/index.js';
import { listItems } from './backlog.js';
import type { Database } from '../store/index.js';
import type { Kysely } from 'kysely';
import type { Workspace } from './open-workspace.js';
import { getPlan } from './plan.js';

type Ws = Pick<Workspace, 'repo' | 'store'>;

const DAY = 86_400;

function currentTime(now: number | undefined): number {
  return now ?? Math.floor(Date.now() / 1000);
}

/** The workspace's cadence and WIP limits (Kanban without limits until a team chooses). */
export async function getCadence(store: Store): Promise<CadenceSettings> {
  return loadCadenceSettings(store.db, await loadWorkspaceId(store.db));
}

/**
 * Sets how the team works: scrum (sprints), kanban (WIP limits and flow) or hybrid (sprints with WIP limits).
 * @example
 * await setCadence(store, 'hybrid'); // { cadence: 'hybrid', wipLimits: { 'in-progress': 3 }, … }
 */
export async function setCadence(
  store: Store,
  cadence: string,
  options: { now?: number } = {},
): Promise<CadenceSettings> {
  assertCadence(cadence);
  const now = currentTime(options.now);
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const current = await loadCadenceSettings(trx, workspaceId);
    await saveCadenceSettings(trx, workspaceId, { cadence, wipLimits: current.wipLimits, now });
    return { cadence, wipLimits: current.wipLimits, updatedAt: now };
  });
}

/**
 * Sets (or, with null, removes) the WIP limit of an open status.
 * @example
 * await setWipLimit(store, 'in-progress', 3);
 */
export async function setWipLimit(
  store: Store,
  status: string,
  limit: number | null,
  options: { now?: number } = {},
): Promise<CadenceSettings> {
  assertWipLimit(status, limit ?? 1);
  const now = currentTime(options.now);
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const current = await loadCadenceSettings(trx, workspaceId);
    const wipLimits: Partial<Record<ItemStatus, number>> = { ...current.wipLimits };
    if (limit === null) delete wipLimits[status];
    else wipLimits[status] = limit;
    // Stored in status order, so the JSON (and every listing) reads idea, ready, in-progress.
    const ordered: WipLimits = Object.fromEntries(
      WIP_STATUSES.filter((s) => wipLimits[s] !== undefined).map((s) => [s, wipLimits[s]!]),
    );
    await saveCadenceSettings(trx, workspaceId, { cadence: current.cadence, wipLimits: ordered, now });
    return { cadence: current.cadence, wipLimits: ordered, updatedAt: now };
  });
}

export interface CadenceChange {
  readonly cadence?: string;
  /** Limits to set; null removes a status's limit; statuses not named keep theirs. */
  readonly wipLimits?: Readonly<Record<string, number | null>>;
}

/**
 * Changes the cadence and any WIP limits at once, in one transaction: all of it is checked first, and an invalid
 * part changes nothing.
 * @example
 * await updateCadence(store, { cadence: 'kanban', wipLimits: { 'in-progress': 3, ready: null } });
 */
export async function updateCadence(
  store: Store,
  change: CadenceChange,
  options: { now?: number } = {},
): Promise<CadenceSettings> {
  if (change.cadence !== undefined) assertCadence(change.cadence);
  for (const [status, limit] of Object.entries(change.wipLimits ?? {})) assertWipLimit(status, limit ?? 1);
  const now = currentTime(options.now);
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const current = await loadCadenceSettings(trx, workspaceId);
    const limits: Partial<Record<ItemStatus, number | null>> = { ...current.wipLimits, ...change.wipLimits };
    const wipLimits: WipLimits = Object.fromEntries(
      WIP_STATUSES.filter((s) => typeof limits[s] === 'number').map((s) => [s, limits[s]!]),
    );
    const cadence = (change.cadence as Cadence | undefined) ?? current.cadence;
    await saveCadenceSettings(trx, workspaceId, { cadence, wipLimits, now });
    return { cadence, wipLimits, updatedAt: now };
  });
}

export interface SprintDraft {
  readonly name: string;
  /** YYYY-MM-DD, both days included. */
  readonly start: string;
  readonly end: string;
  /** Person-days; absent: the members' availability added up. */
  readonly capacityDays?: number;
  readonly members?: readonly SprintMember[];
  readonly goal?: string;
}

const overlaps = (a: Pick<Sprint, 'start' | 'end'>, b: Pick<Sprint, 'start' | 'end'>): boolean =>
  a.start !== null &&
  a.end !== null &&
  b.start !== null &&
  b.end !== null &&
  a.start <= b.end &&
  b.start <= a.end;

/**
 * Adds a sprint. A sprint an import named without dates gets its dates, capacity and members this way; any
 * other sprint of the same name, or one whose days overlap, is refused (Invalid).
 * @example
 * await addSprint(store, { name: 'Sprint 12', start: '2026-03-02', end: '2026-03-13',
 *   members: [{ name: 'alice', days: 9 }, { name: 'bob', days: 6 }] });
 */
export async function addSprint(
  store: Store,
  draft: SprintDraft,
  options: { now?: number } = {},
): Promise<Sprint> {
  const now = currentTime(options.now);
  const fields = {
    name: draft.name.trim(),
    start: draft.start,
    end: draft.end,
    capacityDays: draft.capacityDays ?? null,
    members: draft.members ?? [],
  };
  assertSprintFields(fields);
  if (fields.capacityDays === null && fields.members.length === 0)
    throw new TpoError(
      'Invalid',
      `give the sprint a capacity: --capacity <person-days>, or its members' availability (--member alice=8 --member bob=6)`,
      { field: 'capacity' },
    );
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const sprints = await loadSprints(trx, workspaceId);
    const same = sprints.find((s) => s.name === fields.name);
    if (same && same.start !== null)
      throw new TpoError(
        'Invalid',
        `there is already a sprint named "${fields.name}" (${same.start} to ${same.end}); choose another name`,
        { name: fields.name },
      );
    const clash = sprints.find((s) => s.name !== fields.name && overlaps(s, fields));
    if (clash)
      throw new TpoError(
        'Invalid',
        `"${fields.name}" (${fields.start} to ${fields.end}) overlaps sprint "${clash.name}" (${clash.start} to ${clash.end}); sprints follow one another`,
        { name: fields.name, overlaps: clash.name },
      );
    const sprint: Sprint = {
      ...fields,
      goal: draft.goal ?? same?.goal ?? null,
      startedAt: same?.startedAt ?? null,
      committed: same?.committed ?? [],
      tracker: same?.tracker ?? null,
      createdAt: same?.createdAt ?? now,
    };
    await saveSprint(trx, workspaceId, { ...sprint, now });
    return sprint;
  });
}

export interface SprintSummary extends Omit<SprintProgress, 'items' | 'burndown'> {
  readonly goal: string | null;
  readonly startedAt: number | null;
  readonly members: readonly SprintMember[];
  readonly tracker: string | null;
}

async function loadAll(
  store: Store,
): Promise<{ sprints: Sprint[]; items: Item[]; settings: CadenceSettings }> {
  const workspaceId = await loadWorkspaceId(store.db);
  return {
    sprints: await loadSprints(store.db, workspaceId),
    items: await listItems(store),
    settings: await loadCadenceSettings(store.db, workspaceId),
  };
}

function summarize(sprint: Sprint, progress: SprintProgress): SprintSummary {
  const { items: _i, burndown: _b, ...rest } = progress;
  return {
    ...rest,
    goal: sprint.goal,
    startedAt: sprint.startedAt,
    members: sprint.members,
    tracker: sprint.tracker,
  };
}

/**
 * Every sprint with committed versus done, oldest first (undated imported sprints last).
 * @example
 * (await listSprints(store)).map((s) => `${s.name}: ${s.doneDays} of ${s.committedDays} person-days`);
 */
export async function listSprints(store: Store, options: { now?: number } = {}): Promise<SprintSummary[]> {
  const now = currentTime(options.now);
  const { sprints, items } = await loadAll(store);
  return sprints.map((s) => summarize(s, computeSprintProgress(s, items, now)));
}

function findSprint(sprints: readonly Sprint[], name: string): Sprint {
  const sprint = sprints.find((s) => s.name === name);
  if (!sprint)
    throw new TpoError(
      'NotFound',
      `there is no sprint named "${name}"; "tpo sprint list" lists them, "tpo sprint add" adds one`,
      { name },
    );
  return sprint;
}

/** The sprint to plan when none is named: the first one not started whose last day is still to come. */
function nextSprint(sprints: readonly Sprint[], now: number): Sprint {
  const next = sprints.find(
    (s) => s.startedAt === null && ['planned', 'active'].includes(getSprintState(s, now)),
  );
  if (!next)
    throw new TpoError(
      'NotFound',
      'there is no sprint to plan: add one with "tpo sprint add \\"Sprint 1\\" --start 2026-03-02 --end 2026-03-13 --capacity 40"',
    );
  return next;
}

export interface SprintPlanReport extends SprintPlan {
  readonly sprint: SprintSummary;
  readonly velocity: Velocity;
  /** True when the proposal was saved as the sprint's commitment. */
  readonly committed: boolean;
  readonly cadence: Cadence;
  readonly notices: readonly string[];
}

export interface SprintPlanOptions {
  /** The sprint to plan (default: the next one not started). */
  readonly name?: string;
  /** Save the proposal as the sprint's committed items. */
  readonly commit?: boolean;
  readonly now?: number;
}

function cadenceNotice(settings: CadenceSettings, needs: 'sprints' | 'wip'): string[] {
  if (needs === 'sprints' && settings.cadence === 'kanban')
    return ['the workspace runs Kanban; "tpo cadence scrum" (or hybrid) makes sprints its way of working'];
  if (needs === 'wip' && settings.cadence === 'scrum')
    return ['the workspace runs Scrum; WIP limits count in Kanban and hybrid ("tpo cadence hybrid")'];
  return [];
}

/**
 * Proposes the sprint's items from the ranked plan within its capacity (scaled by the focus factor of past
 * sprints); with `commit`, saves them as the sprint's commitment in one transaction.
 * @example
 * const report = await getSprintPlan(ws, { name: 'Sprint 12' });
 * report.selected.map((c) => `${c.id} ${c.sizeDays} pd${c.technical ? ' (technical size)' : ''}`);
 */
export async function getSprintPlan(ws: Ws, options: SprintPlanOptions = {}): Promise<SprintPlanReport> {
  const now = currentTime(options.now);
  const { sprints, items, settings } = await loadAll(ws.store);
  const sprint = options.name !== undefined ? findSprint(sprints, options.name) : nextSprint(sprints, now);
  const state = getSprintState(sprint, now);
  if (state === 'finished')
    throw new TpoError('Invalid', `sprint "${sprint.name}" ended on ${sprint.end}; plan the next one`, {
      name: sprint.name,
    });
  if (sprint.startedAt !== null && options.commit)
    throw new TpoError(
      'Invalid',
      `sprint "${sprint.name}" has started: its commitment stays as it is (add items with "tpo sprint plan" on the next sprint)`,
      { name: sprint.name },
    );
  const capacity = getSprintCapacity(sprint);
  if (capacity === null)
    throw new TpoError(
      'Invalid',
      `sprint "${sprint.name}" has no capacity; give it one: tpo sprint add "${sprint.name}" --start … --end … --capacity <person-days>`,
      { name: sprint.name },
    );
  const progress = sprints.map((s) => computeSprintProgress(s, items, now));
  const velocity = computeVelocity(progress);
  const taken = new Map<ItemId, string>();
  for (const s of sprints)
    // Planned and running sprints hold their items; a finished sprint's leftovers carry over, and an undated
    // sprint (named by an import, often long past) holds nothing until it is given dates.
    if (s.name !== sprint.name && ['planned', 'active'].includes(getSprintState(s, now)))
      for (const c of s.committed) taken.set(c.id, s.name);
  const plan = await getPlan(ws);
  const candidates = getSprintCandidates(plan, items);
  const proposal = planSprint(candidates, {
    capacityDays: capacity,
    focusFactor: velocity.focusFactor,
    taken,
  });
  const notices = [...cadenceNotice(settings, 'sprints'), ...plan.notices];
  if (proposal.technical.length > 0)
    notices.push(
      `${proposal.technical.join(', ')} ${proposal.technical.length === 1 ? 'counts' : 'count'} at ${proposal.technical.length === 1 ? 'its' : 'their'} technical size, not the stated one: ${proposal.plannedDays} person-days planned where the stated sizes add up to ${proposal.statedDays}`,
    );
  let committed = false;
  if (options.commit) {
    if (proposal.selected.length === 0)
      throw new TpoError('Invalid', `nothing fits in sprint "${sprint.name}": nothing was committed`, {
        name: sprint.name,
      });
    await ws.store.db.transaction().execute(async (trx) => {
      const workspaceId = await loadWorkspaceId(trx);
      await saveSprintCommitments(
        trx,
        workspaceId,
        sprint.name,
        proposal.selected.map((c) => ({
          id: c.id,
          sizeDays: c.sizeDays,
          statedDays: c.statedDays,
          technical: c.technical,
          addedAt: now,
        })),
      );
    });
    committed = true;
  }
  const after = committed
    ? {
        ...sprint,
        committed: proposal.selected.map((c) => ({
          id: c.id,
          sizeDays: c.sizeDays,
          statedDays: c.statedDays,
          technical: c.technical,
          addedAt: now,
        })),
      }
    : sprint;
  return {
    ...proposal,
    sprint: summarize(after, computeSprintProgress(after, items, now)),
    velocity,
    committed,
    cadence: settings.cadence,
    notices,
  };
}

/**
 * Starts a sprint: commits the plan's proposal when nothing is committed yet, and records when it started.
 * @example
 * await startSprint(ws, 'Sprint 12');
 */
export async function startSprint(
  ws: Ws,
  name: string,
  options: { now?: number } = {},
): Promise<SprintStatusReport> {
  const now = currentTime(options.now);
  const { sprints } = await loadAll(ws.store);
  const sprint = findSprint(sprints, name);
  if (sprint.startedAt !== null)
    throw new TpoError(
      'Invalid',
      `sprint "${name}" started on ${new Date(sprint.startedAt * 1000).toISOString().slice(0, 10)}; "tpo sprint status" shows how it goes`,
      { name },
    );
  if (getSprintState(sprint, now) === 'finished')
    throw new TpoError('Invalid', `sprint "${name}" ended on ${sprint.end}; it cannot start any more`, {
      name,
    });
  const others = sprints.filter(
    (s) => s.name !== name && s.startedAt !== null && getSprintState(s, now) === 'active',
  );
  if (others.length > 0)
    throw new TpoError(
      'Invalid',
      `sprint "${others[0]!.name}" is running until ${others[0]!.end}; one sprint runs at a time`,
      { name, running: others[0]!.name },
    );
  if (sprint.committed.length === 0) await getSprintPlan(ws, { name, commit: true, now });
  await ws.store.db.transaction().execute(async (trx) => {
    const workspaceId = await loadWorkspaceId(trx);
    const [fresh] = (await loadSprints(trx, workspaceId)).filter((s) => s.name === name);
    await saveSprint(trx, workspaceId, { ...fresh!, startedAt: now, now });
  });
  return getSprintStatus(ws.store, { name, now });
}

export interface SprintStatusReport extends SprintProgress {
  readonly goal: string | null;
  readonly startedAt: number | null;
  readonly velocity: Velocity;
  readonly cadence: Cadence;
  readonly notices: readonly string[];
}

/** The sprint `status` reports on when none is named: the active one, else the last that started, else the next. */
function currentSprint(sprints: readonly Sprint[], now: number): Sprint {
  const active = sprints.find((s) => getSprintState(s, now) === 'active');
  if (active) return active;
  const started = sprints.filter((s) => s.startedAt !== null);
  if (started.length > 0) return started[started.length - 1]!;
  const planned = sprints.find((s) => getSprintState(s, now) === 'planned');
  if (planned) return planned;
  throw new TpoError(
    'NotFound',
    'there is no sprint yet: add one with "tpo sprint add \\"Sprint 1\\" --start 2026-03-02 --end 2026-03-13 --capacity 40"',
  );
}

/**
 * Committed versus done and the burndown of a sprint (default: the active one), with the velocity of past sprints.
 * @example
 * const status = await getSprintStatus(store);
 * status.burndown.at(-1)?.remainingDays;
 */
export async function getSprintStatus(
  store: Store,
  options: { name?: string; now?: number } = {},
): Promise<SprintStatusReport> {
  const now = currentTime(options.now);
  const { sprints, items, settings } = await loadAll(store);
  const sprint = options.name !== undefined ? findSprint(sprints, options.name) : currentSprint(sprints, now);
  const progress = computeSprintProgress(sprint, items, now);
  const velocity = computeVelocity(sprints.map((s) => computeSprintProgress(s, items, now)));
  const notices = [...cadenceNotice(settings, 'sprints')];
  if (progress.committedItems === 0)
    notices.push(
      `nothing is committed to "${sprint.name}" yet: "tpo sprint plan --commit" or "tpo sprint start" commits the plan's proposal`,
    );
  if (progress.missing.length > 0)
    notices.push(
      `${progress.missing.join(', ')} ${progress.missing.length === 1 ? 'was' : 'were'} committed but removed from the backlog`,
    );
  return {
    ...progress,
    goal: sprint.goal,
    startedAt: sprint.startedAt,
    velocity,
    cadence: settings.cadence,
    notices,
  };
}

export interface SprintForecastItemReport extends ItemSprintForecast {
  readonly title: string;
  readonly technical: boolean;
  /** "85 % likely within 3 sprints". */
  readonly words: string;
}

export interface SprintForecastReport {
  readonly trials: number;
  readonly seed: number;
  readonly velocity: Velocity;
  /** Person-days done in each finished sprint sampled, oldest first. */
  readonly samples: readonly { readonly name: string; readonly doneDays: number }[];
  readonly items: readonly SprintForecastItemReport[];
  /** The whole open plan, in words. */
  readonly words: string;
  readonly warnings: readonly string[];
}

function withinSprints(percent: number, sprints: number | null): string {
  return sprints === null
    ? `not ${percent} % likely within 520 sprints`
    : `${percent} % likely within ${sprints} sprint${sprints === 1 ? '' : 's'}`;
}

export const SPRINT_FORECAST_DEFAULTS = {
  /** Finished sprints sampled (the most recent). */
  sprints: 6,
} as const;

/**
 * In how many sprints the open plan will be done ("85 % likely within 3 sprints"), by the Monte Carlo engine
 * drawing from the person-days finished in the last 6 finished sprints.
 * @example
 * (await getSprintForecast(ws)).words; // 'all 14 open items: 50 % likely within 3 sprints, 85 % … 4 …'
 */
export async function getSprintForecast(
  ws: Ws,
  options: { now?: number; trials?: number; seed?: number } = {},
): Promise<SprintForecastReport> {
  const now = currentTime(options.now);
  const { sprints, items } = await loadAll(ws.store);
  const progress = sprints.map((s) => computeSprintProgress(s, items, now));
  const finished = progress
    .filter((p) => p.state === 'finished' && p.committedItems > 0)
    .sort((a, b) => a.end!.localeCompare(b.end!))
    .slice(-SPRINT_FORECAST_DEFAULTS.sprints);
  if (finished.length === 0 || !finished.some((p) => p.doneDays > 0))
    throw new TpoError(
      'NotFound',
      'no finished sprint with finished work to forecast from: velocity comes from past sprints ("tpo sprint list"); without sprints, "tpo forecast" forecasts from weekly throughput',
    );
  const plan = await getPlan(ws);
  const candidates = new Map(getSprintCandidates(plan, items).map((c) => [c.id, c]));
  const ordered = plan.finishOrder.map((id) => candidates.get(id)!);
  const forecast = forecastSprints(
    finished.map((p) => p.doneDays),
    ordered.map((c) => ({ id: c.id, sizeDays: c.sizeDays })),
    {
      start: now,
      ...(options.trials !== undefined ? { trials: options.trials } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    },
  );
  const reports = forecast.items.map((f) => {
    const c = candidates.get(f.id)!;
    return {
      ...f,
      title: c.title,
      technical: c.technical,
      words: [withinSprints(50, f.p50), withinSprints(85, f.p85), withinSprints(95, f.p95)].join(', '),
    };
  });
  const last = reports[reports.length - 1]!;
  const warnings = [...plan.notices];
  if (finished.length < 3)
    warnings.push(
      `velocity from only ${finished.length} finished sprint${finished.length === 1 ? '' : 's'}: with n past sprints the next one falls inside their range only (n-1)/(n+1) of the time (Magennis); treat these as rough`,
    );
  return {
    trials: forecast.trials,
    seed: forecast.seed,
    velocity: computeVelocity(progress),
    samples: finished.map((p) => ({ name: p.name, doneDays: p.doneDays })),
    items: reports,
    words: `all ${reports.length} open item${reports.length === 1 ? '' : 's'} (${last.cumulativeDays} person-days): ${last.words}`,
    warnings,
  };
}

export interface BoardCard {
  readonly id: ItemId;
  readonly title: string;
  readonly kind: ItemKind;
  /** Days in the column: since the start for in-progress (cycle time so far), since entering the status for others. */
  readonly ageDays: number;
  /** In progress for longer than the 85th percentile of cycle time. */
  readonly overP85: boolean;
}

export interface BoardColumn {
  readonly status: ItemStatus;
  readonly limit: number | null;
  readonly count: number;
  readonly over: boolean;
  /** Oldest first; done shows the items finished in the last 14 days. */
  readonly cards: readonly BoardCard[];
}

export interface FlowReport extends FlowMetrics {
  readonly cadence: Cadence;
  readonly wipLimits: WipLimits;
  readonly columns: readonly BoardColumn[];
}

/** Days since the item last entered its current status (calendar days, today counted). */
function daysInStatus(item: Item, now: number): number {
  const entered = [...item.history].reverse().find((h) => h.to === item.status)?.at ?? item.createdAt;
  return Math.floor(now / DAY) - Math.floor(entered / DAY) + 1;
}

/**
 * Flow metrics of the backlog (throughput, cycle-time percentiles, aging work, WIP against the limits, cumulative
 * flow) and the Kanban board.
 * @example
 * const flow = await getFlow(store, { windowWeeks: 12 });
 * flow.aging.filter((a) => a.overP85).map((a) => a.id);
 */
export async function getFlow(
  store: Store,
  options: { now?: number; windowWeeks?: number } = {},
): Promise<FlowReport> {
  const now = currentTime(options.now);
  const { items, settings } = await loadAll(store);
  const flow = computeFlow(items, {
    now,
    wipLimits: settings.wipLimits,
    ...(options.windowWeeks !== undefined ? { windowWeeks: options.windowWeeks } : {}),
  });
  const aging = new Map(flow.aging.map((a) => [a.id, a]));
  const card = (i: Item): BoardCard => ({
    id: i.id,
    title: i.title,
    kind: i.kind,
    ageDays: aging.get(i.id)?.ageDays ?? daysInStatus(i, now),
    overP85: aging.get(i.id)?.overP85 ?? false,
  });
  const columns: BoardColumn[] = WIP_STATUSES.map((status) => {
    const w = flow.wip.find((x) => x.status === status)!;
    return {
      status,
      limit: w.limit,
      count: w.count,
      over: w.over,
      cards: items
        .filter((i) => i.status === status)
        .map(card)
        .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id)),
    };
  });
  const recent = items.filter(
    (i) => i.status === 'done' && i.finishedAt !== null && i.finishedAt > now - 14 * DAY,
  );
  columns.push({
    status: 'done',
    limit: null,
    count: recent.length,
    over: false,
    cards: recent
      .sort((a, b) => b.finishedAt! - a.finishedAt!)
      .map((i) => ({ ...card(i), ageDays: daysInStatus(i, now), overP85: false })),
  });
  const warnings = [...flow.warnings, ...cadenceNotice(settings, 'wip')];
  if (items.filter((i) => isOpenStatus(i.status)).length === 0 && items.length === 0)
    warnings.push('the backlog is empty: add items ("tpo add") or import a tracker ("tpo import")');
  return { ...flow, warnings, cadence: settings.cadence, wipLimits: settings.wipLimits, columns };
}

/** What an import knows of the sprints (Jira) or cycles (Linear) of one item. */
export interface ImportedSprintCommitment {
  readonly id: ItemId;
  /** Stated effort in person-weeks, or null. */
  readonly effortWeeks: number | null;
  readonly sprints: readonly {
    readonly name: string;
    readonly start: string | null;
    readonly end: string | null;
  }[];
}

/** Person-days an imported item without a stated effort counts in its sprint. */
export const UNSIZED_IMPORT_DAYS = 1;

/**
 * Keeps the sprint data of an import, inside the import's transaction: creates the sprints it names (with their
 * days when the source has them; Jira's CSV has none), gives dates to an undated sprint, and commits each item to
 * its sprints at its stated size (1 person-day when none is stated). Returns notices for the import's report.
 */
export async function saveImportedSprints(
  db: Kysely<Database>,
  tracker: string,
  commitments: readonly ImportedSprintCommitment[],
  now: number,
): Promise<string[]> {
  if (commitments.length === 0) return [];
  const workspaceId = await loadWorkspaceId(db);
  const existing = new Map((await loadSprints(db, workspaceId)).map((s) => [s.name, s]));
  const touched = new Map<string, Sprint>();
  const created: string[] = [];
  let unsized = 0;
  for (const c of commitments) {
    for (const ref of c.sprints) {
      let sprint = touched.get(ref.name) ?? existing.get(ref.name);
      if (!sprint) {
        sprint = {
          name: ref.name,
          start: ref.start,
          end: ref.end,
          capacityDays: null,
          members: [],
          goal: null,
          startedAt: null,
          committed: [],
          tracker,
          createdAt: now,
        };
        assertSprintFields(sprint);
        created.push(ref.name);
      } else if (sprint.start === null && ref.start !== null && ref.end !== null)
        sprint = { ...sprint, start: ref.start, end: ref.end };
      if (!sprint.committed.some((x) => x.id === c.id)) {
        if (c.effortWeeks === null) unsized += 1;
        const sizeDays =
          c.effortWeeks === null ? UNSIZED_IMPORT_DAYS : Math.round(c.effortWeeks * 5 * 100) / 100;
        sprint = {
          ...sprint,
          committed: [
            ...sprint.committed,
            {
              id: c.id,
              sizeDays,
              statedDays: c.effortWeeks === null ? null : sizeDays,
              technical: false,
              addedAt: now,
            },
          ],
        };
      }
      touched.set(ref.name, sprint);
    }
  }
  for (const sprint of touched.values()) {
    await saveSprint(db, workspaceId, { ...sprint, now });
    await saveSprintCommitments(db, workspaceId, sprint.name, sprint.committed);
  }
  const undated = [...touched.values()].filter((s) => s.start === null).length;
  const notices = [
    `kept ${touched.size} sprint${touched.size === 1 ? '' : 's'} of the source (${created.length} new${created.length > 0 ? `: ${created.slice(0, 5).join(', ')}${created.length > 5 ? ' …' : ''}` : ''}); "tpo sprint list" shows them`,
  ];
  if (undated > 0)
    notices.push(
      `${undated} sprint${undated === 1 ? ' has' : 's have'} no dates in the source: give ${undated === 1 ? 'it its' : 'them their'} dates and capacity with "tpo sprint add <name> --start … --end … --capacity …" for velocity and burndown`,
    );
  if (unsized > 0)
    notices.push(
      `${unsized} item${unsized === 1 ? '' : 's'} in a sprint state${unsized === 1 ? 's' : ''} no effort: each counts ${UNSIZED_IMPORT_DAYS} person-day in its sprint`,
    );
  return notices;
}

/**
 * The WIP-limit warning for a status after an item moved into it: null when the workspace runs Scrum, the status
 * has no limit, or it is within it. Kanban limits warn rather than refuse: the move is recorded either way.
 * @example
 * await getWipWarning(store, 'in-progress'); // 'in-progress now holds 4 items, over its WIP limit of 3: …'
 */
export async function getWipWarning(store: Store, status: ItemStatus): Promise<string | null> {
  const workspaceId = await loadWorkspaceId(store.db);
  const settings = await loadCadenceSettings(store.db, workspaceId);
  const limit = settings.wipLimits[status];
  if (settings.cadence === 'scrum' || limit === undefined) return null;
  const row = await store.db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', status)
    .executeTakeFirst();
  const count = Number(row?.n ?? 0);
  if (count <= limit) return null;
  return `${status} now holds ${count} items, over its WIP limit of ${limit}: finish one before starting more ("tpo flow" shows the oldest)`;
}
