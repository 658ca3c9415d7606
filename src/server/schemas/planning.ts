/**
 * Schemas of the debt, review and planning routes: the debt register and trade-offs, the review of a branch, the
 * plan and the Monte Carlo forecast. Hours are person-hours; money is in the register's currency; dates are
 * YYYY-MM-DD. Import only `@sinclair/typebox` here (the web UI reads it).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf } from './common.js';
import { ItemKindSchema, ItemStatusSchema, RankingSchemeSchema } from './backlog.js';

const HealthBandSchema = OneOf(
  ['healthy', 'warning', 'alert'],
  'healthy (9-10), warning (4-8.9), alert (< 4).',
);
const BandCountsSchema = Type.Object({
  healthy: Type.Integer(),
  warning: Type.Integer(),
  alert: Type.Integer(),
});

const MarkerKindSchema = OneOf(['TODO', 'FIXME', 'HACK', 'XXX']);

export const DebtEntrySchema = Type.Object(
  {
    id: Type.String({
      description: 'Stable id, e.g. unhealthy-hotspot:src/a.ts (filed:T-3 for filed debt).',
    }),
    kind: OneOf(['unhealthy-hotspot', 'import-cycle', 'god-file', 'knowledge-silo', 'debt-marker', 'filed']),
    title: Type.String(),
    area: Type.Object({ module: Type.String(), files: Type.Array(Type.String()) }),
    reasons: Type.Array(Type.String()),
    health: Type.Number({ description: 'Lowest code health (1-10) in the area.' }),
    markers: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          line: Type.Integer(),
          kind: MarkerKindSchema,
          text: Type.String(),
          introducedAt: Nullable(Type.Integer()),
          commit: Nullable(Type.String()),
          author: Nullable(Type.String()),
        }),
      ),
    ),
    itemId: Type.Optional(Type.String({ description: 'The backlog item that files this debt.' })),
    cost: Type.Object({
      interestHoursPerMonth: Type.Number(),
      interestMoneyPerMonth: Type.Number(),
      principalHours: Type.Number(),
      principalMoney: Type.Number(),
      paybackMonths: Nullable(Type.Number()),
      changesPerMonth: Type.Number(),
      principalBasis: Type.String(),
    }),
    rank: Type.Integer(),
  },
  { title: 'DebtEntry' },
);
export type DebtEntry = Static<typeof DebtEntrySchema>;

const InterestModelSchema = Type.Object({
  kind: OneOf(['measured', 'default']),
  extraTimeAlert: Type.Number({ description: 'Extra time a change to alert-band code takes (0.62 = 62 %).' }),
  baseHoursPerChange: Type.Number(),
  hourlyRate: Type.Number(),
  currency: Type.String(),
  source: Type.String(),
  sample: Type.Object({
    alertChangeSets: Type.Integer(),
    healthyChangeSets: Type.Integer(),
    medianAlertHours: Nullable(Type.Number()),
    medianHealthyHours: Nullable(Type.Number()),
    note: Type.String(),
  }),
});

export const ModuleHealthSchema = Type.Object(
  {
    module: Type.String(),
    files: Type.Integer(),
    loc: Type.Integer(),
    score: Type.Number({ description: 'Code health 1-10, weighted by lines of code.' }),
    band: HealthBandSchema,
    bands: BandCountsSchema,
    worstFile: Nullable(Type.String()),
  },
  { title: 'ModuleHealth' },
);
export type ModuleHealth = Static<typeof ModuleHealthSchema>;

export const DebtRegisterSchema = Type.Object(
  {
    repo: Type.String(),
    headCommit: Type.String(),
    model: InterestModelSchema,
    totals: Type.Object({
      entries: Type.Integer(),
      interestHoursPerMonth: Type.Number(),
      interestMoneyPerMonth: Type.Number(),
      principalHours: Type.Number(),
      principalMoney: Type.Number(),
    }),
    entries: Type.Array(DebtEntrySchema),
    modules: Type.Array(ModuleHealthSchema),
    health: Type.Object({ files: Type.Integer(), bands: BandCountsSchema }),
    markers: Type.Object({
      total: Type.Integer(),
      dated: Type.Integer(),
      blamed: Type.Integer(),
      failedFiles: Type.Array(Type.String()),
    }),
    windowDays: Type.Integer(),
    notices: Type.Array(Type.String()),
  },
  { title: 'DebtRegister' },
);
export type DebtRegister = Static<typeof DebtRegisterSchema>;

export const DebtMapSchema = Type.Object(
  {
    headCommit: Type.String(),
    windowDays: Type.Integer(),
    model: InterestModelSchema,
    files: Type.Array(
      Type.Object({
        path: Type.String(),
        module: Type.String(),
        loc: Type.Integer(),
        health: Type.Number({ description: 'Code health 1-10.' }),
        band: HealthBandSchema,
        changesPerMonth: Type.Number(),
        interestHoursPerMonth: Type.Number({ description: 'Hours a month its health costs.' }),
      }),
    ),
  },
  { title: 'DebtMap' },
);
export type DebtMap = Static<typeof DebtMapSchema>;
export type DebtMapFile = DebtMap['files'][number];

const TradeoffOptionSchema = Type.Object({
  hoursOverHorizon: Type.Number(),
  hoursToItem: Type.Number(),
});

export const TradeoffReportSchema = Type.Object(
  {
    areas: Type.Array(Type.String()),
    files: Type.Array(Type.String()),
    health: Type.Number({ description: 'Lowest code health in the area.' }),
    debt: DebtEntrySchema,
    model: InterestModelSchema,
    tradeoff: Type.Object({
      buildNow: TradeoffOptionSchema,
      payFirst: TradeoffOptionSchema,
      breakEvenMonths: Nullable(Type.Number()),
      horizonMonths: Type.Number(),
      recommendation: OneOf(['build-now', 'pay-first']),
      interestSavedPerMonth: Type.Number(),
      reasons: Type.Array(Type.String()),
    }),
    item: Nullable(
      Type.Object(
        { id: Type.String(), title: Type.String(), areaSource: OneOf(['declared', 'predicted']) },
        { description: 'The item asked about.' },
      ),
    ),
    effortHours: Type.Number({ description: 'Person-hours of the work in healthy code.' }),
    effortSource: OneOf(
      ['stated', 'option', 'plan'],
      "stated (the item's effort x 40 h), option (given in the request) or plan (the plan's assumed effort).",
    ),
    upcoming: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        sharedFiles: Type.Integer(),
        effortHours: Type.Number(),
        inMonths: Type.Number({ description: 'When the plan starts it, months after this item.' }),
      }),
      { description: 'Later items of the plan in the same files: the work the interest would slow down.' },
    ),
  },
  { title: 'TradeoffReport' },
);
export type TradeoffReport = Static<typeof TradeoffReportSchema>;

const FileMeasuresSchema = Type.Object({
  loc: Type.Integer(),
  complexity: Type.Number(),
  cyclomatic: Nullable(Type.Number()),
});

const ReviewedFileSchema = Type.Object({
  path: Type.String(),
  oldPath: Nullable(Type.String()),
  status: OneOf(['A', 'M', 'D', 'R', 'C', 'T']),
  isCode: Type.Boolean(),
  added: Nullable(Type.Integer()),
  deleted: Nullable(Type.Integer()),
  before: Nullable(FileMeasuresSchema),
  after: Nullable(FileMeasuresSchema),
  complexityAdded: Type.Number(),
  cyclomaticAdded: Nullable(Type.Number()),
  health: Nullable(Type.Number()),
  band: Nullable(HealthBandSchema),
  hotspotRank: Nullable(Type.Integer()),
});

export const ReviewReportSchema = Type.Object(
  {
    base: Type.String(),
    head: Type.String(),
    mergeBase: Type.String(),
    authors: Type.Array(Type.String()),
    files: Type.Array(ReviewedFileSchema),
    hotspotsTouched: Type.Array(ReviewedFileSchema),
    complexityAdded: Type.Number(),
    complexityFlagged: Type.Array(Type.String()),
    newMarkers: Type.Array(
      Type.Object({ path: Type.String(), line: Type.Integer(), kind: MarkerKindSchema, text: Type.String() }),
    ),
    missingCoChanges: Type.Array(
      Type.Object({
        path: Type.String(),
        because: Type.String(),
        confidence: Type.Number(),
        shared: Type.Integer(),
        revisions: Type.Integer(),
        evidence: Type.String(),
      }),
    ),
    modulesReached: Type.Array(Type.Object({ module: Type.String(), files: Type.Integer() })),
    reviewers: Type.Array(
      Type.Object({
        name: Type.String(),
        files: Type.Integer(),
        weight: Type.Number(),
        reason: Type.String(),
      }),
    ),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        via: OneOf(['option', 'reference', 'localization']),
        area: Type.Array(Type.String()),
      }),
    ),
    outsideArea: Type.Array(Type.String()),
    risk: Type.Object({
      level: OneOf(['low', 'medium', 'high']),
      points: Type.Number(),
      reasons: Type.Array(Type.Object({ points: Type.Number(), reason: Type.String() })),
    }),
    notices: Type.Array(Type.String()),
    markdown: Type.String({ description: 'The report as Markdown, for a pull-request comment.' }),
  },
  { title: 'ReviewReport' },
);
export type ReviewReport = Static<typeof ReviewReportSchema>;

export const BranchListSchema = Type.Object(
  {
    current: Nullable(Type.String({ description: 'The branch checked out, if any.' })),
    defaultBase: Nullable(Type.String({ description: 'What a review compares against by default.' })),
    branches: Type.Array(
      Type.Object({
        name: Type.String(),
        commit: Type.String(),
        committedAt: Type.Integer(),
        subject: Type.String(),
        remote: Type.Boolean(),
      }),
    ),
  },
  { title: 'BranchList' },
);
export type BranchList = Static<typeof BranchListSchema>;

const ReasonSchema = Type.Object({ kind: Type.String(), text: Type.String() });

export const PlannedItemSchema = Type.Object(
  {
    position: Type.Integer(),
    id: Type.String(),
    title: Type.String(),
    kind: ItemKindSchema,
    status: ItemStatusSchema,
    score: Nullable(Type.Number()),
    adjustedScore: Nullable(Type.Number()),
    priority: Nullable(Type.Number()),
    reasons: Type.Array(ReasonSchema),
    waitsFor: Type.Array(Type.String()),
    unblocks: Type.Array(Type.String()),
    effortWeeks: Type.Number({ description: 'Person-weeks the plan assumes.' }),
    effortAssumed: Type.Boolean({ description: 'True when no effort was stated (the median was assumed).' }),
    weight: Type.Number({ description: 'How many typical items this one counts as in the forecast.' }),
    weightReason: Nullable(Type.String()),
    lane: Type.Integer(),
    startWeek: Type.Number(),
    finishWeek: Type.Number(),
    startsAfter: Type.Array(Type.String()),
    modules: Type.Array(Type.String()),
    unhealthyFiles: Type.Array(Type.String()),
    unhealthyModules: Type.Array(Type.String()),
  },
  { title: 'PlannedItem' },
);
export type PlannedItem = Static<typeof PlannedItemSchema>;

export const PlanReportSchema = Type.Object(
  {
    scheme: RankingSchemeSchema,
    wip: Type.Integer(),
    items: Type.Array(PlannedItemSchema),
    finishOrder: Type.Array(Type.String()),
    suggested: Type.Array(
      Type.Object({
        kind: OneOf(['pay-debt-first', 'one-at-a-time']),
        blocker: Type.String(),
        blocked: Type.String(),
        files: Type.Array(Type.String()),
        modules: Type.Array(Type.String()),
        reason: Type.String(),
        breakEvenMonths: Type.Optional(Nullable(Type.Number())),
        horizonMonths: Type.Optional(Type.Number()),
      }),
    ),
    judged: Type.Integer(),
    closed: Type.Integer(),
    notices: Type.Array(Type.String()),
    scanned: Type.Boolean(),
  },
  { title: 'Plan' },
);
export type PlanReport = Static<typeof PlanReportSchema>;

const ForecastDateSchema = Type.Object({
  days: Nullable(Type.Number({ description: 'Days from the start.' })),
  fractionalDays: Nullable(
    Type.Number({ description: 'Where within that day the percentile falls, in days from the start.' }),
  ),
  date: Nullable(Type.String({ description: 'YYYY-MM-DD; null beyond the horizon.' })),
});

export const ItemForecastSchema = Type.Object(
  {
    id: Type.String(),
    position: Type.Integer(),
    weight: Type.Number(),
    cumulativeWeight: Type.Number(),
    p50: ForecastDateSchema,
    p85: ForecastDateSchema,
    p95: ForecastDateSchema,
    title: Type.String(),
    weightReason: Nullable(Type.String()),
    words: Type.String({ description: '"85 % likely by 12 March 2027", one per percentile.' }),
  },
  { title: 'ItemForecast' },
);
export type ItemForecast = Static<typeof ItemForecastSchema>;

export const ForecastReportSchema = Type.Object(
  {
    start: Type.String(),
    trials: Type.Integer(),
    seed: Type.Integer(),
    throughput: Type.Object({
      source: OneOf(['backlog', 'tracker', 'git']),
      weekly: Type.Array(Type.Number()),
      windowStart: Type.Integer(),
      end: Type.Integer(),
      weeks: Type.Integer(),
      items: Type.Integer(),
      historyItems: Type.Integer(),
      mean: Type.Number(),
      weekdayShares: Type.Array(Type.Number()),
      daily: Type.Array(Type.Number()),
      varianceRatio: Type.Number(),
      effectiveWeeks: Type.Number(),
      warnings: Type.Array(Type.String()),
      label: Type.String(),
    }),
    plan: Type.Object({ wip: Type.Integer(), scheme: RankingSchemeSchema, items: Type.Integer() }),
    items: Type.Array(ItemForecastSchema),
    howMany: Nullable(
      Type.Object({
        date: Type.String(),
        days: Type.Number(),
        p50: Type.Integer(),
        p85: Type.Integer(),
        p95: Type.Integer(),
        planned: Type.Integer(),
        words: Type.String(),
      }),
    ),
    item: Nullable(ItemForecastSchema),
    warnings: Type.Array(Type.String()),
  },
  { title: 'Forecast' },
);
export type ForecastReport = Static<typeof ForecastReportSchema>;
