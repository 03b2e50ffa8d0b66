/**
 * Subscribe: the pure state machine, its driver, and the presence heartbeat machine (docs/architecture.md §4).
 */
export * from './backoff.js';
export * from './commands.js';
export * from './dedupe-window.js';
export * from './events.js';
export * from './failure.js';
export * from './heartbeat-loop.js';
export * from './heartbeat-machine.js';
export * from './loop.js';
export * from './loop-options.js';
export * from './machine.js';
export * from './machine-kit.js';
export * from './machine-options.js';
export * from './state.js';
export * from './subscribe-table.js';
export type { Transition } from './transitions.js';
