/**
 * Importers and exporters: files in, domain values out (with file:line errors), and reports out.
 */
export * from './sarif.js';
export * from './parse-architecture-config.js';
export * from './architecture-baseline.js';
export * from './architecture-report.js';
