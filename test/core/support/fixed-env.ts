/**
 * A deterministic `Env` for tests (docs/architecture.md §3): real crypto from `node:crypto`, a clock that only moves when told,
 * randomness that is queued or seeded, and a silent logger. With it every signature, IV and ciphertext a test sees
 * is exact and reproducible.
 *
 * Random bytes: `bytes(n)` first drains the `randomBytes` queue (each entry must be exactly `n` long, so a test
 * that queues an IV for the wrong call fails loudly), then falls back to a seeded xorshift stream. UUIDs are
 * queued the same way, then `00000000-0000-4000-8000-<counter>`.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { type Clock, type CryptoPrimitives, type Env, type Random, silentLogger } from '@pubkit/core';

/** Default `nowMs` of the fixed clock: 2026-11-28T16:14:43Z (the captured timestamp of docs/protocol.md §9). */
export const FIXED_NOW_MS = 1795882483000;

/** Options of `fixedEnv`. */
export interface FixedEnvOptions {
  /** Initial clock value in ms. @default FIXED_NOW_MS */
  readonly nowMs?: number;
  /** Byte arrays returned by `random.bytes(n)` in order, before the seeded stream. */
  readonly randomBytes?: readonly Uint8Array[];
  /** UUIDs returned by `random.uuid()` in order, before the counter ones. */
  readonly uuids?: readonly string[];
  /** Values returned by `random.unit()` in order, before the seeded stream. */
  readonly units?: readonly number[];
  /** Seed of the fallback pseudo-random stream. @default 1 */
  readonly seed?: number;
}

/** A clock tests can move by hand. */
export interface FixedClock extends Clock {
  /** Sets the time. */
  set(ms: number): void;
  /** Moves the time forward by `ms`. */
  advance(ms: number): void;
}

/** A random source tests can feed. */
export interface QueuedRandom extends Random {
  /** Queues byte arrays for the next `bytes()` calls. */
  queueBytes(...values: Uint8Array[]): void;
  /** Queues UUIDs for the next `uuid()` calls. */
  queueUuids(...values: string[]): void;
  /** Queues values for the next `unit()` calls. */
  queueUnits(...values: number[]): void;
}

/** The `Env` returned by `fixedEnv`, with handles to drive its clock and randomness. */
export interface FixedEnv extends Env {
  readonly clock: FixedClock;
  readonly random: QueuedRandom;
}

/** `CryptoPrimitives` over `node:crypto` (AES-256-CBC with PKCS#7, as the core expects). */
export const nodeCrypto: CryptoPrimitives = Object.freeze({
  sha256(data: Uint8Array): Uint8Array {
    return new Uint8Array(createHash('sha256').update(data).digest());
  },
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
  },
  aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
  },
  aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  },
});

/** Builds a deterministic test `Env`. */
export function fixedEnv(options: FixedEnvOptions = {}): FixedEnv {
  let now = options.nowMs ?? FIXED_NOW_MS;
  const byteQueue = [...(options.randomBytes ?? [])];
  const uuidQueue = [...(options.uuids ?? [])];
  const unitQueue = [...(options.units ?? [])];
  let state = (options.seed ?? 1) >>> 0 || 1;
  let uuidCounter = 0;

  // xorshift32: deterministic, good enough for jitter and filler IVs.
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };

  const clock: FixedClock = {
    nowMs: () => now,
    set(ms) {
      now = ms;
    },
    advance(ms) {
      now += ms;
    },
  };

  const random: QueuedRandom = {
    bytes(n) {
      const queued = byteQueue.shift();
      if (queued !== undefined) {
        if (queued.length !== n) throw new Error(`fixedEnv: queued ${queued.length} random bytes, ${n} requested`);
        return Uint8Array.from(queued);
      }
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = next() & 0xff;
      return out;
    },
    uuid() {
      const queued = uuidQueue.shift();
      if (queued !== undefined) return queued;
      uuidCounter += 1;
      return `00000000-0000-4000-8000-${uuidCounter.toString(16).padStart(12, '0')}`;
    },
    unit() {
      const queued = unitQueue.shift();
      if (queued !== undefined) return queued;
      return next() / 0x1_0000_0000;
    },
    queueBytes(...values) {
      byteQueue.push(...values);
    },
    queueUuids(...values) {
      uuidQueue.push(...values);
    },
    queueUnits(...values) {
      unitQueue.push(...values);
    },
  };

  return { clock, random, crypto: nodeCrypto, logger: silentLogger };
}
