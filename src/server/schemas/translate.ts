/**
 * Schemas of the translation routes: an explanation (sentences with their traced figures), a breakdown into tasks
 * per layer, and the assessment "do we need a technical product owner?". Person-days and dates as in the CLI's
 * JSON. Import only `@sinclair/typebox` here (the web UI reads it).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf } from './common.js';

export const AudienceSchema = OneOf(
  ['stakeholder', 'engineer'],
  'stakeholder: plain words; engineer: paths, metrics and thresholds.',
);

export const ExplanationSchema = Type.Object({
  id: Type.String({ description: 'The item id, or "request" for free text.' }),
  title: Type.String(),
  audience: AudienceSchema,
  kind: OneOf(['item', 'text']),
  areaSource: OneOf(['declared', 'predicted']),
  sentences: Type.Array(
    Type.Object({
      topic: OneOf(['size', 'reach', 'risk', 'date']),
      text: Type.String(),
      figures: Type.Array(
        Type.Object({
          field: Type.String({ description: 'Where the figure came from, e.g. judgment.effort.p50.' }),
          raw: Type.Union([Type.Number(), Type.String()]),
          conversion: OneOf(['number', 'percent', 'long-date', 'text', 'sha']),
          shown: Type.String(),
          unit: Type.String(),
        }),
      ),
      fields: Type.Array(Type.String()),
    }),
  ),
  readingEase: Type.Number({
    description: 'Flesch reading ease of the sentences (60 or more is plain English).',
  }),
  forecast: Nullable(
    Type.Object({
      dates: Type.Array(Type.Object({ percent: Type.Integer(), date: Nullable(Type.String()) })),
    }),
  ),
  notices: Type.Array(Type.String()),
});
export type ExplanationBody = Static<typeof ExplanationSchema>;

const LayerSchema = OneOf(['data', 'domain', 'api', 'ui', 'tests', 'docs']);

export const BreakdownSchema = Type.Object({
  goal: Type.Object({ id: Type.String(), title: Type.String() }),
  kind: OneOf(['item', 'text']),
  effort: Type.Object({ p50: Type.Number(), p85: Type.Number() }, { description: 'Person-days.' }),
  tasks: Type.Array(
    Type.Object({
      layer: LayerSchema,
      title: Type.String(),
      files: Type.Array(
        Type.Object({
          path: Type.String(),
          role: OneOf(['area', 'dependent', 'coupled', 'release', 'reached']),
          layerWhy: Type.String(),
        }),
      ),
      people: Type.Array(
        Type.Object({ name: Type.String(), share: Type.Number(), inactive: Type.Boolean() }),
      ),
      risks: Type.Array(Type.String()),
      effort: Type.Object({ p50: Type.Number(), p85: Type.Number() }, { description: 'Person-days.' }),
      blockedBy: Type.Array(LayerSchema),
      waitsBecause: Type.Array(Type.String()),
    }),
  ),
  notes: Type.Array(Type.String()),
  created: Type.Array(
    Type.Object({ id: Type.String(), layer: Type.String(), blockedBy: Type.Array(Type.String()) }),
  ),
});
export type BreakdownBody = Static<typeof BreakdownSchema>;

export const AssessmentSchema = Type.Object({
  verdict: OneOf(['dedicated-tpo', 'po-with-tech-lead', 'lead-covers-it']),
  verdictText: Type.String(),
  score: Type.Integer(),
  signals: Type.Array(
    Type.Object({
      key: OneOf(['technology', 'teams', 'disguise', 'knowledge']),
      question: Type.String(),
      answer: Type.String(),
      figure: Nullable(Type.Number()),
      unit: Type.String(),
      rule: Type.String(),
      points: Type.Integer(),
      evidence: Type.Array(Type.String()),
    }),
  ),
  carriers: Type.Array(
    Type.Object({ name: Type.String(), modules: Type.Integer(), ofModules: Type.Integer() }),
  ),
  reasons: Type.Array(Type.String()),
  repo: Type.String(),
  commit: Type.String(),
});
export type AssessmentBody = Static<typeof AssessmentSchema>;
