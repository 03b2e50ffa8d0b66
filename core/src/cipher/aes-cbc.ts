/**
 * The one place the cipher modes call the injected AES-256-CBC primitives (docs/architecture.md §3). Decryption checks the
 * shape first (a whole, non-empty number of blocks) so the common "this is not ciphertext" case gets a clear
 * message, and turns whatever the host primitive throws (bad padding, usually a wrong key) into a
 * `PubnubCryptoError`. Messages never include key or plaintext bytes (docs/architecture.md §4).
 */
import type { CryptoPrimitives } from '../env.js';
import { PubnubCryptoError } from '../errors.js';
import { AES_BLOCK_BYTES } from './cipher-keys.js';

/**
 * AES-256-CBC with PKCS#7 padding.
 * @throws PubnubCryptoError when the IV is not 16 bytes or the primitive fails
 */
export function aesEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcEncrypt'>,
): Uint8Array {
  if (iv.length !== AES_BLOCK_BYTES) throw new PubnubCryptoError(`the IV must be ${AES_BLOCK_BYTES} bytes`);
  try {
    return crypto.aesCbcEncrypt(key, iv, plaintext);
  } catch (err) {
    throw new PubnubCryptoError('encryption failed', { cause: err });
  }
}

/**
 * AES-256-CBC decryption, PKCS#7 padding removed.
 * @throws PubnubCryptoError when the ciphertext is not a whole number of blocks, or on bad padding (wrong key)
 */
export function aesDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcDecrypt'>,
): Uint8Array {
  if (iv.length !== AES_BLOCK_BYTES) throw new PubnubCryptoError(`the IV must be ${AES_BLOCK_BYTES} bytes`);
  if (ciphertext.length === 0 || ciphertext.length % AES_BLOCK_BYTES !== 0) {
    throw new PubnubCryptoError(
      `decryption failed: the ciphertext is ${ciphertext.length} bytes, not a positive multiple of ${AES_BLOCK_BYTES}`,
    );
  }
  try {
    return crypto.aesCbcDecrypt(key, iv, ciphertext);
  } catch (err) {
    throw new PubnubCryptoError('decryption failed: bad padding (wrong cipher key?)', { cause: err });
  }
}
