export * from './payload.js';
