/**
 * Pure, deterministic judgment: from items and the code model to rankings, judgments and their reasons.
 * No I/O and no clock: time is a parameter.
 */
export * from './judge-item.js';
export * from './create-glob-matcher.js';
export * from './review-architecture.js';
export * from './render-module-diagram.js';
export * from './review-dependencies.js';
export * from './detect-dependency-cycle.js';
export * from './rank-backlog.js';
export * from './compute-code-health.js';
export * from './find-debt-candidates.js';
export * from './compute-debt-interest.js';
export * from './find-missing-co-changes.js';
export * from './review-change.js';
export * from './compute-tradeoff.js';
export * from './adjust-for-judgment.js';
export * from './compute-throughput.js';
export * from './forecast-completion.js';
export * from './backtest-forecast.js';
export * from './sequence-plan.js';
export * from './plan-sprint.js';
export * from './compute-flow.js';
export * from './compute-sprint-progress.js';
export * from './forecast-sprints.js';
export * from './locate/index.js';
export * from './measure-readability.js';
export * from './explain-item.js';
export * from './break-down-goal.js';
export * from './assess-team.js';
export * from './combine-repo-judgments.js';
