/**
 * Pure, deterministic judgment: from items and the code model to health, debt, reviews and their reasons.
 * No I/O and no clock: time is a parameter.
 */
export * from './judge-item.js';
export * from './compute-code-health.js';
export * from './find-debt-candidates.js';
export * from './compute-debt-interest.js';
export * from './find-missing-co-changes.js';
export * from './review-change.js';
export * from './compute-tradeoff.js';
