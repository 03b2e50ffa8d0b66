// Message cipher (docs/protocol.md §7): key derivation, legacy static/random IV, PNED header + ACRH, createCipher, payloads.
export * from './acrh-cryptor.js';
export * from './cipher-keys.js';
export * from './create-cipher.js';
export * from './legacy-random-iv.js';
export * from './legacy-static-iv.js';
export * from './payload.js';
export * from './pned-header.js';
