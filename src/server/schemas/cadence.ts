/**
 * Schemas of Scrum and Kanban (`tpo cadence`, `tpo sprint …`, `tpo flow`). Sizes and capacities are person-days;
 * days are YYYY-MM-DD (UTC); times are Unix seconds.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Status = Type.Union(
  ['idea', 'ready', 'in-progress', 'done', 'dropped'].map((s) => Type.Literal(s)),
  { description: 'An item status.' },
);
const CadenceKind = Type.Union([Type.Literal('scrum'), Type.Literal('kanban'), Type.Literal('hybrid')], {
  description: 'scrum: sprints; kanban: WIP limits and flow; hybrid: sprints with WIP limits.',
});
const WipLimits = Type.Object(
  {
    idea: Type.Optional(Type.Integer({ minimum: 1 })),
    ready: Type.Optional(Type.Integer({ minimum: 1 })),
    'in-progress': Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { description: 'Most items allowed in each open status; a status without a limit is absent.' },
);

export const CadenceSettingsSchema = Type.Object(
  {
    cadence: CadenceKind,
    wipLimits: WipLimits,
    updatedAt: Nullable(Type.Integer({ description: 'Null while the defaults hold (Kanban, no limits).' })),
  },
  { title: 'CadenceSettings' },
);
export type CadenceSettingsView = Static<typeof CadenceSettingsSchema>;

const LimitChange = Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 })));
export const UpdateCadenceBodySchema = Type.Object(
  {
    cadence: Type.Optional(CadenceKind),
    wipLimits: Type.Optional(
      Type.Object(
        { idea: LimitChange, ready: LimitChange, 'in-progress': LimitChange },
        { additionalProperties: false, description: 'Limits to set; null removes one; absent ones stay.' },
      ),
    ),
  },
  { additionalProperties: false, title: 'UpdateCadence' },
);
export type UpdateCadenceBody = Static<typeof UpdateCadenceBodySchema>;

const SprintState = Type.Union(
  [Type.Literal('planned'), Type.Literal('active'), Type.Literal('finished'), Type.Literal('undated')],
  {
    description:
      'Before its first day, from its first to its last day, after it, or without dates (imported).',
  },
);
const Member = Type.Object({ name: Type.String(), days: Type.Number() });

const VelocitySchema = Type.Object({
  sprints: Type.Array(
    Type.Object({
      name: Type.String(),
      end: Day,
      doneDays: Type.Number(),
      doneItems: Type.Integer(),
      capacityDays: Nullable(Type.Number()),
    }),
  ),
  meanDays: Nullable(Type.Number({ description: 'Person-days done per finished sprint (last 3).' })),
  meanItems: Nullable(Type.Number()),
  focusFactor: Nullable(Type.Number({ description: 'Done person-days / capacity over those sprints.' })),
});

const sprintFields = {
  name: Type.String(),
  start: Nullable(Day),
  end: Nullable(Day),
  state: SprintState,
  capacityDays: Nullable(Type.Number()),
  committedItems: Type.Integer(),
  committedDays: Type.Number(),
  doneItems: Type.Integer(),
  doneDays: Type.Number(),
  capacityShare: Nullable(Type.Number({ description: 'doneDays / capacityDays.' })),
  missing: Type.Array(Type.String(), { description: 'Committed items no longer in the backlog.' }),
  goal: Nullable(Type.String()),
  startedAt: Nullable(Type.Integer()),
};

export const SprintSummarySchema = Type.Object(
  { ...sprintFields, members: Type.Array(Member), tracker: Nullable(Type.String()) },
  { title: 'SprintSummary' },
);
export type SprintSummary = Static<typeof SprintSummarySchema>;

export const SprintListSchema = Type.Object(
  { sprints: Type.Array(SprintSummarySchema) },
  { title: 'SprintList' },
);
export type SprintList = Static<typeof SprintListSchema>;

export const SprintStatusSchema = Type.Object(
  {
    ...sprintFields,
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        status: Status,
        sizeDays: Type.Number(),
        technical: Type.Boolean({ description: 'Counted at its technical size (bigger than it looks).' }),
        done: Type.Boolean(),
      }),
    ),
    burndown: Type.Array(
      Type.Object({
        day: Day,
        remainingDays: Nullable(Type.Number({ description: 'Null for days still to come.' })),
        idealDays: Type.Number(),
        scopeDays: Type.Number({ description: 'Person-days committed by the end of the day.' }),
      }),
    ),
    velocity: VelocitySchema,
    cadence: CadenceKind,
    notices: Type.Array(Type.String()),
  },
  { title: 'SprintStatus' },
);
export type SprintStatus = Static<typeof SprintStatusSchema>;

const candidateFields = {
  id: Type.String(),
  title: Type.String(),
  status: Status,
  position: Type.Integer(),
  sizeDays: Type.Number(),
  statedDays: Nullable(Type.Number()),
  technical: Type.Boolean(),
  sizeAssumed: Type.Boolean(),
  sizeReason: Nullable(Type.String()),
  waitsFor: Type.Array(Type.String()),
};

export const SprintPlanSchema = Type.Object(
  {
    sprint: SprintSummarySchema,
    capacityDays: Type.Number(),
    limitDays: Type.Number(),
    limitReason: Type.String(),
    selected: Type.Array(Type.Object({ ...candidateFields, cumulativeDays: Type.Number() })),
    plannedDays: Type.Number(),
    leftDays: Type.Number(),
    skipped: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        sizeDays: Type.Number(),
        technical: Type.Boolean(),
        reason: Type.Union([Type.Literal('too-big'), Type.Literal('waits-for'), Type.Literal('taken')]),
        text: Type.String(),
      }),
    ),
    skippedTotal: Type.Integer({
      description: 'Left out above the last item taken (only the first 10 are listed).',
    }),
    technical: Type.Array(Type.String()),
    statedDays: Type.Number(),
    velocity: VelocitySchema,
    committed: Type.Boolean(),
    cadence: CadenceKind,
    notices: Type.Array(Type.String()),
  },
  { title: 'SprintPlan' },
);
export type SprintPlanView = Static<typeof SprintPlanSchema>;

export const SprintForecastSchema = Type.Object(
  {
    trials: Type.Integer(),
    seed: Type.Integer(),
    velocity: VelocitySchema,
    samples: Type.Array(Type.Object({ name: Type.String(), doneDays: Type.Number() })),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        position: Type.Integer(),
        sizeDays: Type.Number(),
        cumulativeDays: Type.Number(),
        technical: Type.Boolean(),
        p50: Nullable(Type.Integer({ description: 'Sprints from now.' })),
        p85: Nullable(Type.Integer()),
        p95: Nullable(Type.Integer()),
        words: Type.String({ description: '"85 % likely within 3 sprints".' }),
      }),
    ),
    words: Type.String(),
    warnings: Type.Array(Type.String()),
  },
  { title: 'SprintForecast' },
);
export type SprintForecastView = Static<typeof SprintForecastSchema>;

const StatusCounts = Type.Object({
  idea: Type.Integer(),
  ready: Type.Integer(),
  'in-progress': Type.Integer(),
  done: Type.Integer(),
  dropped: Type.Integer(),
});

export const FlowSchema = Type.Object(
  {
    cadence: CadenceKind,
    wipLimits: WipLimits,
    window: Type.Object({ start: Day, end: Day, weeks: Type.Integer() }),
    throughput: Type.Object({
      weekly: Type.Array(Type.Integer()),
      total: Type.Integer(),
      meanPerWeek: Type.Number(),
    }),
    cycleTime: Type.Object({
      count: Type.Integer(),
      withoutStart: Type.Integer(),
      p50: Nullable(Type.Integer()),
      p70: Nullable(Type.Integer()),
      p85: Nullable(Type.Integer()),
      p95: Nullable(Type.Integer()),
      days: Type.Array(Type.Integer(), { description: 'Every cycle time in the window, ascending.' }),
    }),
    wip: Type.Array(
      Type.Object({
        status: Status,
        count: Type.Integer(),
        limit: Nullable(Type.Integer()),
        over: Type.Boolean(),
      }),
    ),
    aging: Type.Array(
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        status: Status,
        started: Day,
        ageDays: Type.Integer(),
        overP85: Type.Boolean(),
      }),
    ),
    breaches: Type.Array(
      Type.Object({
        status: Status,
        limit: Type.Integer(),
        days: Type.Integer(),
        worst: Type.Integer(),
        now: Type.Boolean(),
      }),
    ),
    cumulativeFlow: Type.Array(Type.Object({ day: Day, counts: StatusCounts })),
    columns: Type.Array(
      Type.Object({
        status: Status,
        limit: Nullable(Type.Integer()),
        count: Type.Integer(),
        over: Type.Boolean(),
        cards: Type.Array(
          Type.Object({
            id: Type.String(),
            title: Type.String(),
            kind: Type.String(),
            ageDays: Type.Integer(),
            overP85: Type.Boolean(),
          }),
        ),
      }),
    ),
    warnings: Type.Array(Type.String()),
  },
  { title: 'Flow' },
);
export type Flow = Static<typeof FlowSchema>;

export const AddSprintBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    start: Day,
    end: Day,
    capacityDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
    members: Type.Optional(Type.Array(Member, { maxItems: 200 })),
    goal: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, title: 'AddSprint' },
);
export type AddSprintBody = Static<typeof AddSprintBodySchema>;

export const SprintNameBodySchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false, title: 'SprintName' },
);
export type SprintNameBody = Static<typeof SprintNameBodySchema>;
