/**
 * How an encrypted file is laid out (docs/protocol.md §15.9): the format knowledge only; the host streams the
 * AES-256-CBC itself (Node: `adapters/node/src/file-cipher-streams.ts`). Two layouts exist, both AES-256-CBC with
 * PKCS#7 padding and a fresh random 16-byte IV per file:
 *
 * - `legacy`: `IV || ciphertext`, key = the legacy key (hex-digest prefix, docs/protocol.md §7.1). What
 *   pubnub@7.3.3 writes and the only layout it reads.
 * - `acrh`: `PNED header (cryptor ACRH, data = IV) || ciphertext`, key = the raw SHA-256 digest (§7.3). What the
 *   newer CryptoModule SDKs write with their AES-CBC cryptor.
 *
 * Reading tells the two apart by the `PNED` sentinel, as the message cipher does (`create-cipher.ts`). A legacy
 * file whose random IV happens to begin with `PNED\x01` (odds 2^-40) would be misread; the CryptoModule SDKs share
 * this ambiguity.
 */

import { ACRH_CRYPTOR_ID } from '../cipher/acrh-cryptor.js';
import { AES_BLOCK_BYTES, deriveAcrhKey, deriveLegacyKey } from '../cipher/cipher-keys.js';
import { decodePnedHeader, encodePnedHeader, hasPnedHeader, PNED_SENTINEL } from '../cipher/pned-header.js';
import type { CryptoPrimitives } from '../env.js';
import { PubnubCryptoError } from '../errors.js';

/** The two encrypted-file layouts. */
export type FileCipherFormat = 'legacy' | 'acrh';

/** What precedes the ciphertext of an encrypted file. */
export interface FileCipherPrefix {
  readonly format: FileCipherFormat;
  /** The IV to decrypt with. */
  readonly iv: Uint8Array;
  /** Bytes before the ciphertext (16 for legacy, the header's length for ACRH). */
  readonly length: number;
}

// "PNED" | version | cryptor id | one length byte: the shortest prefix that says how long the header is.
const PNED_FIXED_BYTES = 10;

/**
 * The bytes to write before the ciphertext.
 * @param iv - 16 random bytes
 * @throws PubnubCryptoError when `iv` is not 16 bytes
 */
export function fileCipherPrefix(format: FileCipherFormat, iv: Uint8Array): Uint8Array {
  if (iv.length !== AES_BLOCK_BYTES) throw new PubnubCryptoError(`the IV must be ${AES_BLOCK_BYTES} bytes`);
  return format === 'acrh' ? encodePnedHeader(ACRH_CRYPTOR_ID, iv) : Uint8Array.from(iv);
}

/**
 * Reads the prefix at the start of an encrypted file, from as many leading bytes as have arrived.
 * @param head - the file's first bytes (any number)
 * @param ended - true when `head` is the whole file
 * @returns the prefix, or `undefined` when more bytes are needed to tell
 * @throws PubnubCryptoError when the file ended before its prefix did, for an unknown header version or cryptor, or
 *   an ACRH header whose IV is not 16 bytes
 */
export function readFileCipherPrefix(head: Uint8Array, ended: boolean): FileCipherPrefix | undefined {
  const sentinel = Math.min(head.length, PNED_SENTINEL.length);
  let maybePned = true;
  for (let i = 0; i < sentinel; i++) if (head[i] !== PNED_SENTINEL[i]) maybePned = false;
  if (maybePned && head.length < PNED_SENTINEL.length) return needMore(ended);
  if (hasPnedHeader(head)) {
    if (head.length < PNED_FIXED_BYTES) return needMore(ended);
    const wide = head[PNED_FIXED_BYTES - 1] === 0xff;
    if (wide && head.length < PNED_FIXED_BYTES + 2) return needMore(ended);
    const dataBytes = wide ? (head[PNED_FIXED_BYTES]! << 8) | head[PNED_FIXED_BYTES + 1]! : head[PNED_FIXED_BYTES - 1]!;
    const total = PNED_FIXED_BYTES + (wide ? 2 : 0) + dataBytes;
    if (head.length < total) return needMore(ended);
    const header = decodePnedHeader(head.subarray(0, total));
    if (header === undefined) return needMore(ended);
    if (header.cryptorId !== ACRH_CRYPTOR_ID) {
      const id = /^[\x20-\x7e]{4}$/.test(header.cryptorId) ? ` "${header.cryptorId}"` : '';
      throw new PubnubCryptoError(`decryption failed: the file names an unknown cryptor${id}`);
    }
    if (header.cryptorData.length !== AES_BLOCK_BYTES) {
      throw new PubnubCryptoError(`decryption failed: an ACRH header carries a ${AES_BLOCK_BYTES}-byte IV`);
    }
    return { format: 'acrh', iv: Uint8Array.from(header.cryptorData), length: header.length };
  }
  if (head.length < AES_BLOCK_BYTES) return needMore(ended);
  return { format: 'legacy', iv: Uint8Array.from(head.subarray(0, AES_BLOCK_BYTES)), length: AES_BLOCK_BYTES };
}

/**
 * The AES-256 key of a layout: the legacy key for `legacy`, the raw digest for `acrh` (docs/protocol.md §7.1, §7.3).
 * @throws PubnubValidationError when `cipherKey` is empty or not a string
 */
export function fileCipherKey(
  format: FileCipherFormat,
  cipherKey: string,
  crypto: Pick<CryptoPrimitives, 'sha256'>,
): Uint8Array {
  return format === 'acrh' ? deriveAcrhKey(cipherKey, crypto) : deriveLegacyKey(cipherKey, crypto);
}

function needMore(ended: boolean): undefined {
  if (ended) throw new PubnubCryptoError('decryption failed: the file is too short to be encrypted');
  return undefined;
}

/** Size of the encrypted file for `plainBytes` bytes of content: prefix + PKCS#7-padded ciphertext. */
export function encryptedFileSize(format: FileCipherFormat, plainBytes: number): number {
  const prefix = format === 'acrh' ? PNED_FIXED_BYTES + AES_BLOCK_BYTES : AES_BLOCK_BYTES;
  return prefix + (Math.floor(plainBytes / AES_BLOCK_BYTES) + 1) * AES_BLOCK_BYTES;
}
