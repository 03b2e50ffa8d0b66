/**
 * Shared fixtures of the operation tests: a context with the keys and uuid of the captured traces (docs/protocol.md §9:
 * keys `pub`/`sub`, uuid `user-1`), responses with the service's real content type, and a stub cipher.
 */
import {
  createCipher,
  encodeQuery,
  type MessageCipher,
  type PnRequest,
  type PnResponse,
  PubnubCryptoError,
  type RequestContext,
} from '@pubkit/core';
import { fixedEnv } from '../support/fixed-env.js';

/** The context of the captured traces. */
export const ctx: RequestContext = {
  publishKey: 'pub',
  subscribeKey: 'sub',
  uuid: 'user-1',
  pnsdk: 'PubKit-Node/0.1.0',
  requestTimeoutMs: 15_000,
  subscribeTimeoutMs: 310_000,
};

/** The same context with an auth key. */
export const authCtx: RequestContext = { ...ctx, authKey: 'ak' };

/** A response as the service sends it (docs/protocol.md §1.4). */
export function res(body: string, status = 200, headers?: Record<string, string>): PnResponse {
  return { status, headers: headers ?? { 'content-type': 'text/javascript; charset="UTF-8"' }, body };
}

/** `path?query` as it goes on the wire. */
export function wire(req: PnRequest): string {
  const query = encodeQuery(req.query);
  return query === '' ? req.path : `${req.path}?${query}`;
}

/**
 * A cipher that maps fixed plaintexts to fixed ciphertexts (both directions) and fails on anything else, so a
 * test states exactly what was encrypted or decrypted. Stands in for `createCipher` while it is built.
 */
export function stubCipher(pairs: Record<string, string>): MessageCipher {
  const byCipher = new Map(Object.entries(pairs).map(([plain, cipher]) => [cipher, plain]));
  return {
    encrypt(plaintextJson) {
      const out = pairs[plaintextJson];
      if (out === undefined) throw new Error(`stub cipher: unexpected plaintext ${plaintextJson}`);
      return out;
    },
    decrypt(ciphertext) {
      const out = byCipher.get(ciphertext);
      if (out === undefined) throw new PubnubCryptoError('stub cipher: not ciphertext for this key');
      return out;
    },
  };
}

/** Runs `fn`, expecting it to throw; returns what it threw. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

/** The real cipher (`createCipher`) over the fixed test env. @default useRandomIVs false (static IV) */
export function realCipher(cipherKey: string, useRandomIVs = false): MessageCipher {
  return createCipher({ cipherKey, useRandomIVs }, fixedEnv());
}
