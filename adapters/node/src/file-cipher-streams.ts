/**
 * Encrypting and decrypting file contents as they stream (docs/protocol.md §15.9), with `node:crypto`'s
 * AES-256-CBC: the host half of the file cipher, whose format knowledge (which layout, which key, the prefix) is
 * the core's (`readFileCipherPrefix`, `fileCipherPrefix`, `fileCipherKey`). Memory stays at a few blocks
 * plus the streams' buffers whatever the file's size.
 *
 * - Encrypt: the prefix (IV, or the PNED header carrying it) first, then the cipher's output chunk by chunk.
 * - Decrypt: bytes are held until the prefix is complete (16 bytes for legacy, the header for ACRH), which picks
 *   the layout and key; the rest is deciphered as it comes. A wrong key shows at the end, as bad padding, and the
 *   stream then fails with `PubnubCryptoError` (about 1 time in 256 a wrong key's padding checks out and garbage
 *   comes through: CBC without authentication cannot tell).
 */
import { createCipheriv, createDecipheriv, type Decipher, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  type FileCipherFormat,
  fileCipherKey,
  fileCipherPrefix,
  PubnubCryptoError,
  PubnubError,
  readFileCipherPrefix,
} from '@pubkit/core';
import { nodeCrypto } from './node-env.js';

const ALGORITHM = 'aes-256-cbc';

/**
 * A Transform that encrypts what is written to it in `format`, with a fresh random IV.
 * @throws PubnubValidationError when `cipherKey` is empty
 */
export function createFileEncryptor(cipherKey: string, format: FileCipherFormat): Transform {
  const iv = randomBytes(16);
  const cipher = createCipheriv(ALGORITHM, fileCipherKey(format, cipherKey, nodeCrypto), iv);
  let started = false;
  const start = (stream: Transform): void => {
    if (started) return;
    started = true;
    stream.push(fileCipherPrefix(format, iv));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      start(this);
      callback(null, cipher.update(chunk));
    },
    flush(callback: TransformCallback) {
      start(this);
      try {
        callback(null, cipher.final());
      } catch (err) {
        callback(new PubnubCryptoError('encryption failed', { cause: err }));
      }
    },
  });
}

/** A Transform that decrypts a file of either layout (docs/protocol.md §15.9). */
export class FileDecryptor extends Transform {
  readonly #cipherKey: string;
  #held: Buffer[] = [];
  #heldBytes = 0;
  #decipher: Decipher | undefined;

  /** @throws PubnubValidationError when `cipherKey` is empty (at the first chunk) */
  constructor(cipherKey: string) {
    super();
    this.#cipherKey = cipherKey;
  }

  /** @internal */
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.#decipher !== undefined) {
        callback(null, this.#decipher.update(chunk));
        return;
      }
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
      callback(null, this.#begin(false));
    } catch (err) {
      callback(asCryptoError(err));
    }
  }

  /** @internal */
  override _flush(callback: TransformCallback): void {
    try {
      const head = this.#decipher === undefined ? this.#begin(true) : undefined;
      const decipher = this.#decipher as Decipher | undefined;
      if (decipher === undefined) throw new PubnubCryptoError('decryption failed: the file is too short');
      const tail = decipher.final();
      callback(null, head === undefined || head.length === 0 ? tail : Buffer.concat([head, tail]));
    } catch (err) {
      callback(asCryptoError(err, 'decryption failed: bad padding or a cut file (wrong cipher key?)'));
    }
  }

  /** Starts deciphering once the prefix is complete; returns the first plaintext, or undefined to wait. */
  #begin(ended: boolean): Buffer | undefined {
    const head = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held, this.#heldBytes);
    const prefix = readFileCipherPrefix(head, ended);
    if (prefix === undefined) {
      this.#held = [head];
      return undefined;
    }
    this.#held = [];
    const key = fileCipherKey(prefix.format, this.#cipherKey, nodeCrypto);
    this.#decipher = createDecipheriv(ALGORITHM, key, prefix.iv);
    return this.#decipher.update(head.subarray(prefix.length));
  }
}

function asCryptoError(err: unknown, message = 'decryption failed'): PubnubError {
  if (err instanceof PubnubError) return err;
  return new PubnubCryptoError(message, { cause: err });
}
