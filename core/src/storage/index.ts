/**
 * Storage v3 and message actions (docs/protocol.md §13): pure `build<Op>`/`parse<Op>` pairs, the shapes actions
 * travel in, the action event reader and the history-span paging steps.
 */
export * from './action-event.js';
export * from './delete-messages.js';
export * from './fetch-messages.js';
export * from './history-span.js';
export * from './message-action-shapes.js';
export * from './message-actions.js';
export * from './message-counts.js';
