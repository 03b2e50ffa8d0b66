/**
 * The `MessageCipher` a client uses when it has a `cipherKey` (docs/protocol.md §7, docs/architecture.md §4).
 *
 * Theory of operation:
 * - Encrypt: UTF-8 of the message's JSON text, then the configured legacy mode: static IV by default (the
 *   seed's and every 3.x SDK's mode), or a fresh random IV from `env.random` with `useRandomIVs` (current JS and
 *   Python default). Output is standard padded base64; `encodeMessage` wraps it in a JSON string.
 * - Decrypt: strict base64, then route. Input starting with the `PNED` header goes to its cryptor (ACRH only;
 *   anything else is "unknown cryptor"); everything else goes to the configured legacy mode, because static-IV
 *   and random-IV ciphertexts cannot be told apart on the wire (docs/protocol.md §7.2). The plaintext must be UTF-8.
 * - Both AES keys are derived once, here: the legacy key (hex-digest prefix) and the ACRH key (raw digest).
 * - Every failure is a `PubnubCryptoError` whose message names the step, never the key or the plaintext.
 * - Codecs: base64 and UTF-8 encoding come from `env.codecs` when the host supplies them (Node: `Buffer`), else
 *   from the core's pure-JS `bytes.ts`. Why injected rather than only made fast in JS: even table-driven, JS base64
 *   costs several µs per KiB each way, which alone keeps an encrypt+decrypt round trip well under 0.85x of raw
 *   node:crypto (issue 4); the native codec costs a fraction of a µs. The core rule holds (no `Buffer` here), and a
 *   host-supplied decoder cannot weaken strictness: its output is re-encoded and must reproduce the input exactly
 *   (canonical base64 is the one string that round-trips), else the input is rejected like the pure-JS decoder
 *   rejects it. UTF-8 decoding stays the core's fatal `TextDecoder`: it is native already, and it is what turns a
 *   wrong key into an error instead of U+FFFD garbage.
 */
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../bytes.js';
import type { MessageCipher } from '../context.js';
import type { Codecs, Env } from '../env.js';
import { PubnubCryptoError, PubnubError, PubnubValidationError } from '../errors.js';
import { decryptAcrh } from './acrh-cryptor.js';
import { AES_BLOCK_BYTES, deriveAcrhKey, deriveLegacyKey } from './cipher-keys.js';
import { decryptLegacyRandomIv, encryptLegacyRandomIv } from './legacy-random-iv.js';
import { decryptLegacyStatic, encryptLegacyStatic } from './legacy-static-iv.js';
import { hasPnedHeader } from './pned-header.js';

/** Options of `createCipher`. */
export interface CipherOptions {
  /** The shared cipher key (any non-empty string; its UTF-8 bytes are hashed). */
  readonly cipherKey: string;
  /**
   * Legacy mode for encryption and for decrypting header-less input: `false` = static IV, `true` = random IV.
   * @default false
   */
  readonly useRandomIVs?: boolean | undefined;
}

/**
 * Builds a `MessageCipher` over the injected primitives.
 * @throws PubnubValidationError when `cipherKey` is empty or not a string
 */
export function createCipher(options: CipherOptions, env: Pick<Env, 'crypto' | 'random' | 'codecs'>): MessageCipher {
  const { crypto, random } = env;
  const { encode64, decode64, encodeUtf8 } = codecsOf(env.codecs);
  const useRandomIVs = options.useRandomIVs ?? false;
  const legacyKey = deriveLegacyKey(options.cipherKey, crypto);
  const acrhKey = deriveAcrhKey(options.cipherKey, crypto);

  return {
    encrypt(plaintextJson: string): string {
      const plaintext = encodeUtf8(plaintextJson);
      const data = useRandomIVs
        ? encryptLegacyRandomIv(legacyKey, plaintext, random.bytes(AES_BLOCK_BYTES), crypto)
        : encryptLegacyStatic(legacyKey, plaintext, crypto);
      return encode64(data);
    },

    decrypt(ciphertext: string): string {
      if (typeof ciphertext !== 'string') throw new PubnubCryptoError('decryption failed: the input is not a string');
      let data: Uint8Array;
      try {
        data = decode64(ciphertext);
      } catch (err) {
        throw new PubnubCryptoError(`decryption failed: ${messageOf(err)}`);
      }
      const plaintext = hasPnedHeader(data)
        ? decryptAcrh(acrhKey, data, crypto)
        : useRandomIVs
          ? decryptLegacyRandomIv(legacyKey, data, crypto)
          : decryptLegacyStatic(legacyKey, data, crypto);
      try {
        return utf8Decode(plaintext, 'plaintext');
      } catch {
        // Padding happened to check out (about 1 in 256 under a wrong key) but the bytes are not text.
        throw new PubnubCryptoError('decryption failed: the plaintext is not UTF-8 (wrong cipher key?)');
      }
    },
  };
}

interface CipherCodecs {
  encode64(bytes: Uint8Array): string;
  /** Strict: throws (any error; the caller wraps it) unless `text` is canonical padded base64. */
  decode64(text: string): Uint8Array;
  encodeUtf8(text: string): Uint8Array;
}

function codecsOf(codecs: Codecs | undefined): CipherCodecs {
  if (codecs === undefined) {
    return { encode64: base64Encode, decode64: (text) => base64Decode(text, 'ciphertext'), encodeUtf8: utf8Encode };
  }
  return {
    encode64: (bytes) => codecs.base64Encode(bytes),
    decode64(text) {
      const bytes = codecs.base64Decode(text);
      // The round trip is the whole strictness check (see the file header); the message matches the pure-JS one's
      // prefix and, like it, never echoes the input.
      if (codecs.base64Encode(bytes) !== text) {
        throw new PubnubValidationError('ciphertext', 'ciphertext is not valid base64: not canonical');
      }
      return bytes;
    },
    encodeUtf8: (text) => codecs.utf8Encode(text),
  };
}

// Our own errors carry safe messages (they never include the input); anything else is summarised.
function messageOf(err: unknown): string {
  return err instanceof PubnubError ? err.message : 'invalid input';
}
