/**
 * The messaging operations (docs/architecture.md §4): one file each, a pure `build<Op>(params, ctx) -> PnRequest` and a pure
 * `parse<Op>(res) -> Result`. `common.ts` is shared plumbing and is imported by path, not re-exported, so its
 * helper names cannot collide with other folders' exports in the package entry.
 */
export * from './history.js';
export * from './publish.js';
export * from './subscribe.js';
export * from './subscribe-v1.js';
export * from './time.js';
