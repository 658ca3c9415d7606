export * from './open-workspace.js';
export * from './scan.js';
export * from './scan-jobs.js';
export * from './code-model.js';
export * from './tokens.js';
export * from './load-code-model-view.js';
export * from './arch.js';
export * from './deps-review.js';
