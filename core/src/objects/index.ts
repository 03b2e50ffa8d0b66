/**
 * App Context (docs/protocol.md §14): users, channels, memberships and members as pure `build<Op>`/`parse<Op>`
 * pairs, the option rules they share, and the object shapes (the `e: 2` event reader is core/src/events/objects-event.ts).
 */
export * from './channel-members.js';
export * from './channel-metadata.js';
export * from './custom-data.js';
export * from './include.js';
export * from './list-query.js';
export * from './memberships.js';
export * from './metadata-request.js';
export * from './object-shapes.js';
export * from './objects-response.js';
export * from './relation-request.js';
export * from './uuid-metadata.js';
