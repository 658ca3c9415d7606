export * from './open-workspace.js';
export * from './scan.js';
export * from './scan-jobs.js';
export * from './code-model.js';
export * from './tokens.js';
