/**
 * The one crypto primitive the server needs (HMAC-SHA-256 for signature verification, docs/protocol.md §6.4), over
 * `node:crypto`. The server never imports an adapter (docs/architecture.md §3), so it carries this small adapter itself.
 */
import { createHmac } from 'node:crypto';
import type { CryptoPrimitives } from '@pubkit/core';

/** HMAC-SHA-256 over bytes. */
export const serverCrypto: Pick<CryptoPrimitives, 'hmacSha256'> = Object.freeze({
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array {
    return createHmac('sha256', key).update(data).digest();
  },
});
