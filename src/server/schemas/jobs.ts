/**
 * Schemas of the workspace's repositories, the scan queue's jobs and the git webhook.
 * Import only `@sinclair/typebox` here: the web UI reads these files for its types.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ScanSummarySchema } from './scans.js';

export const WorkspaceRepoSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String({ description: 'Prefix of item areas in this repository ("api:src/**").' }),
    kind: Type.Union([Type.Literal('path'), Type.Literal('url')]),
    source: Type.String({ description: 'The folder, or the clone URL workers clone.' }),
    repoId: Type.Union([Type.Integer(), Type.Null()], {
      description: 'The scanned code model (`?repo=` of the other routes), null before the first scan.',
    }),
    headCommit: Type.Union([Type.String(), Type.Null()]),
    lastScanAt: Type.Union([Type.Integer(), Type.Null()], { description: 'Unix seconds.' }),
    createdAt: Type.Integer({ description: 'Unix seconds.' }),
  },
  { title: 'WorkspaceRepo' },
);
export type WorkspaceRepo = Static<typeof WorkspaceRepoSchema>;

export const WorkspaceRepoListSchema = Type.Object(
  { repos: Type.Array(WorkspaceRepoSchema) },
  { title: 'WorkspaceRepoList' },
);
export type WorkspaceRepoList = Static<typeof WorkspaceRepoListSchema>;

export const AddWorkspaceRepoBodySchema = Type.Object(
  {
    source: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'A git repository folder on the server (and the workers), or a clone URL.',
    }),
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    ),
  },
  { additionalProperties: false, title: 'AddWorkspaceRepo' },
);

export const ScanJobStateSchema = Type.Union(
  ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'].map((s) => Type.Literal(s)),
  {
    description:
      'created (waiting), active (running), retry (an attempt failed; waiting for the next), completed, failed (every attempt failed), cancelled.',
  },
);

export const QueuedScanSchema = Type.Object(
  {
    id: Type.String({ description: 'The job id (a UUID).' }),
    repoId: Type.Integer({ description: 'The workspace repository id.' }),
    repo: Type.String(),
    reason: Type.Union(['api', 'webhook', 'schedule', 'cli'].map((s) => Type.Literal(s))),
    state: ScanJobStateSchema,
    attempts: Type.Integer({ description: 'Attempts started so far.' }),
    maxAttempts: Type.Integer({ description: 'The first attempt and its retries.' }),
    createdAt: Type.Integer({ description: 'Unix milliseconds.' }),
    runAfter: Type.Integer({ description: 'When it may run (the next attempt after a failure), Unix ms.' }),
    startedAt: Type.Union([Type.Integer(), Type.Null()]),
    finishedAt: Type.Union([Type.Integer(), Type.Null()]),
    worker: Type.Union([Type.String(), Type.Null()], { description: 'host:pid of the worker that runs it.' }),
    phase: Type.Union([Type.Literal('history'), Type.Literal('files'), Type.Literal('saving'), Type.Null()]),
    done: Type.Union([Type.Integer(), Type.Null()]),
    total: Type.Union([Type.Integer(), Type.Null()]),
    summary: Type.Union([ScanSummarySchema, Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why the last attempt failed.' }),
  },
  { title: 'QueuedScan' },
);
export type QueuedScan = Static<typeof QueuedScanSchema>;

export const JobListSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'False when the server has no queue (a SQLite store).' }),
    leaseSeconds: Type.Union([Type.Integer(), Type.Null()]),
    jobs: Type.Array(QueuedScanSchema),
  },
  { title: 'JobList' },
);
export type JobList = Static<typeof JobListSchema>;

export const EnqueueBodySchema = Type.Object(
  {
    repo: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 64 })], {
        description: 'Workspace repository id or name; leave out to scan every one.',
      }),
    ),
  },
  { additionalProperties: false, title: 'Enqueue' },
);

export const EnqueueResultSchema = Type.Object(
  {
    results: Type.Array(
      Type.Object({
        job: QueuedScanSchema,
        queued: Type.Boolean({ description: 'False when a scan of the repository was already waiting.' }),
      }),
    ),
  },
  { title: 'EnqueueResult' },
);
export type EnqueueResultBody = Static<typeof EnqueueResultSchema>;
