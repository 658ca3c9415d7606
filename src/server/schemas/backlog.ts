/**
 * Schemas of the backlog routes: items, their edits and dependencies, the ranking with technical judgment, one
 * item's judgment, imports and exports. Times are Unix seconds; effort is in person-weeks unless a field says
 * person-days; confidence is a percentage (0-100). Import only `@sinclair/typebox` here (the web UI reads it).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf } from './common.js';

export const ITEM_KIND_VALUES = ['feature', 'bug', 'debt', 'chore'] as const;
export const ITEM_STATUS_VALUES = ['idea', 'ready', 'in-progress', 'done', 'dropped'] as const;

export const ItemKindSchema = OneOf(ITEM_KIND_VALUES, 'feature, bug, debt or chore.');
export const ItemStatusSchema = OneOf(ITEM_STATUS_VALUES, 'idea, ready, in-progress, done or dropped.');
export const ItemIdSchema = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[A-Za-z][A-Za-z0-9]*-[1-9][0-9]*$|^[1-9][0-9]*$',
  description: 'An item id such as T-42 (or just 42).',
});
export const ImpactSchema = Type.Union(
  [0.25, 0.5, 1, 2, 3].map((v) => Type.Literal(v)),
  { description: 'RICE impact: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal.' },
);

export const RiceInputsSchema = Type.Object(
  {
    reach: Nullable(Type.Number({ minimum: 0, description: 'People (or events) reached per quarter.' })),
    impact: Nullable(ImpactSchema),
    confidence: Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'Percent.' })),
    effort: Nullable(Type.Number({ exclusiveMinimum: 0, description: 'Person-weeks, as stated.' })),
  },
  { title: 'RiceInputs' },
);
export type RiceInputs = Static<typeof RiceInputsSchema>;

export const CostOfDelaySchema = Type.Object(
  {
    businessValue: Nullable(Type.Number({ minimum: 0 })),
    timeCriticality: Nullable(Type.Number({ minimum: 0 })),
    riskReduction: Nullable(Type.Number({ minimum: 0 })),
  },
  {
    title: 'CostOfDelay',
    description: 'WSJF cost-of-delay components on a relative scale (1, 2, 3, 5, 8 ...).',
  },
);

const ExternalRefSchema = Type.Object({
  tracker: Type.String(),
  key: Type.String(),
  url: Nullable(Type.String()),
});

export const ItemSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String({ description: 'Markdown.' }),
    kind: ItemKindSchema,
    status: ItemStatusSchema,
    rice: RiceInputsSchema,
    costOfDelay: CostOfDelaySchema,
    tags: Type.Array(Type.String()),
    requester: Nullable(Type.String()),
    targetDate: Nullable(Type.String({ description: 'YYYY-MM-DD.' })),
    areas: Type.Array(Type.String(), { description: 'Code areas named explicitly: paths or globs.' }),
    external: Nullable(ExternalRefSchema),
    blockedBy: Type.Array(Type.String(), { description: 'Items this one waits for.' }),
    history: Type.Array(
      Type.Object({ from: Nullable(ItemStatusSchema), to: ItemStatusSchema, at: Type.Integer() }),
    ),
    startedAt: Nullable(Type.Integer()),
    finishedAt: Nullable(Type.Integer()),
    createdAt: Type.Integer(),
    updatedAt: Type.Integer(),
    version: Type.Integer({ description: 'Sent back as the ETag; writes need it in If-Match.' }),
  },
  { title: 'Item' },
);
export type Item = Static<typeof ItemSchema>;

export const ItemListSchema = Type.Object({ items: Type.Array(ItemSchema), total: Type.Integer() });
export type ItemList = Static<typeof ItemListSchema>;

export const ItemDetailsSchema = Type.Object(
  {
    item: ItemSchema,
    blocks: Type.Array(Type.String(), { description: 'Items that wait for this one.' }),
    rice: Nullable(Type.Number({ description: 'RICE from the stated inputs.' })),
    wsjf: Nullable(Type.Number({ description: 'WSJF from the stated inputs.' })),
  },
  { title: 'ItemDetails' },
);
export type ItemDetails = Static<typeof ItemDetailsSchema>;

export const ItemFilterQuerySchema = Type.Object({
  status: Type.Optional(Type.Array(ItemStatusSchema, { description: 'Any of these statuses.' })),
  kind: Type.Optional(Type.Array(ItemKindSchema, { description: 'Any of these kinds.' })),
  tag: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), { description: 'Every one of these tags.' }),
  ),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Text in the id, title, description or key.' }),
  ),
  open: Type.Optional(Type.Boolean({ description: 'Only idea, ready and in-progress items.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

const fieldProperties = {
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
  kind: Type.Optional(ItemKindSchema),
  status: Type.Optional(ItemStatusSchema),
  rice: Type.Optional(Type.Partial(RiceInputsSchema, { additionalProperties: false })),
  costOfDelay: Type.Optional(Type.Partial(CostOfDelaySchema, { additionalProperties: false })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
  requester: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  targetDate: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  areas: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 100 })),
  blockedBy: Type.Optional(
    Type.Array(ItemIdSchema, { maxItems: 100, description: 'Items it waits for (replaces the list).' }),
  ),
  blocks: Type.Optional(
    Type.Array(ItemIdSchema, { maxItems: 100, description: 'Items that wait for it (added to theirs).' }),
  ),
};

export const CreateItemBodySchema = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 300 }), ...fieldProperties },
  { additionalProperties: false, title: 'CreateItem' },
);
export type CreateItemBody = Static<typeof CreateItemBodySchema>;

export const UpdateItemBodySchema = Type.Object(
  { title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })), ...fieldProperties },
  { additionalProperties: false, title: 'UpdateItem', description: 'Only the fields to change.' },
);
export type UpdateItemBody = Static<typeof UpdateItemBodySchema>;

export const MoveItemBodySchema = Type.Object(
  { status: ItemStatusSchema },
  { additionalProperties: false, title: 'MoveItem' },
);

export const DependencyResultSchema = Type.Object(
  {
    blocker: Type.String(),
    blocked: ItemSchema,
    changed: Type.Boolean({ description: 'False when it already was (or was not) so.' }),
  },
  { title: 'DependencyResult' },
);

const RankReasonSchema = Type.Object({
  kind: OneOf(['score', 'unscored', 'adjusted', 'ranked-up', 'unblocks', 'waits-for']),
  text: Type.String(),
});

export const RankedItemSchema = Type.Object(
  {
    position: Type.Integer({ description: '1 for the item to do first.' }),
    id: Type.String(),
    title: Type.String(),
    kind: ItemKindSchema,
    status: ItemStatusSchema,
    tags: Type.Array(Type.String()),
    score: Nullable(Type.Number({ description: 'From the stated inputs.' })),
    adjustedScore: Nullable(Type.Number({ description: 'After the technical judgment (tech-adjusted).' })),
    priority: Nullable(Type.Number({ description: 'What the ranking orders by.' })),
    rankedUpBy: Nullable(
      Type.Object({ id: Type.String(), score: Type.Number(), through: Type.Array(Type.String()) }),
    ),
    unblocks: Type.Array(Type.String()),
    waitsFor: Type.Array(Type.String()),
    reasons: Type.Array(RankReasonSchema),
    technical: Nullable(
      Type.Object({
        effortWeeks: Type.Number({ description: 'Technical P50, person-weeks.' }),
        effortP85Weeks: Type.Number(),
        disguiseRatio: Nullable(Type.Number({ description: 'Technical P50 / stated effort.' })),
        biggerThanItLooks: Type.Boolean(),
        reasons: Type.Array(Type.String()),
        areaSource: OneOf(['declared', 'predicted']),
      }),
    ),
  },
  { title: 'RankedItem' },
);
export type RankedItem = Static<typeof RankedItemSchema>;

export const RankingSchemeSchema = OneOf(['rice', 'wsjf'], 'rice (default) or wsjf.');

export const RankingSchema = Type.Object(
  {
    scheme: RankingSchemeSchema,
    items: Type.Array(RankedItemSchema),
    total: Type.Integer({ description: 'Open items ranked (before limit and offset).' }),
    closed: Type.Integer({ description: 'Done or dropped items, left out.' }),
    judged: Type.Integer({ description: 'Open items with a technical judgment.' }),
    unjudged: Type.Integer(),
  },
  { title: 'Ranking' },
);
export type Ranking = Static<typeof RankingSchema>;

const AreaFileSchema = Type.Object({
  path: Type.String(),
  module: Type.String(),
  confidence: Type.Number({ description: 'In [0, 1].' }),
  evidence: Type.Array(Type.String()),
});

export const ItemJudgmentSchema = Type.Object(
  {
    area: Type.Object({
      source: OneOf(['declared', 'predicted']),
      files: Type.Array(AreaFileSchema),
      modules: Type.Array(Type.String()),
    }),
    blastRadius: Type.Object({
      dependents: Type.Array(
        Type.Object({ path: Type.String(), module: Type.String(), depth: Type.Integer() }),
      ),
      coupled: Type.Array(
        Type.Object({
          path: Type.String(),
          module: Type.String(),
          confidence: Type.Number(),
          shared: Type.Integer(),
        }),
      ),
      modules: Type.Array(Type.String()),
      entryPoints: Type.Array(
        Type.Object({
          path: Type.String(),
          kind: OneOf(['page', 'route', 'command', 'public-api', 'root']),
          how: Type.String(),
        }),
      ),
    }),
    risks: Type.Array(
      Type.Object({
        kind: Type.String(),
        label: Type.String(),
        figure: Type.Number(),
        threshold: Type.Number(),
        unit: Type.String(),
        detail: Type.String(),
        files: Type.Array(Type.String()),
        effortFactor: Type.Number(),
      }),
    ),
    effort: Type.Object({
      p50: Type.Number({ description: 'Person-days.' }),
      p85: Type.Number({ description: 'Person-days.' }),
      model: OneOf(['history', 'size']),
      similar: Type.Array(
        Type.Object({
          sha: Type.String(),
          message: Type.String(),
          days: Type.Number(),
          files: Type.Integer(),
        }),
      ),
      calibration: Type.Number(),
      calibratedBy: Type.Integer(),
      riskFactor: Type.Number(),
      spread: OneOf(
        ['measured', 'assumed'],
        "measured: P85 / P50 from the repository's durations; assumed: the size model's default (no measurable merged branch), which lowers no confidence.",
      ),
      notes: Type.Array(Type.String()),
    }),
    disguiseRatio: Nullable(Type.Number()),
    biggerThanItLooks: Type.Boolean(),
    reasons: Type.Array(Type.String()),
  },
  { title: 'ItemJudgment' },
);
export type ItemJudgment = Static<typeof ItemJudgmentSchema>;

export const ItemJudgmentReportSchema = Type.Object(
  {
    id: Type.String(),
    judgment: Nullable(ItemJudgmentSchema),
    note: Nullable(Type.String({ description: 'Why there is no judgment, when there is none.' })),
  },
  { title: 'ItemJudgmentReport' },
);
export type ItemJudgmentReport = Static<typeof ItemJudgmentReportSchema>;

export const IMPORT_FORMAT_VALUES = ['json', 'csv', 'github', 'jira', 'linear'] as const;

export const ImportBodySchema = Type.Object(
  {
    content: Type.String({ maxLength: 900_000, description: 'The file as text (UTF-8).' }),
    file: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Its name, for messages and detection.' }),
    ),
    format: Type.Optional(
      OneOf(IMPORT_FORMAT_VALUES, 'json, csv, github, jira or linear; default: detected.'),
    ),
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Check and report; write nothing.' })),
  },
  { additionalProperties: false, title: 'ImportBacklog' },
);
export type ImportBody = Static<typeof ImportBodySchema>;

export const ImportResultSchema = Type.Object(
  {
    format: Type.String(),
    file: Type.String(),
    dryRun: Type.Boolean(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        action: OneOf(['created', 'updated', 'unchanged']),
        source: Type.String(),
      }),
    ),
    notices: Type.Array(Type.String()),
    durationMs: Type.Number(),
  },
  { title: 'ImportResult' },
);
export type ImportResult = Static<typeof ImportResultSchema>;
