/**
 * The `MessageCipher` a client uses when it has a `cipherKey` (PROTOCOL §7, DESIGN §4).
 *
 * Theory of operation:
 * - Encrypt: UTF-8 of the message's JSON text, then the configured legacy mode: static IV by default (the
 *   seed's and every 3.x SDK's mode), or a fresh random IV from `env.random` with `useRandomIVs` (current JS and
 *   Python default). Output is standard padded base64; `encodeMessage` wraps it in a JSON string.
 * - Decrypt: strict base64, then route. Input starting with the `PNED` header goes to its cryptor (ACRH only;
 *   anything else is "unknown cryptor"); everything else goes to the configured legacy mode, because static-IV
 *   and random-IV ciphertexts cannot be told apart on the wire (PROTOCOL §7.2). The plaintext must be UTF-8.
 * - Both AES keys are derived once, here: the legacy key (hex-digest prefix) and the ACRH key (raw digest).
 * - Every failure is a `PubnubCryptoError` whose message names the step, never the key or the plaintext.
 */
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../bytes.js';
import type { MessageCipher } from '../context.js';
import type { Env } from '../env.js';
import { PubnubCryptoError, PubnubError } from '../errors.js';
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
export function createCipher(options: CipherOptions, env: Pick<Env, 'crypto' | 'random'>): MessageCipher {
  const { crypto, random } = env;
  const useRandomIVs = options.useRandomIVs ?? false;
  const legacyKey = deriveLegacyKey(options.cipherKey, crypto);
  const acrhKey = deriveAcrhKey(options.cipherKey, crypto);

  return {
    encrypt(plaintextJson: string): string {
      const plaintext = utf8Encode(plaintextJson);
      const data = useRandomIVs
        ? encryptLegacyRandomIv(legacyKey, plaintext, random.bytes(AES_BLOCK_BYTES), crypto)
        : encryptLegacyStatic(legacyKey, plaintext, crypto);
      return base64Encode(data);
    },

    decrypt(ciphertext: string): string {
      if (typeof ciphertext !== 'string') throw new PubnubCryptoError('decryption failed: the input is not a string');
      let data: Uint8Array;
      try {
        data = base64Decode(ciphertext, 'ciphertext');
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

// Our own errors carry safe messages (they never include the input); anything else is summarised.
function messageOf(err: unknown): string {
  return err instanceof PubnubError ? err.message : 'invalid input';
}
