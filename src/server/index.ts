export * from './create-server.js';
export { DEFAULT_HOST, DEFAULT_PORT, isLoopbackHost } from './address.js';
export { formatEtag, getExpectedVersion, assertIfMatch, isNotModified } from './concurrency.js';
