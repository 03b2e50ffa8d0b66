/**
 * AES keys derived from a cipher key (docs/protocol.md §7.1, §7.3). The same cipher key gives two different AES keys:
 * the legacy modes use the first 32 ASCII characters of the SHA-256 *hex* digest, ACRH uses the raw 32-byte
 * digest (docs/protocol.md §12 item 12). Deriving once per cipher, not per message, keeps SHA-256 off the hot path.
 */
import { hexEncode, utf8Encode } from '../bytes.js';
import type { CryptoPrimitives } from '../env.js';
import { PubnubValidationError } from '../errors.js';

/** Length of every AES key pubkit derives: AES-256. */
export const AES_KEY_BYTES = 32;
/** AES block and IV length. */
export const AES_BLOCK_BYTES = 16;

function checkCipherKey(cipherKey: string): void {
  if (typeof cipherKey !== 'string' || cipherKey === '') {
    throw new PubnubValidationError('cipherKey', 'cipherKey must be a non-empty string');
  }
}

/**
 * The legacy AES key: ASCII bytes of `hex(SHA-256(UTF-8(cipherKey)))[0:32]` (docs/protocol.md §7.1). Used by the static-IV
 * and random-IV legacy modes.
 * @throws PubnubValidationError when `cipherKey` is empty or not a string
 */
export function deriveLegacyKey(cipherKey: string, crypto: Pick<CryptoPrimitives, 'sha256'>): Uint8Array {
  checkCipherKey(cipherKey);
  // The hex digits are ASCII, so their UTF-8 bytes are the key bytes.
  return utf8Encode(hexEncode(crypto.sha256(utf8Encode(cipherKey))).slice(0, AES_KEY_BYTES));
}

/**
 * The ACRH AES key: the raw SHA-256 digest of `UTF-8(cipherKey)` (docs/protocol.md §7.3).
 * @throws PubnubValidationError when `cipherKey` is empty or not a string
 */
export function deriveAcrhKey(cipherKey: string, crypto: Pick<CryptoPrimitives, 'sha256'>): Uint8Array {
  checkCipherKey(cipherKey);
  return crypto.sha256(utf8Encode(cipherKey));
}
