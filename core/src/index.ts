/**
 * @pubkit/core: the I/O-free PubNub protocol engine (docs/architecture.md §3–§4). Every function here is synchronous and pure;
 * clock, randomness, crypto primitives and logging come in through `Env`.
 */
export * from './access/index.js';
export * from './bytes.js';
export * from './channel-groups/index.js';
export * from './cipher/index.js';
export * from './config.js';
export * from './context.js';
export * from './encoding.js';
export * from './env.js';
export * from './errors.js';
export * from './filter/index.js';
export * from './json.js';
export * from './operations/index.js';
export * from './presence/index.js';
export * from './request.js';
export * from './response.js';
export * from './response-limits.js';
export * from './retry-after.js';
export * from './signing/index.js';
export * from './storage/index.js';
export * from './subscribe/index.js';
export * from './timetoken.js';
export * from './transport.js';
export * from './validation.js';
export * from './wildcard.js';
