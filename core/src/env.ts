/**
 * What the core needs from its host, injected (docs/architecture.md §3). The core never reads a clock, draws randomness, calls a
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

/**
 * Native byte codecs a host may supply because they beat the core's pure-JS ones by an order of magnitude on the
 * cipher hot path (Node's `Buffer`: base64 of a 1 KiB message in well under a microsecond). Optional: without them
 * the core uses its own (`bytes.ts`), and every result is the same.
 *
 * Strictness stays the core's job, not the host's: the core re-encodes whatever `base64Decode` returns and rejects
 * input that does not come back identical, so a lenient host decoder (Buffer skips foreign characters, accepts
 * the URL-safe alphabet and missing padding) can never turn bad ciphertext into garbage bytes.
 */
export interface Codecs {
  /** Standard base64 (`+`, `/`) with `=` padding (RFC 4648 §4); must be canonical (zero pad bits). */
  base64Encode(bytes: Uint8Array): string;
  /** Decodes standard base64. May be lenient (see above); must not throw for text that is canonical base64. */
  base64Decode(text: string): Uint8Array;
  /** UTF-8 bytes of a string, lone surrogates as U+FFFD (the WHATWG rule, as `TextEncoder`). */
  utf8Encode(text: string): Uint8Array;
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
  /** Faster byte codecs for the cipher path. @default undefined (the core's pure-JS codecs) */
  readonly codecs?: Codecs | undefined;
}

/** A logger that drops everything (the default). */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
