/**
 * Message payloads on the wire, with or without a cipher (docs/protocol.md §7). Encrypted, a message travels as a JSON
 * string holding base64 ciphertext of the message's JSON text; that string is what the 32 KiB limit applies to.
 */
import type { MessageCipher } from '../context.js';
import { PubnubCryptoError } from '../errors.js';
import { toJson } from '../json.js';
import { validateMessageSize } from '../validation.js';

/**
 * The JSON text to send for a message: validated, encrypted when a cipher is given, and within the size limit.
 * @throws PubnubValidationError for a value that is not JSON or a payload over 32 KiB
 */
export function encodeMessage(message: unknown, cipher?: MessageCipher, field = 'message'): string {
  const json = toJson(message, field);
  const wire = cipher === undefined ? json : JSON.stringify(cipher.encrypt(json));
  validateMessageSize(wire, field);
  return wire;
}

/** A received payload after decryption. On failure `message` is the raw payload and `error` says why. */
export interface DecodedMessage {
  readonly message: unknown;
  readonly error?: PubnubCryptoError;
}

/**
 * Decrypts a received payload when a cipher is given. Never throws: a message that cannot be decrypted is handed
 * on with its error so one bad message does not stop a subscribe loop or a history page.
 */
export function decodeMessage(payload: unknown, cipher?: MessageCipher): DecodedMessage {
  if (cipher === undefined) return { message: payload };
  if (typeof payload !== 'string') {
    return { message: payload, error: new PubnubCryptoError('the message is not ciphertext (not a string)') };
  }
  let plaintext: string;
  try {
    plaintext = cipher.decrypt(payload);
  } catch (err) {
    const error = err instanceof PubnubCryptoError ? err : new PubnubCryptoError('decryption failed', { cause: err });
    return { message: payload, error };
  }
  try {
    return { message: JSON.parse(plaintext) };
  } catch {
    // Other SDKs encrypt raw strings (docs/protocol.md §7.4 C6, C22–C26): hand the text on as it is.
    return { message: plaintext };
  }
}
