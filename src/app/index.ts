export * from './open-workspace.js';
export * from './scan.js';
export * from './code-model.js';
export * from './load-code-model-view.js';
export * from './backlog.js';
export * from './import-backlog.js';
export * from './item-document.js';
