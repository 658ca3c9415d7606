/**
 * Schemas of background scans: starting one, its progress, and the summary it ends with.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ScanSummarySchema = Type.Object(
  {
    repo: Type.String(),
    root: Type.String(),
    store: Type.String(),
    kind: Type.Union(
      ['full', 'incremental', 'rewind', 'unchanged', 'empty'].map((k) => Type.Literal(k)),
      { description: 'full, incremental, rewind, unchanged or empty.' },
    ),
    headCommit: Type.Union([Type.String(), Type.Null()]),
    commits: Type.Integer(),
    changeSets: Type.Integer(),
    newCommits: Type.Integer({ description: 'Commits read by this scan.' }),
    files: Type.Integer(),
    measuredFiles: Type.Integer(),
    excludedFiles: Type.Integer(),
    excludedByReason: Type.Record(Type.String(), Type.Integer()),
    blobsMeasured: Type.Integer(),
    imports: Type.Integer(),
    unresolvedImports: Type.Integer(),
    externalImports: Type.Integer(),
    couplings: Type.Integer(),
    shallow: Type.Boolean(),
    notices: Type.Array(Type.String()),
    durationMs: Type.Integer(),
    phaseMs: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  },
  { title: 'ScanSummary' },
);
export type ScanSummary = Static<typeof ScanSummarySchema>;

export const ScanJobSchema = Type.Object(
  {
    id: Type.Integer(),
    repo: Type.String(),
    status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    phase: Type.Union([Type.Literal('history'), Type.Literal('files'), Type.Literal('saving'), Type.Null()], {
      description:
        'history (reading commits), files (measuring files) or saving; null before the first report.',
    }),
    done: Type.Integer({ description: 'Work done in the phase (commits, files or rows).' }),
    total: Type.Union([Type.Integer(), Type.Null()]),
    startedAt: Type.Integer({ description: 'Unix milliseconds.' }),
    finishedAt: Type.Union([Type.Integer(), Type.Null()]),
    summary: Type.Union([ScanSummarySchema, Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'ScanJob' },
);
export type ScanJob = Static<typeof ScanJobSchema>;

export const StartScanBodySchema = Type.Object(
  {
    repo: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Repository id (default: the served one).' }),
    ),
    until: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[^\\s-][^\\s]*$',
        description: 'Scan up to this revision (default HEAD).',
      }),
    ),
  },
  { additionalProperties: false, title: 'StartScan' },
);
export type StartScanBody = Static<typeof StartScanBodySchema>;

export const LastScanSchema = Type.Object(
  {
    status: Type.Union([
      Type.Literal('running'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('interrupted'),
    ]),
    kind: Type.String(),
    startedAt: Type.Integer({ description: 'Unix seconds.' }),
    finishedAt: Type.Union([Type.Integer(), Type.Null()]),
    toCommit: Type.Union([Type.String(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'LastScan', description: 'The last scan the store recorded, by the server or by "tpo scan".' },
);
export type LastScan = Static<typeof LastScanSchema>;

export const CurrentScanSchema = Type.Object(
  {
    job: Type.Union([ScanJobSchema, Type.Null()], {
      description: 'The running or last scan this server started.',
    }),
    last: Type.Union([LastScanSchema, Type.Null()]),
  },
  { title: 'CurrentScan' },
);
export type CurrentScan = Static<typeof CurrentScanSchema>;
