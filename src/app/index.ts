export * from './open-workspace.js';
export * from './scan.js';
export * from './code-model.js';
export * from './load-code-model-view.js';
export * from './code-health.js';
export * from './debt.js';
export * from './review.js';
export * from './replay-review.js';
