/**
 * The debt register: candidates found in the code model (with their markers dated by git blame, cached in the
 * store) merged with the debt the team filed, each with its interest and principal, ranked by interest paid.
 */
import { blameManyFiles, computeRenameAliases, type RepositoryHandle } from '../codebase/index.js';
import {
  isOpenStatus,
  TpoError,
  type DatedMarker,
  type DebtCandidate,
  type DebtEntry,
  type DebtRegister,
  type FileHealth,
  type InterestModel,
  type Item,
} from '../domain/index.js';
import {
  createGlobMatcher,
  DEFAULT_INTEREST_SETTINGS,
  computeDebtCosts,
  computeInterestModel,
  computeModuleHealth,
  computeTradeoff,
  findDebtCandidates,
  getExtraTime,
  type InterestSettings,
  type TimedChangeSet,
  type Tradeoff,
  type UpcomingWork,
} from '../judgment/index.js';
import {
  loadChangeSetFiles,
  loadChangeSets,
  loadMarkerOrigins,
  loadRenames,
  saveMarkerOrigins,
  type MarkerOrigin,
  type Store,
} from '../store/index.js';
import { createDebtSarif, renderDebtMarkdown } from '../formats/index.js';
import { addItem, listItems } from './backlog.js';
import { loadHealthModel, type HealthModel } from './code-health.js';

/**
 * A debt item the team filed in the backlog (kind `debt`), with its code areas (paths, folders ending in '/', or
 * globs with `*`). `candidateId` names the candidate it was filed from with `tpo debt add`, if any.
 */
export interface FiledDebt {
  readonly id: string;
  readonly title: string;
  readonly areas: readonly string[];
  readonly candidateId?: string;
}

/** The tracker name of items filed from the register: their external key is the candidate's id. */
export const DEBT_TRACKER = 'tpo-debt';

/** The open debt items of the backlog, as filed debt. */
export async function loadFiledDebt(store: Store): Promise<FiledDebt[]> {
  const items = await listItems(store, { kinds: ['debt'] });
  return items
    .filter((item) => isOpenStatus(item.status))
    .map((item) => ({
      id: item.id,
      title: item.title,
      areas: item.areas,
      ...(item.external?.tracker === DEBT_TRACKER ? { candidateId: item.external.key } : {}),
    }));
}

export interface DebtOptions {
  /** Entries to return (default: all). */
  readonly limit?: number;
  /** Money per person-hour; default $TPO_HOURLY_RATE, else 100. */
  readonly hourlyRate?: number;
  /** Currency label; default $TPO_CURRENCY, else USD. */
  readonly currency?: string;
  /** Person-hours a change to healthy code takes; default 4. */
  readonly baseHoursPerChange?: number;
  /** Days of history that count for change rates (default 365, ending at the scanned commit). */
  readonly windowDays?: number;
  /** Debt filed by the team; default: the open `debt` items of the backlog. */
  readonly filed?: readonly FiledDebt[];
}

/** The interest settings from options, then the environment, then the defaults. */
export function getInterestSettings(
  options: Pick<DebtOptions, 'hourlyRate' | 'currency' | 'baseHoursPerChange'>,
): InterestSettings {
  const envRate = process.env.TPO_HOURLY_RATE;
  let hourlyRate = options.hourlyRate ?? DEFAULT_INTEREST_SETTINGS.hourlyRate;
  if (options.hourlyRate === undefined && envRate !== undefined && envRate !== '') {
    hourlyRate = Number(envRate);
    if (!Number.isFinite(hourlyRate) || hourlyRate < 0)
      throw new TpoError(
        'Invalid',
        `TPO_HOURLY_RATE must be a number of money units per hour, got "${envRate}".`,
      );
  }
  return {
    ...DEFAULT_INTEREST_SETTINGS,
    hourlyRate,
    currency: options.currency ?? (process.env.TPO_CURRENCY || DEFAULT_INTEREST_SETTINGS.currency),
    baseHoursPerChange: options.baseHoursPerChange ?? DEFAULT_INTEREST_SETTINGS.baseHoursPerChange,
  };
}

/** Dates the markers with git blame at the scanned commit, asking git only for lines the cache does not know. */
async function dateMarkers(
  repo: RepositoryHandle,
  store: Store,
  model: HealthModel,
): Promise<{ markers: DatedMarker[]; blamed: number; failedFiles: string[] }> {
  const cached = await loadMarkerOrigins(
    store.db,
    model.row.id,
    model.markers.map((m) => m.blob),
  );
  const key = (m: { path: string; blob: string; line: number }): string => `${m.path}\0${m.blob}\0${m.line}`;
  const missing = new Map<string, { blob: string; lines: number[] }>();
  for (const m of model.markers) {
    if (cached.has(key(m))) continue;
    const entry = missing.get(m.path) ?? { blob: m.blob, lines: [] };
    entry.lines.push(m.line);
    missing.set(m.path, entry);
  }
  const failedFiles: string[] = [];
  let blamed = 0;
  if (missing.size > 0) {
    const results = await blameManyFiles(
      repo.gitDir,
      model.commit,
      [...missing].map(([path, e]) => ({ path, lines: e.lines })),
    );
    const fresh: MarkerOrigin[] = [];
    for (const result of results) {
      const entry = missing.get(result.path)!;
      if (result.error !== undefined) {
        failedFiles.push(result.path);
        continue;
      }
      const byLine = new Map(result.origins.map((o) => [o.line, o]));
      for (const line of entry.lines) {
        const o = byLine.get(line);
        fresh.push({
          path: result.path,
          blob: entry.blob,
          line,
          commit: o?.commit ?? null,
          author: o?.author ?? null,
          authorTime: o?.authorTime ?? null,
        });
      }
    }
    blamed = fresh.length;
    await saveMarkerOrigins(store.db, model.row.id, fresh);
    for (const o of fresh) cached.set(key(o), o);
  }
  const markers = model.markers.map((m) => {
    const o = cached.get(key(m));
    return {
      path: m.path,
      line: m.line,
      kind: m.kind,
      text: m.text,
      introducedAt: o?.authorTime ?? null,
      commit: o?.commit ?? null,
      author: o?.author ?? null,
    };
  });
  return { markers, blamed, failedFiles };
}

function filedCandidates(filed: readonly FiledDebt[], model: HealthModel): DebtCandidate[] {
  return filed.map((item) => {
    const inArea = createGlobMatcher(item.areas);
    const files = model.health.filter((h) => inArea(h.path)).map((h) => h.path);
    const modules = new Map<string, number>();
    for (const f of files) {
      const m = model.healthByPath.get(f)!;
      modules.set(m.module, (modules.get(m.module) ?? 0) + Math.max(1, m.loc));
    }
    const module = [...modules].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '.';
    return {
      id: `filed:${item.id}`,
      kind: 'filed' as const,
      title: item.title,
      area: { module, files },
      reasons: [
        files.length > 0
          ? `filed by the team; its area holds ${files.length} measured file${files.length === 1 ? '' : 's'}`
          : 'filed by the team; its area matches no measured file',
      ],
      health: files.reduce((min, f) => Math.min(min, model.healthByPath.get(f)?.score ?? 10), 10),
      itemId: item.id,
    };
  });
}

/** What interest is computed from: the health model, change rates per file in the window, and the interest model. */
async function loadInterestInputs(
  repo: RepositoryHandle,
  store: Store,
  options: Pick<DebtOptions, 'hourlyRate' | 'currency' | 'baseHoursPerChange' | 'windowDays'>,
): Promise<{
  model: HealthModel;
  windowDays: number;
  changesPerMonth: Map<string, number>;
  interestModel: InterestModel;
}> {
  const settings = getInterestSettings(options);
  const model = await loadHealthModel(repo, store);
  const windowDays = options.windowDays ?? 365;
  const windowStart = model.now - windowDays * 86_400;
  const aliases = computeRenameAliases(await loadRenames(store.db, model.row.id));
  const [sets, rows] = await Promise.all([
    loadChangeSetFiles(store.db, model.row.id),
    loadChangeSets(store.db, model.row.id),
  ]);

  // Change rates in the window, and the elapsed time of every change set against the health of what it touched.
  const perFile = new Map<string, number>();
  const minHealth = new Map<string, number | null>();
  for (const cs of sets) {
    let min: number | null = null;
    const paths = new Set(cs.paths.map((p) => aliases.get(p) ?? p));
    for (const p of paths) {
      if (cs.finishedAt >= windowStart) perFile.set(p, (perFile.get(p) ?? 0) + 1);
      const h = model.healthByPath.get(p);
      if (h) min = min === null ? h.score : Math.min(min, h.score);
    }
    minHealth.set(cs.sha, min);
  }
  const months = windowDays / (365 / 12);
  const changesPerMonth = new Map([...perFile].map(([p, n]) => [p, n / months]));
  const timed: TimedChangeSet[] = rows.map((r) => ({
    isMerge: r.is_merge === 1,
    commitCount: r.commit_count,
    startedAt: Number(r.started_at),
    finishedAt: Number(r.finished_at),
    message: r.message,
    minHealth: minHealth.get(r.sha) ?? null,
  }));
  const interestModel = computeInterestModel(timed, settings);
  return { model, windowDays, changesPerMonth, interestModel };
}

/** One code file on the debt map. */
export interface DebtMapFile {
  readonly path: string;
  readonly module: string;
  readonly loc: number;
  /** Code health, 1-10. */
  readonly health: number;
  readonly band: FileHealth['band'];
  /** Change sets touching it per month in the window. */
  readonly changesPerMonth: number;
  /** Hours a month its health costs: changes per month x base hours per change x extra time at its health. */
  readonly interestHoursPerMonth: number;
}

export interface DebtMap {
  readonly headCommit: string;
  readonly windowDays: number;
  readonly model: InterestModel;
  readonly files: readonly DebtMapFile[];
}

/**
 * Every measured code file with its health and the interest it costs, for a treemap (size = lines, colour = health
 * or interest). Interest per file is the register's formula applied to the file alone (debt-interest-rationale.md).
 * @example
 * const map = await getDebtMap(ws.repo, ws.store);
 * map.files.sort((a, b) => b.interestHoursPerMonth - a.interestHoursPerMonth)[0].path;
 */
export async function getDebtMap(
  repo: RepositoryHandle,
  store: Store,
  options: Pick<DebtOptions, 'hourlyRate' | 'currency' | 'baseHoursPerChange' | 'windowDays'> = {},
): Promise<DebtMap> {
  const { model, windowDays, changesPerMonth, interestModel } = await loadInterestInputs(
    repo,
    store,
    options,
  );
  const files = model.health.map((h) => {
    const rate = changesPerMonth.get(h.path) ?? 0;
    return {
      path: h.path,
      module: h.module,
      loc: h.loc,
      health: h.score,
      band: h.band,
      changesPerMonth: Math.round(rate * 100) / 100,
      interestHoursPerMonth:
        Math.round(rate * interestModel.baseHoursPerChange * getExtraTime(h.score, interestModel) * 100) /
        100,
    };
  });
  return { headCommit: model.commit, windowDays, model: interestModel, files };
}

/**
 * The debt register of the scanned codebase.
 * @example
 * const register = await getDebtRegister(ws.repo, ws.store, { limit: 20, hourlyRate: 120 });
 * register.entries[0].cost.interestMoneyPerMonth;
 */
export async function getDebtRegister(
  repo: RepositoryHandle,
  store: Store,
  options: DebtOptions = {},
): Promise<DebtRegister> {
  const { model, windowDays, changesPerMonth, interestModel } = await loadInterestInputs(
    repo,
    store,
    options,
  );

  const dated = await dateMarkers(repo, store, model);
  const filed = options.filed ?? (await loadFiledDebt(store));
  // A candidate the team filed with `tpo debt add` appears once: as the filed item.
  const filedFrom = new Set(filed.flatMap((f) => (f.candidateId ? [f.candidateId] : [])));
  const candidates = [
    ...findDebtCandidates({
      health: model.health,
      hotspots: model.hotspots,
      cycles: model.cycles,
      fanIn: model.fanIn,
      mainAuthors: new Map(model.code.map((f) => [f.path, f.mainAuthor])),
      inactiveAuthors: model.inactiveAuthors,
      markers: dated.markers,
      now: model.now,
    }).filter((c) => !filedFrom.has(c.id)),
    ...filedCandidates(filed, model),
  ];
  const { entries, totals } = computeDebtCosts({
    candidates,
    health: model.health,
    changesPerMonth,
    model: interestModel,
  });
  const bands = { healthy: 0, warning: 0, alert: 0 };
  for (const h of model.health) bands[h.band] += 1;
  const notices: string[] = [];
  if (dated.failedFiles.length > 0)
    notices.push(`git blame failed for ${dated.failedFiles.length} file(s); their markers are undated.`);
  return {
    repo: model.row.name,
    headCommit: model.commit,
    model: interestModel,
    totals: { entries: entries.length, ...totals },
    entries: options.limit !== undefined ? entries.slice(0, options.limit) : entries,
    modules: computeModuleHealth(model.health),
    health: { files: model.health.length, bands },
    markers: {
      total: dated.markers.length,
      dated: dated.markers.filter((m) => m.introducedAt !== null).length,
      blamed: dated.blamed,
      failedFiles: dated.failedFiles,
    },
    windowDays,
    notices,
  };
}

/**
 * The register as Markdown (for a wiki or an issue) or as a SARIF 2.1.0 log (for GitHub code scanning).
 * @example
 * process.stdout.write(formatDebtRegister(register, 'sarif', '0.1.0'));
 */
export function formatDebtRegister(
  register: DebtRegister,
  format: 'markdown' | 'sarif',
  version: string,
): string {
  return format === 'markdown'
    ? renderDebtMarkdown(register)
    : `${JSON.stringify(createDebtSarif(register, version), null, 2)}\n`;
}

export interface TradeoffOptions extends Pick<DebtOptions, 'hourlyRate' | 'currency' | 'baseHoursPerChange'> {
  /** The code the item touches: paths, folders ending in '/', or globs (an item's areas or predicted area). */
  readonly areas: readonly string[];
  /** The item's effort in healthy code, person-hours. */
  readonly effortHours: number;
  /** What the work is, for the debt entry's title (default "the area of the work"). */
  readonly title?: string;
  /** Later items predicted to touch the same area (the plan's later items in the same files, for an item). */
  readonly upcoming?: readonly UpcomingWork[];
  readonly horizonMonths?: number;
}

export interface TradeoffReport {
  readonly areas: readonly string[];
  readonly files: readonly string[];
  /** Lowest health in the area. */
  readonly health: number;
  readonly debt: DebtEntry;
  readonly model: DebtRegister['model'];
  readonly tradeoff: Tradeoff;
}

/**
 * Build now or build right for work on an area: the area's debt (as if filed), its interest model, and the
 * comparison. `tpo tradeoff <id>` calls it with the item's area, effort and the upcoming items (item-tradeoff.ts).
 * @example
 * const report = await getTradeoff(ws.repo, ws.store, { areas: ['src/engine/'], effortHours: 16 });
 * report.tradeoff.recommendation; // 'pay-first'
 */
export async function getTradeoff(
  repo: RepositoryHandle,
  store: Store,
  options: TradeoffOptions,
): Promise<TradeoffReport> {
  const costs = await getFiledDebtCosts(
    repo,
    store,
    [{ id: 'tradeoff', title: options.title ?? 'the area of the work', areas: options.areas }],
    options,
  );
  const area = costs.areas.get('tradeoff')!;
  if (area.debt.area.files.length === 0)
    throw new TpoError(
      'NotFound',
      `no measured code file matches ${options.areas.join(', ')}; give paths, folders ending in "/" or globs relative to the repository root.`,
    );
  return {
    areas: options.areas,
    files: area.debt.area.files,
    health: area.debt.health,
    debt: area.debt,
    model: costs.model,
    tradeoff: computeTradeoff({
      effortHours: options.effortHours,
      extraTime: area.extraTime,
      extraTimeAfter: 0,
      principalHours: area.principalHours,
      interestHoursPerMonth: area.interestHoursPerMonth,
      upcoming: options.upcoming ?? [],
      ...(options.horizonMonths !== undefined ? { horizonMonths: options.horizonMonths } : {}),
    }),
  };
}

/** The debt model of one filed debt's area: what the build-now / pay-first trade-off needs. */
export interface FiledDebtCost {
  readonly debt: DebtEntry;
  /** Extra time a change in the area takes, the mean over its files weighted by lines of code (0.62 = 62 %). */
  readonly extraTime: number;
  readonly principalHours: number;
  readonly interestHoursPerMonth: number;
}

/**
 * The interest model's figures for debts the team filed (their areas as the register sees them), by filed id.
 * Reads the register once for all of them.
 * @example
 * const { areas } = await getFiledDebtCosts(ws.repo, ws.store, [{ id: 'T-3', title: 'Untangle billing', areas: ['src/billing/'] }]);
 * areas.get('T-3')?.extraTime; // 0.62
 */
export async function getFiledDebtCosts(
  repo: RepositoryHandle,
  store: Store,
  filed: readonly FiledDebt[],
  options: Pick<DebtOptions, 'hourlyRate' | 'currency' | 'baseHoursPerChange'> = {},
): Promise<{ readonly model: DebtRegister['model']; readonly areas: ReadonlyMap<string, FiledDebtCost> }> {
  const register = await getDebtRegister(repo, store, {
    ...(options.hourlyRate !== undefined ? { hourlyRate: options.hourlyRate } : {}),
    ...(options.currency !== undefined ? { currency: options.currency } : {}),
    ...(options.baseHoursPerChange !== undefined ? { baseHoursPerChange: options.baseHoursPerChange } : {}),
    filed,
  });
  const health = await loadHealthModel(repo, store);
  const areas = new Map<string, FiledDebtCost>();
  for (const f of filed) {
    const debt = register.entries.find((e) => e.id === `filed:${f.id}`);
    if (!debt) continue;
    let weight = 0;
    let sum = 0;
    for (const file of debt.area.files) {
      const h = health.healthByPath.get(file);
      const w = Math.max(1, h?.loc ?? 0);
      weight += w;
      sum += w * getExtraTime(h?.score ?? 10, register.model);
    }
    areas.set(f.id, {
      debt,
      extraTime: weight > 0 ? sum / weight : 0,
      principalHours: debt.cost.principalHours,
      interestHoursPerMonth: debt.cost.interestHoursPerMonth,
    });
  }
  return { model: register.model, areas };
}

/** What `tpo debt add <id>` files: a backlog item of kind `debt` tied to the candidate's files (ItemDraft's shape). */
export interface DebtItemDraft {
  readonly title: string;
  /** Markdown: the reasons, the cost and how it was estimated. */
  readonly description: string;
  readonly kind: 'debt';
  readonly areas: readonly string[];
  readonly tags: readonly string[];
}

/**
 * The backlog item a debt candidate becomes. Seam for `tpo debt add <id>`: the backlog's createItem takes it once
 * the backlog lands; the item then comes back in the register as filed debt (kind `debt`, same areas).
 * @example
 * const draft = getDebtItemDraft(register, 'unhealthy-hotspot:src/engine/hot.ts');
 */
export function getDebtItemDraft(register: DebtRegister, debtId: string): DebtItemDraft {
  if (debtId.startsWith('filed:')) {
    throw new TpoError(
      'Conflict',
      `${debtId} is already in the backlog as ${debtId.slice('filed:'.length)}.`,
      { debtId },
    );
  }
  const entry = register.entries.find((e) => e.id === debtId);
  if (!entry)
    throw new TpoError(
      'NotFound',
      `no debt "${debtId}" in the register; "tpo debt --json" lists every id (for example ${register.entries[0]?.id ?? 'unhealthy-hotspot:<file>'}).`,
      { debtId },
    );
  const { cost } = entry;
  const cur = register.model.currency;
  return {
    title: entry.title,
    description: [
      ...entry.reasons.map((r) => `- ${r}`),
      '',
      `Interest: ${cost.interestHoursPerMonth} h (${cost.interestMoneyPerMonth} ${cur}) a month at ${cost.changesPerMonth} changes a month; principal ${cost.principalHours} h (${cost.principalMoney} ${cur}): ${cost.principalBasis}.`,
      `Interest model: ${register.model.kind} (${register.model.source}).`,
      `Found by tpo at ${register.headCommit.slice(0, 12)} as ${entry.id}.`,
    ].join('\n'),
    kind: 'debt',
    areas: entry.area.files,
    tags: ['debt', entry.kind],
  };
}

/**
 * Files a debt candidate as a backlog item of kind `debt`, tied to its files; it then shows in the register as
 * filed debt (`filed:T-n`).
 * @example
 * const item = await fileDebt(ws.repo, ws.store, 'unhealthy-hotspot:src/engine/hot.ts');
 */
export async function fileDebt(
  repo: RepositoryHandle,
  store: Store,
  debtId: string,
  options: DebtOptions = {},
): Promise<Item> {
  const filed = await loadFiledDebt(store);
  const already = filed.find((f) => f.candidateId === debtId);
  if (already)
    throw new TpoError(
      'Conflict',
      `${debtId} is already in the backlog as ${already.id} ("tpo show ${already.id}").`,
      { debtId },
    );
  const register = await getDebtRegister(repo, store, { ...options, filed, limit: undefined });
  const draft = getDebtItemDraft(register, debtId);
  return addItem(store, {
    ...draft,
    status: 'idea',
    external: { tracker: DEBT_TRACKER, key: debtId, url: null },
  });
}
