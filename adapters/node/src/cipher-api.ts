/**
 * `encrypt(message)` / `decrypt(ciphertext)`: the seed's cipher calls, synchronous because they do no I/O. They
 * use the client's cipher exactly as `publish` and `subscribe` do (docs/protocol.md §7), so what `encrypt` returns is what
 * a publish of the same message would send.
 */
import { decodeMessage, type MessageCipher, PubnubValidationError, toJson } from '@pubkit/core';
import type { ClientRuntime } from './runtime.js';

/**
 * Encrypts a message as `publish` would. Returns the base64 ciphertext.
 * @throws PubnubValidationError without a cipher key, or for a value JSON cannot carry
 */
export function encryptMessage(runtime: ClientRuntime, message: unknown): string {
  return requireCipher(runtime, 'encrypt').encrypt(toJson(message));
}

/**
 * Decrypts a base64 ciphertext back to its value.
 * @throws PubnubValidationError without a cipher key
 * @throws PubnubCryptoError when the input is not ciphertext for this key
 */
export function decryptMessage(runtime: ClientRuntime, ciphertext: string): unknown {
  const decoded = decodeMessage(ciphertext, requireCipher(runtime, 'decrypt'));
  if (decoded.error !== undefined) throw decoded.error;
  return decoded.message;
}

function requireCipher(runtime: ClientRuntime, operation: string): MessageCipher {
  const cipher = runtime.cipher;
  if (cipher === undefined) {
    throw new PubnubValidationError('cipherKey', `${operation} needs a client created with a cipherKey`, {
      operation,
    });
  }
  return cipher;
}
