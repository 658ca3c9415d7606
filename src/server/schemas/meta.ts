/**
 * Schemas of the server's own routes: health, what the server offers, and API tokens.
 */
import { Type, type Static } from '@sinclair/typebox';

export const HealthSchema = Type.Object({ status: Type.Literal('ok') }, { title: 'Health' });
export type Health = Static<typeof HealthSchema>;

export const RoleSchema = Type.Union(
  [Type.Literal('viewer'), Type.Literal('editor'), Type.Literal('admin')],
  {
    description: 'viewer reads; editor also changes items and starts scans; admin also manages tokens.',
  },
);
export type Role = Static<typeof RoleSchema>;

export const MetaSchema = Type.Object(
  {
    name: Type.Literal('tpo'),
    version: Type.String(),
    features: Type.Array(Type.String(), {
      description:
        'Route groups this server offers (codebase, scans, tokens ...): the dashboard shows their pages.',
    }),
    authRequired: Type.Boolean({ description: 'True when every request needs a bearer token.' }),
    role: Type.Union([RoleSchema, Type.Null()], {
      description: "The caller's role (admin on loopback without tokens).",
    }),
    repo: Type.Object({ id: Type.Union([Type.Integer(), Type.Null()]), name: Type.String() }),
  },
  { title: 'Meta' },
);
export type Meta = Static<typeof MetaSchema>;

export const ApiTokenSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    role: RoleSchema,
    prefix: Type.String({ description: 'The first characters of the token.' }),
    createdAt: Type.Integer(),
    lastUsedAt: Type.Union([Type.Integer(), Type.Null()]),
    revokedAt: Type.Union([Type.Integer(), Type.Null()]),
  },
  { title: 'ApiToken' },
);
export type ApiToken = Static<typeof ApiTokenSchema>;

export const TokenListSchema = Type.Object({ tokens: Type.Array(ApiTokenSchema) });
export type TokenList = Static<typeof TokenListSchema>;

export const CreateTokenBodySchema = Type.Object(
  { role: RoleSchema, name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false, title: 'CreateToken' },
);
export type CreateTokenBody = Static<typeof CreateTokenBodySchema>;

export const CreatedTokenSchema = Type.Object(
  {
    token: Type.String({ description: 'The token itself: shown this once, never again.' }),
    record: ApiTokenSchema,
  },
  { title: 'CreatedToken' },
);
export type CreatedToken = Static<typeof CreatedTokenSchema>;
