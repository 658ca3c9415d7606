/** Localization: item text -> files it will touch, co-change and size predictions, and their evaluation. */
export * from './tokenize-text.js';
export * from './clean-message.js';
export * from './bm25-field.js';
export * from './create-locate-index.js';
export * from './encode-locate-index.js';
export * from './rank-files.js';
export * from './fit-locate-model.js';
export * from './predict-co-changes.js';
export * from './predict-size.js';
export * from './compute-retrieval-metrics.js';
export * from './create-locator.js';
