export * from './errors.js';
export * from './code-model.js';
export * from './item-judgment.js';
export * from './debt.js';
export * from './review.js';
