/**
 * The CryptoModule header (docs/protocol.md §7.3):
 *
 *   "PNED" | version (1 byte, 0x01) | cryptor id (4 ASCII bytes) | length | cryptor data
 *   length = 1 byte when < 255, else 0xFF followed by a 2-byte big-endian length (max 65535)
 *
 * A message without the `PNED` sentinel is legacy (the legacy cryptor id `0000` never emits a header), which is
 * how `createCipher` routes decryption. In base64 a PNED message starts with `UE5FRAFBQ1JI` ("PNED\x01ACRH").
 */
import { concatBytes, utf8Encode } from '../bytes.js';
import { PubnubCryptoError } from '../errors.js';

/** The header sentinel, ASCII `PNED`. */
export const PNED_SENTINEL: Uint8Array = utf8Encode('PNED');
/** The only header version defined (docs/protocol.md §7.3). */
export const PNED_VERSION = 1;
/** Longest cryptor data a header can describe. */
export const PNED_MAX_DATA_BYTES = 0xffff;

/** A decoded header. */
export interface PnedHeader {
  /** Header version; always `PNED_VERSION` for a header `decodePnedHeader` accepts. */
  readonly version: number;
  /** Four ASCII characters naming the cryptor, e.g. `ACRH`. */
  readonly cryptorId: string;
  /** Cryptor-specific data (for ACRH: the IV). */
  readonly cryptorData: Uint8Array;
  /** Total header length in bytes: the payload starts here. */
  readonly length: number;
}

/** True when `data` starts with the `PNED` sentinel. */
export function hasPnedHeader(data: Uint8Array): boolean {
  if (data.length < PNED_SENTINEL.length) return false;
  for (let i = 0; i < PNED_SENTINEL.length; i++) if (data[i] !== PNED_SENTINEL[i]) return false;
  return true;
}

/**
 * Encodes a version-1 header.
 * @throws PubnubCryptoError when `cryptorId` is not 4 ASCII characters or `cryptorData` exceeds 65535 bytes
 */
export function encodePnedHeader(cryptorId: string, cryptorData: Uint8Array): Uint8Array {
  const id = utf8Encode(cryptorId);
  if (id.length !== 4 || cryptorId.length !== 4) throw new PubnubCryptoError('a cryptor id is 4 ASCII characters');
  const n = cryptorData.length;
  if (n > PNED_MAX_DATA_BYTES) throw new PubnubCryptoError(`cryptor data of ${n} bytes does not fit a header`);
  const length = n < 255 ? Uint8Array.of(n) : Uint8Array.of(0xff, n >> 8, n & 0xff);
  return concatBytes(PNED_SENTINEL, Uint8Array.of(PNED_VERSION), id, length, cryptorData);
}

/**
 * Decodes the header at the start of `data`. Returns `undefined` when there is no `PNED` sentinel (legacy input).
 * @throws PubnubCryptoError for an unknown version or a truncated header
 */
export function decodePnedHeader(data: Uint8Array): PnedHeader | undefined {
  if (!hasPnedHeader(data)) return undefined;
  if (data.length < 10) throw new PubnubCryptoError('decryption failed: truncated crypto header');
  const version = data[4]!;
  if (version !== PNED_VERSION)
    throw new PubnubCryptoError(`decryption failed: unknown crypto header version ${version}`);
  // One character per byte: an id is ASCII, and a foreign byte must not make decoding itself fail.
  const cryptorId = String.fromCharCode(...data.subarray(5, 9));
  let offset = 9;
  let n = data[offset++]!;
  if (n === 0xff) {
    if (data.length < offset + 2) throw new PubnubCryptoError('decryption failed: truncated crypto header');
    n = (data[offset]! << 8) | data[offset + 1]!;
    offset += 2;
  }
  if (data.length < offset + n) throw new PubnubCryptoError('decryption failed: truncated crypto header');
  return { version, cryptorId, cryptorData: data.subarray(offset, offset + n), length: offset + n };
}
