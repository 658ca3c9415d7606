export * from './judge-item.js';
