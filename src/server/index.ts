export * from './create-server.js';
export { isLoopbackHost } from './auth.js';
export { formatEtag, getExpectedVersion, assertIfMatch, isNotModified } from './concurrency.js';
