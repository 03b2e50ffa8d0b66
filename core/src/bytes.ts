/**
 * Byte helpers the core needs without Node's `Buffer` (docs/architecture.md §3: core compiles with `types: []`).
 *
 * Theory of operation:
 * - UTF-8 goes through the WHATWG `TextEncoder`/`TextDecoder`, the only host objects the core touches. Decoding is
 *   fatal: a decrypted message under the wrong key is usually not UTF-8, and silently turning it into U+FFFD
 *   would hand garbage to the caller instead of a `PubnubCryptoError` (docs/protocol.md §7).
 * - Base64 is written by hand. Decoding is strict (canonical alphabet, exact padding, zero pad bits, no
 *   whitespace): ciphertext that is not canonical base64 is not ciphertext any SDK produced, and rejecting it is
 *   the earliest, clearest failure. Signatures are compared after normalisation (see `signing/`), never decoded.
 * - `timingSafeEqual` never exits early, so a signature check does not leak how many leading characters of a
 *   forged signature were right (docs/protocol.md §6.4).
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

// Table-driven, because this is the hot path of every encrypted message when the host supplies no native codec
// (`Env.codecs`, see `cipher/create-cipher.ts`): the encoder writes ASCII codes into a byte array and turns it into
// a string with one native `TextDecoder` call (no per-character string concatenation); the decoder reads four
// characters per step and checks all four with one sign test (invalid characters map to -1, and -1 shifted left
// stays negative after the OR).
const asciiDecoder = new TextDecoder('utf-8');

function codes(alphabet: string): Uint8Array {
  return Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
}
function reverseTable(alphabet: string): Int32Array {
  const table = new Int32Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STANDARD_CODES = codes(STANDARD);
const URL_SAFE_CODES = codes(URL_SAFE);
const STANDARD_REVERSE = reverseTable(STANDARD);
const URL_SAFE_REVERSE = reverseTable(URL_SAFE);
const PAD = 0x3d; // '='

function encodeWith(bytes: Uint8Array, alphabet: Uint8Array, padded: boolean): string {
  const n = bytes.length;
  const rest = n % 3;
  const full = n - rest;
  const out = new Uint8Array(rest === 0 ? (n / 3) * 4 : padded ? (full / 3) * 4 + 4 : (full / 3) * 4 + rest + 1);
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = alphabet[v >>> 18]!;
    out[o + 1] = alphabet[(v >>> 12) & 63]!;
    out[o + 2] = alphabet[(v >>> 6) & 63]!;
    out[o + 3] = alphabet[v & 63]!;
    o += 4;
  }
  if (rest === 1) {
    const v = bytes[full]!;
    out[o] = alphabet[v >>> 2]!;
    out[o + 1] = alphabet[(v & 3) << 4]!;
    if (padded) out[o + 2] = out[o + 3] = PAD;
  } else if (rest === 2) {
    const v = (bytes[full]! << 8) | bytes[full + 1]!;
    out[o] = alphabet[v >>> 10]!;
    out[o + 1] = alphabet[(v >>> 4) & 63]!;
    out[o + 2] = alphabet[(v & 15) << 2]!;
    if (padded) out[o + 3] = PAD;
  }
  return asciiDecoder.decode(out);
}

/** Decodes unpadded base64 `body` (length % 4 !== 1) with `table`; throws on a foreign character or pad bits. */
function decodeWith(body: string, table: Int32Array, field: string, what: string): Uint8Array {
  const len = body.length;
  const rest = len % 4;
  if (rest === 1) throw new PubnubValidationError(field, `${field} is not valid ${what}: bad length`);
  const full = len - rest;
  const out = new Uint8Array((full / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const c0 = body.charCodeAt(i);
    const c1 = body.charCodeAt(i + 1);
    const c2 = body.charCodeAt(i + 2);
    const c3 = body.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) throw unexpected(field, what);
    const v = (table[c0]! << 18) | (table[c1]! << 12) | (table[c2]! << 6) | table[c3]!;
    if (v < 0) throw unexpected(field, what);
    out[o] = v >>> 16;
    out[o + 1] = (v >>> 8) & 0xff;
    out[o + 2] = v & 0xff;
    o += 3;
  }
  if (rest !== 0) {
    let v = 0;
    for (let i = full; i < len; i++) {
      const c = body.charCodeAt(i);
      const value = c < 128 ? table[c]! : -1;
      if (value < 0) throw unexpected(field, what);
      v = (v << 6) | value;
    }
    // Leftover bits must be zero, or two different strings would decode to the same bytes.
    const spare = rest === 2 ? 4 : 2;
    if ((v & ((1 << spare) - 1)) !== 0) {
      throw new PubnubValidationError(field, `${field} is not valid ${what}: non-zero padding bits`);
    }
    v >>>= spare;
    if (rest === 2) out[o] = v;
    else {
      out[o] = v >>> 8;
      out[o + 1] = v & 0xff;
    }
  }
  return out;
}

function unexpected(field: string, what: string): PubnubValidationError {
  return new PubnubValidationError(field, `${field} is not valid ${what}: unexpected character`);
}

/** Standard base64 (`+`, `/`) with `=` padding (RFC 4648 §4). */
export function base64Encode(bytes: Uint8Array): string {
  return encodeWith(bytes, STANDARD_CODES, true);
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
 * URL-safe base64 (`-`, `_`, RFC 4648 §5). v1 signatures keep the padding, v2 signatures drop it (docs/protocol.md §6).
 * @param padded - append `=` padding
 * @default padded `false`
 */
export function base64UrlEncode(bytes: Uint8Array, padded = false): string {
  return encodeWith(bytes, URL_SAFE_CODES, padded);
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

/** Lower-case hex, two digits per byte (the form docs/protocol.md §7.1 slices the legacy key from). */
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
