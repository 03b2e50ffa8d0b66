/**
 * Limits of the App Context endpoints (docs/protocol.md §14.3). PubNub documents the page size (at most 100,
 * default 100) and the id length (92 characters); the others are pubkit's, chosen so one request cannot hold much
 * memory, and written in docs/protocol.md §14.3.
 */

/** Largest (and default) page of a listing. */
export const MAX_OBJECTS_PAGE = 100;
/** Most memberships or members one PATCH may set and delete together. */
export const MAX_MEMBERSHIP_CHANGES = 100;
/** Largest request body (after decompression), in bytes: 413 past it. */
export const MAX_OBJECTS_BODY_BYTES = 32 * 1024;
/** Most custom fields of one user, channel or membership. */
export const MAX_CUSTOM_FIELDS = 100;
/** Longest standard text field (`name`, `description`, `email` …) and custom string, in characters. */
export const MAX_FIELD_LENGTH = 2_048;
/** Memory the App Context index of the server may hold, in approximate bytes (507 past it). */
export const MAX_OBJECTS_BYTES = 128 * 1024 * 1024;
