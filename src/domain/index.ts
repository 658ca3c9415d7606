export * from './errors.js';
export * from './code-model.js';
export * from './item.js';
export * from './item-judgment.js';
