/**
 * `@pubkit/core/internal`: every name core's modules export, the public entry's and the implementation details
 * (byte codecs, cipher primitives, header codec, dedupe window, backoff arithmetic, response helpers). It exists for
 * core's own tests, which check those pieces one by one. It is not a public API: no package outside core imports it
 * (docs/architecture.md §3), and its names may change in any release.
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
export * from './events/index.js';
export * from './files/index.js';
export * from './filter/index.js';
export * from './json.js';
export * from './objects/index.js';
export * from './operations/index.js';
// Not re-exported by `presence/index.ts` (its `common.ts` is plumbing), but public for subscribe's group lists.
export { validateGroupList } from './presence/common.js';
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
