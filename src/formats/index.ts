/**
 * Importers and exporters: text in, domain values out (and back), with line and column in every error;
 * reports out as Markdown and SARIF 2.1.0.
 */
export * from './sarif.js';
export * from './parse-architecture-config.js';
export * from './architecture-baseline.js';
export * from './architecture-report.js';
export * from './parse-npm-lockfiles.js';
export * from './parse-python-lockfiles.js';
export * from './parse-go-modules.js';
export * from './parse-jvm-builds.js';
export * from './parse-dependency-source.js';
export * from './dependency-review-markdown.js';
export * from './format-error.js';
export * from './decode-text.js';
export * from './parse-csv.js';
export * from './parse-json.js';
export * from './imported-backlog.js';
export * from './map-values.js';
export * from './import-csv.js';
export * from './import-github.js';
export * from './import-trackers.js';
export * from './backlog-json.js';
export * from './export-backlog.js';
export * from './export-ranking.js';
export * from './item-document.js';
export * from './read-import.js';
export * from './sarif-log.js';
export * from './debt-report.js';
export * from './review-report.js';
export * from './plan-markdown.js';
export * from './stakeholder-report.js';
