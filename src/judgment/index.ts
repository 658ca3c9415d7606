export * from './judge-item.js';
export * from './create-glob-matcher.js';
export * from './review-architecture.js';
export * from './render-module-diagram.js';
export * from './review-dependencies.js';
