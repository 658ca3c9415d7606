export * from './errors.js';
export * from './code-model.js';
export * from './item-judgment.js';
export * from './architecture.js';
export * from './dependencies.js';
