export * from './errors.js';
export * from './code-model.js';
