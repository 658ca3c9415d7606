/**
 * What every route module gets: the workspace, the scan jobs, and how a request names its repository.
 * Add a feature by writing `routes/<feature>-routes.ts` exporting a RouteModule and listing it in ROUTE_MODULES.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider } from 'fastify';
import type { RepositoryHandle, ScanJobs, ScanQueue, Workspace } from '../app/index.js';

/** A read-only view of a value of type T, all the way down. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * Types requests and replies from the routes' TypeBox schemas. Replies are read-only views, so the app's
 * read-only values are accepted as they are.
 */
export interface TpoTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? DeepReadonly<Static<this['schema']>> : unknown;
}

/** The Fastify instance routes are declared on, typed from their TypeBox schemas. */
export type ApiInstance = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TpoTypeProvider
>;

export interface ServerContext {
  readonly workspace: Workspace;
  readonly scanJobs: ScanJobs;
  /** The queue scans go to when the store is PostgreSQL and workers take them; null otherwise. */
  readonly scanQueue: ScanQueue | null;
  /** The shared secret git hosts sign webhooks with (TPO_WEBHOOK_SECRET); null turns webhooks off. */
  readonly webhookSecret: string | null;
  /** tpo's version. */
  readonly version: string;
  /** True when every API request needs a token. */
  readonly authRequired: boolean;
  /** The features of the registered route modules, for GET /api/v1/meta. */
  readonly features: readonly string[];
  /** The repository a request is about: `?repo=<id>` from GET /api/v1/repos, else the one the server serves. */
  resolveRepo(id: number | undefined): Promise<RepositoryHandle>;
}

/** One feature's routes (codebase, scans, tokens; items, debt, locate ... as they land). */
export interface RouteModule {
  /** The feature's name, listed in GET /api/v1/meta so the dashboard enables its pages. */
  readonly feature: string;
  register(app: ApiInstance, context: ServerContext): void;
}
