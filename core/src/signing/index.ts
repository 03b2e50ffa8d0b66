// Request signatures (docs/protocol.md §6): strings to sign, v1/v2 rendering, sign() for clients, verifySignature() for the server.
export * from './sign-request.js';
export * from './signature.js';
export * from './string-to-sign.js';
export * from './verify-signature.js';
