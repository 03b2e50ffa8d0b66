/**
 * Byte helpers the core needs without Node's `Buffer` (DESIGN §3: core compiles with `types: []`).
 *
 * Theory of operation:
 * - UTF-8 goes through the WHATWG `TextEncoder`/`TextDecoder`, the only host objects the core touches. Decoding is
 *   fatal: a decrypted message under the wrong key is usually not UTF-8, and silently turning it into U+FFFD
 *   would hand garbage to the caller instead of a `PubnubCryptoError` (PROTOCOL §7).
 * - Base64 is written by hand. Decoding is strict (canonical alphabet, exact padding, zero pad bits, no
 *   whitespace): ciphertext that is not canonical base64 is not ciphertext any SDK produced, and rejecting it is
 *   the earliest, clearest failure. Signatures are compared after normalisation (see `signing/`), never decoded.
 * - `timingSafeEqual` never exits early, so a signature check does not leak how many leading characters of a
 *   forged signature were right (PROTOCOL §6.4).
 *
 * Errors name the field and the problem, never the input: the input may be ciphertext or a signature.
 */
import { PubnubValidationError } from './errors.js';

const encoder = new TextEncoder();
const fatalDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of a string. Lone surrogates become U+FFFD (the WHATWG rule). */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 strictly.
 * @param field - name reported in the error
 * @default field `'bytes'`
 * @throws PubnubValidationError when `bytes` is not valid UTF-8
 */
export function utf8Decode(bytes: Uint8Array, field = 'bytes'): string {
  try {
    return fatalDecoder.decode(bytes);
  } catch {
    throw new PubnubValidationError(field, `${field} is not valid UTF-8`);
  }
}

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function reverseTable(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STANDARD_REVERSE = reverseTable(STANDARD);
const URL_SAFE_REVERSE = reverseTable(URL_SAFE);

function encodeWith(bytes: Uint8Array, alphabet: string, padded: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + (padded ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (padded ? '=' : '');
  }
  return out;
}

/** Decodes unpadded base64 `body` (length % 4 !== 1) with `table`; throws on a foreign character or pad bits. */
function decodeWith(body: string, table: Int16Array, field: string, what: string): Uint8Array {
  if (body.length % 4 === 1) throw new PubnubValidationError(field, `${field} is not valid ${what}: bad length`);
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? table[code]! : -1;
    if (value < 0) throw new PubnubValidationError(field, `${field} is not valid ${what}: unexpected character`);
    acc = ((acc << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two different strings would decode to the same bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new PubnubValidationError(field, `${field} is not valid ${what}: non-zero padding bits`);
  }
  return out;
}

/** Standard base64 (`+`, `/`) with `=` padding (RFC 4648 §4). */
export function base64Encode(bytes: Uint8Array): string {
  return encodeWith(bytes, STANDARD, true);
}

/**
 * Decodes standard base64 strictly: alphabet `A-Za-z0-9+/`, `=` padding to a multiple of 4 required, no
 * whitespace, zero pad bits.
 * @param field - name reported in the error
 * @default field `'base64'`
 * @throws PubnubValidationError when `text` is not canonical padded base64
 */
export function base64Decode(text: string, field = 'base64'): Uint8Array {
  if (text.length % 4 !== 0) throw new PubnubValidationError(field, `${field} is not valid base64: bad length`);
  const body = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  return decodeWith(body, STANDARD_REVERSE, field, 'base64');
}

/**
 * URL-safe base64 (`-`, `_`, RFC 4648 §5). v1 signatures keep the padding, v2 signatures drop it (PROTOCOL §6).
 * @param padded - append `=` padding
 * @default padded `false`
 */
export function base64UrlEncode(bytes: Uint8Array, padded = false): string {
  return encodeWith(bytes, URL_SAFE, padded);
}

/**
 * Decodes URL-safe base64, with or without `=` padding (but padding, when present, must be exact).
 * @param field - name reported in the error
 * @default field `'base64url'`
 * @throws PubnubValidationError when `text` is not canonical base64url
 */
export function base64UrlDecode(text: string, field = 'base64url'): Uint8Array {
  let body = text;
  if (text.endsWith('=')) {
    if (text.length % 4 !== 0) throw new PubnubValidationError(field, `${field} is not valid base64url: bad padding`);
    body = text.endsWith('==') ? text.slice(0, -2) : text.slice(0, -1);
  }
  return decodeWith(body, URL_SAFE_REVERSE, field, 'base64url');
}

const HEX = '0123456789abcdef';

/** Lower-case hex, two digits per byte (the form PROTOCOL §7.1 slices the legacy key from). */
export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte >> 4]! + HEX[byte & 15]!;
  return out;
}

/**
 * Decodes hex (either case).
 * @param field - name reported in the error
 * @default field `'hex'`
 * @throws PubnubValidationError for an odd length or a non-hex character
 */
export function hexDecode(text: string, field = 'hex'): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new PubnubValidationError(field, `${field} is not valid hex`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Compares two strings (UTF-16 code units) or two byte arrays without exiting early: the time taken depends on
 * the longer length only, not on where the first difference is. A length difference makes the result false but
 * does not shorten the loop.
 */
export function timingSafeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === 'string' ? a : undefined;
  const y = typeof b === 'string' ? b : undefined;
  if ((x === undefined) !== (y === undefined)) return false;
  const lengthA = a.length;
  const lengthB = b.length;
  const n = Math.max(lengthA, lengthB);
  let diff = lengthA ^ lengthB;
  for (let i = 0; i < n; i++) {
    // Out-of-range reads compare against a fixed value so every iteration does the same work.
    const ca = i < lengthA ? (x !== undefined ? x.charCodeAt(i) : (a as Uint8Array)[i]!) : 0x10000;
    const cb = i < lengthB ? (y !== undefined ? y.charCodeAt(i) : (b as Uint8Array)[i]!) : 0x20000;
    diff |= ca ^ cb;
  }
  return diff === 0;
}
