/**
 * Legacy cipher, random IV (docs/protocol.md §7.2): `useRandomIVs: true`, the current JS and Python default. The wire
 * value is `IV || ciphertext` with a fresh 16-byte IV per message, and no marker: a static-IV reader cannot tell
 * it apart (it would take the IV for the first block), which is why the mode is a configuration choice and not
 * detected on decrypt.
 *
 * The IV is a parameter, not drawn here, so the function stays pure and a test can pass C21's
 * `knightsofni12345`; `createCipher` draws it from `env.random`.
 */
import { concatBytes } from '../bytes.js';
import type { CryptoPrimitives } from '../env.js';
import { PubnubCryptoError } from '../errors.js';
import { aesDecrypt, aesEncrypt } from './aes-cbc.js';
import { AES_BLOCK_BYTES } from './cipher-keys.js';

/**
 * Encrypts with the given IV and prepends it. Returns `iv || ciphertext` (base64 it for the wire).
 * @param key - from `deriveLegacyKey`
 * @param iv - 16 random bytes
 * @throws PubnubCryptoError when `iv` is not 16 bytes or the primitive fails
 */
export function encryptLegacyRandomIv(
  key: Uint8Array,
  plaintext: Uint8Array,
  iv: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcEncrypt'>,
): Uint8Array {
  return concatBytes(iv, aesEncrypt(key, iv, plaintext, crypto));
}

/**
 * Decrypts `iv || ciphertext`.
 * @param key - from `deriveLegacyKey`
 * @throws PubnubCryptoError when the input is shorter than an IV plus one block, or on bad padding (wrong key)
 */
export function decryptLegacyRandomIv(
  key: Uint8Array,
  data: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcDecrypt'>,
): Uint8Array {
  if (data.length < 2 * AES_BLOCK_BYTES) {
    throw new PubnubCryptoError(`decryption failed: ${data.length} bytes is too short for a random-IV message`);
  }
  return aesDecrypt(key, data.subarray(0, AES_BLOCK_BYTES), data.subarray(AES_BLOCK_BYTES), crypto);
}
