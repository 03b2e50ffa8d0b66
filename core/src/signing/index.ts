export * from './sign-request.js';
export * from './signature.js';
export * from './string-to-sign.js';
export * from './verify-signature.js';
