/**
 * Pure, deterministic judgment: from items (and, later, the code model) to rankings and their reasons.
 * No I/O and no clock: time is a parameter.
 */
export * from './detect-dependency-cycle.js';
export * from './rank-backlog.js';
