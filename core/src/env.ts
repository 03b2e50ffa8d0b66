/**
 * What the core needs from its host, injected (DESIGN §3). The core never reads a clock, draws randomness, calls a
 * crypto library or logs on its own: `@pubkit/node` supplies `nodeEnv()`, tests supply a fixed env so every
 * signature and ciphertext is exact.
 */

/** Wall clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** Randomness. */
export interface Random {
  /** A random v4 UUID string. */
  uuid(): string;
  /** `n` random bytes (IVs). */
  bytes(n: number): Uint8Array;
  /** A number in [0, 1) (backoff jitter). */
  unit(): number;
}

/** Synchronous crypto primitives over bytes. */
export interface CryptoPrimitives {
  sha256(data: Uint8Array): Uint8Array;
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** AES-256-CBC with PKCS#7 padding. */
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** AES-256-CBC, PKCS#7 padding removed. Throws on bad padding. */
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array;
}

/** Log sink. Never receives secret keys or auth keys: callers redact first. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Everything injected into the core. */
export interface Env {
  readonly clock: Clock;
  readonly random: Random;
  readonly crypto: CryptoPrimitives;
  readonly logger: Logger;
}

/** A logger that drops everything (the default). */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
