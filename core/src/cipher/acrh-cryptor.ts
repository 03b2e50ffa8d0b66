/**
 * The AES-CBC cryptor `ACRH` of the CryptoModule (docs/protocol.md §7.3): key = raw SHA-256 of the cipher key
 * (`deriveAcrhKey`), a 16-byte random IV carried as the header's cryptor data, body = AES-256-CBC with PKCS#7.
 * pubkit decrypts ACRH so it can read what current SDKs send; `encryptAcrh` exists for C25 and for tests and the
 * local server, with the IV a parameter so encryption stays pure.
 */
import { concatBytes } from '../bytes.js';
import type { CryptoPrimitives } from '../env.js';
import { PubnubCryptoError } from '../errors.js';
import { aesDecrypt, aesEncrypt } from './aes-cbc.js';
import { AES_BLOCK_BYTES } from './cipher-keys.js';
import { decodePnedHeader, encodePnedHeader } from './pned-header.js';

/** Cryptor id of the AES-CBC cryptor. */
export const ACRH_CRYPTOR_ID = 'ACRH';

/**
 * Encrypts into `header || ciphertext` (base64 it for the wire).
 * @param key - from `deriveAcrhKey`
 * @param iv - 16 random bytes
 * @throws PubnubCryptoError when `iv` is not 16 bytes or the primitive fails
 */
export function encryptAcrh(
  key: Uint8Array,
  plaintext: Uint8Array,
  iv: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcEncrypt'>,
): Uint8Array {
  const body = aesEncrypt(key, iv, plaintext, crypto);
  return concatBytes(encodePnedHeader(ACRH_CRYPTOR_ID, iv), body);
}

/**
 * Decrypts `header || ciphertext`.
 * @param key - from `deriveAcrhKey`
 * @throws PubnubCryptoError when there is no PNED header, the cryptor is not ACRH (`unknown cryptor`), the IV
 *   is not 16 bytes, or on bad padding (wrong key)
 */
export function decryptAcrh(
  key: Uint8Array,
  data: Uint8Array,
  crypto: Pick<CryptoPrimitives, 'aesCbcDecrypt'>,
): Uint8Array {
  const header = decodePnedHeader(data);
  if (header === undefined) throw new PubnubCryptoError('decryption failed: no crypto header');
  if (header.cryptorId !== ACRH_CRYPTOR_ID) {
    // The id comes from the input: show it only when it is printable ASCII.
    const id = /^[\x20-\x7e]{4}$/.test(header.cryptorId) ? ` "${header.cryptorId}"` : '';
    throw new PubnubCryptoError(`decryption failed: unknown cryptor${id}`);
  }
  if (header.cryptorData.length !== AES_BLOCK_BYTES) {
    throw new PubnubCryptoError(`decryption failed: an ACRH header carries a ${AES_BLOCK_BYTES}-byte IV`);
  }
  return aesDecrypt(key, header.cryptorData, data.subarray(header.length), crypto);
}
