export * from './open-workspace.js';
export * from './scan.js';
export * from './code-model.js';
export * from './load-code-model-view.js';
export * from './arch.js';
export * from './deps-review.js';
