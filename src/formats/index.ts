/**
 * Importers and exporters: text in, domain values out (and back), with line and column in every error.
 */
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
