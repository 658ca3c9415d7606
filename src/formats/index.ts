/**
 * Importers and exporters: reports as Markdown and SARIF 2.1.0.
 */
export * from './sarif-log.js';
export * from './debt-report.js';
export * from './review-report.js';
