/**
 * Request and response schemas of the HTTP API (TypeBox): they validate requests, shape responses, generate the
 * OpenAPI document and give the web UI its types (web/src/api/types.ts). One file per feature.
 */
export * from './common.js';
export * from './codebase.js';
export * from './scans.js';
export * from './meta.js';
export * from './arch.js';
export * from './backlog.js';
export * from './planning.js';
export * from './cadence.js';
export * from './jobs.js';
export * from './translate.js';
