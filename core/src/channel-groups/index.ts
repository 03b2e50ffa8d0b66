/** The channel-group registry calls (docs/protocol.md §2.11). */
export * from './registry.js';
