/**
 * `nodeEnv()`: the host side of the core's `Env` seam (docs/architecture.md §3) on Node: `Date.now`, `node:crypto` and a logger.
 *
 * Why Buffers are returned as they are: a `Buffer` is a `Uint8Array`, so copying `digest()` or `update()` output
 * into a fresh `Uint8Array` would only cost time on the hot path (every signed request, every encrypted message).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type Codecs, type CryptoPrimitives, type Env, type Logger, type Random, silentLogger } from '@pubkit/core';

/** `CryptoPrimitives` over `node:crypto`: SHA-256, HMAC-SHA-256 and AES-256-CBC with PKCS#7 padding. */
export const nodeCrypto: CryptoPrimitives = Object.freeze({
  sha256(data: Uint8Array): Uint8Array {
    return createHash('sha256').update(data).digest();
  },
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
    return createHmac('sha256', key).update(data).digest();
  },
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const head = cipher.update(plaintext);
    const tail = cipher.final();
    return tail.length === 0 ? head : Buffer.concat([head, tail]);
  },
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    const head = decipher.update(ciphertext);
    const tail = decipher.final();
    return tail.length === 0 ? head : Buffer.concat([head, tail]);
  },
});

/**
 * `Codecs` over `Buffer` (native base64 and UTF-8): the core's cipher path uses them instead of its pure-JS codecs.
 * `Buffer.from(text, 'base64')` is lenient (it skips foreign characters and accepts base64url); that is allowed,
 * because the core re-encodes and rejects anything that does not round-trip (see `Codecs` in `@pubkit/core`).
 */
export const nodeCodecs: Codecs = Object.freeze({
  base64Encode(bytes: Uint8Array): string {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return buffer.toString('base64');
  },
  base64Decode: (text: string): Uint8Array => Buffer.from(text, 'base64'),
  utf8Encode: (text: string): Uint8Array => Buffer.from(text, 'utf8'),
});

/** Randomness from `node:crypto` (UUIDs, IVs); `Math.random` for backoff jitter, which needs no secrecy. */
export const nodeRandom: Random = Object.freeze({
  uuid: (): string => randomUUID(),
  bytes: (n: number): Uint8Array => randomBytes(n),
  unit: (): number => Math.random(),
});

/** Options of `nodeEnv`. */
export interface NodeEnvOptions {
  /** Where log lines go. Never receives secret or auth keys. @default silentLogger (nothing is logged) */
  readonly logger?: Logger | undefined;
}

/**
 * The Node `Env`: wall clock from `Date.now`, randomness and crypto from `node:crypto`, codecs from `Buffer`.
 * @default options.logger silentLogger
 */
export function nodeEnv(options: NodeEnvOptions = {}): Env {
  return {
    clock: { nowMs: () => Date.now() },
    random: nodeRandom,
    crypto: nodeCrypto,
    codecs: nodeCodecs,
    logger: options.logger ?? silentLogger,
  };
}
