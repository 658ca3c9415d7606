/**
 * Importers and exporters: files in, domain values out (with file:line errors), and reports out.
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
