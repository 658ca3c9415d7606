/**
 * The import graph of a repository (codebase layer): extraction of each file's imports and cyclomatic complexity
 * (cacheable per git blob), resolution of the imports to files of one commit, and the graph measures built on it.
 */
export {
  createImportExtractor,
  hasImportParser,
  type ImportExtractorOptions,
} from './create-import-extractor.js';
export { scanRelativeImportSpecifiers } from './extract-script-imports.js';
export { resolveImportGraph } from './resolve-import-graph.js';
export { computeGraphMetrics } from './compute-graph-metrics.js';
export { getTransitiveDependents } from './get-transitive-dependents.js';
export { findCycles } from './find-cycles.js';
export type {
  Dependent,
  ExternalImport,
  ExtractedFile,
  FileGraphMetrics,
  ImportEdge,
  ImportExtractor,
  ImportGraph,
  ImportKind,
  ImportLanguage,
  ImportSpec,
  ResolveImportGraphInput,
  UnresolvedImport,
  UnresolvedReason,
} from './types.js';
