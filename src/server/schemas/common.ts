/**
 * Schemas every route shares: the problem+json error body, the repository selector, pagination.
 * Import only `@sinclair/typebox` here: the web UI reads these files for its types.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** A value or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One of these strings. */
export const OneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description !== undefined ? { description } : {},
  );

/** An error as RFC 9457 problem details (`application/problem+json`), never with a stack trace. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem.' }),
    title: Type.String({ description: 'The kind of problem, in words.' }),
    status: Type.Integer({ description: 'The HTTP status.' }),
    detail: Type.String({ description: 'What went wrong and what to do, for a person.' }),
    code: Type.String({ description: "tpo's error code (NotFound, Invalid, Conflict, Busy ...)." }),
    instance: Type.Optional(Type.String({ description: 'The request path.' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'Where in the request: a JSON pointer into the body or query.' }),
          message: Type.String(),
        }),
        { description: 'Each failed validation, for a 400.' },
      ),
    ),
  },
  { title: 'Problem' },
);
export type Problem = Static<typeof ProblemSchema>;

/** `?repo=<id>`: which scanned repository (GET /api/v1/repos); default: the one the server was started on. */
export const RepoQuerySchema = Type.Object({
  repo: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'Repository id from GET /api/v1/repos (default: the served one).',
    }),
  ),
});

export const LimitSchema = Type.Integer({
  minimum: 1,
  maximum: 10_000,
  description: 'How many rows at most.',
});

/** Error responses a route can give, each a problem+json body. */
export function problemResponses(...statuses: readonly number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}
