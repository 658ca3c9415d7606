export * from './database.js';
export * from './code-model-repository.js';
export type { Database } from './schema.js';
export type { DialectKind } from './migrations/index.js';
export * from './item-repository.js';
export * from './debt-repository.js';
export * from './token-repository.js';
export * from './cadence-repository.js';
