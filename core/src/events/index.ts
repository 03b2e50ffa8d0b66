/**
 * Events as client-wide listeners receive them (docs/protocol.md §2.12): one reader per event type, and
 * `readListenerEvent`, the one place an envelope becomes an event.
 */
export * from './file-event.js';
export * from './listener-event.js';
export * from './message-event.js';
export * from './objects-event.js';
export * from './presence-event.js';
