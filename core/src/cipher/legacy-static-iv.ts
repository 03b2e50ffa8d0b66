/**
 * Legacy cipher, static IV (docs/protocol.md §7.1): the 3.x default and the seed's mode, so it is pubkit's default when a
 * `cipherKey` is set. Every message uses the ASCII IV `0123456789012345`; the wire value is just the ciphertext
 * (no IV). Deterministic, hence exact encrypt vectors C1–C20, C23.
 *
 * Functions here take the derived key (`deriveLegacyKey`) and work on bytes; base64, UTF-8 and JSON are the
 * factory's job (`create-cipher.ts`).
 */
import { utf8Encode } from '../bytes.js';
import type { CryptoPrimitives } from '../env.js';
import { aesDecrypt, aesEncrypt } from './aes-cbc.js';

/** The fixed IV of the static-IV legacy mode: ASCII `0123456789012345` (docs/protocol.md §7.1). */
export const LEGACY_STATIC_IV: Uint8Array = utf8Encode('0123456789012345');

/**
 * Encrypts with the static IV. Returns the raw ciphertext (base64 it for the wire).
 * @param key - from `deriveLegacyKey`
 * @throws PubnubCryptoError when the primitive fails
 */
export function encryptLegacyStatic(
  key: Uint8Array,
  plaintext: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcEncrypt'>,
): Uint8Array {
  return aesEncrypt(key, LEGACY_STATIC_IV, plaintext, crypto);
}

/**
 * Decrypts static-IV ciphertext.
 * @param key - from `deriveLegacyKey`
 * @throws PubnubCryptoError when `ciphertext` is not whole AES blocks or the padding is wrong (wrong key)
 */
export function decryptLegacyStatic(
  key: Uint8Array,
  ciphertext: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcDecrypt'>,
): Uint8Array {
  return aesDecrypt(key, LEGACY_STATIC_IV, ciphertext, crypto);
}
