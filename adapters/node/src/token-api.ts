/**
 * Access Manager v3 tokens on the client (docs/decisions.md "Access Manager v3 tokens"), under the official SDK's
 * method names so migration is a rename: `grantToken` and `revokeToken` (servers, with the secret key), and
 * `parseToken`, `setToken`, `getToken` (anyone).
 *
 * `setToken(token)` sends the token as `auth` on every later request of this client, subscribe long-polls and
 * heartbeats included (the next poll carries it); it takes the place of the `authKey` option while set, and
 * `setToken(undefined)` goes back to it. The token lives in a `TokenSlot` that the client's request context reads
 * at each request, so nothing is rebuilt. A view (`view({ token })`) has its own slot, so a server can answer each
 * request under that user's token without touching the shared client.
 */
import {
  buildGrantToken,
  buildRevokeToken,
  decodeToken,
  type GrantTokenParams,
  type ParsedToken,
  PubnubValidationError,
  parseGrantToken,
  parseRevokeToken,
  parseToken,
  type RequestContext,
  type RevokeTokenResult,
} from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Options of `grantToken()`: the grant plus the call options. */
export interface GrantTokenOptions extends GrantTokenParams, CallOptions<string> {}

/** Options of `revokeToken()`. */
export type RevokeTokenOptions = CallOptions<RevokeTokenResult>;

/** The token a client or view sends as `auth`, when one is set. */
export class TokenSlot {
  #token: string | undefined;

  constructor(token?: string) {
    this.#token = token;
  }

  /** The token, or undefined. */
  get token(): string | undefined {
    return this.#token;
  }

  /**
   * Sets (or with `undefined` or `''`, clears) the token.
   * @throws PubnubTokenError when `token` is not a token
   */
  set(token: string | undefined): void {
    if (token === undefined || token === '') {
      this.#token = undefined;
      return;
    }
    decodeToken(token);
    this.#token = token;
  }
}

/** A request context whose `auth` is the slot's token while one is set, else the base context's auth key. */
export function tokenContext(base: RequestContext, slot: TokenSlot): RequestContext {
  return {
    ...base,
    get authKey() {
      return slot.token ?? base.authKey;
    },
  };
}

function requireSecret(runtime: ClientRuntime, operation: string): void {
  if (runtime.config.secretKey === undefined) {
    throw new PubnubValidationError('secretKey', `${operation} needs a client created with a secretKey`, {
      operation,
    });
  }
}

/**
 * Grants a token; resolves to the token string.
 * @throws PubnubValidationError synchronously without a secret key, or for a bad ttl, permission, pattern or meta
 */
export function startGrantToken(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: GrantTokenOptions,
): Promise<string> {
  requireSecret(runtime, 'grantToken');
  const { signal, callback: _callback, error: _error, ...params } = options;
  return execute(runtime, buildGrantToken(params, ctx), parseGrantToken, signal);
}

/**
 * Revokes a token; resolves to `{ status: 200, data: { message: 'Success' } }`.
 * @throws PubnubValidationError synchronously without a secret key; PubnubTokenError when `token` is not a token
 */
export function startRevokeToken(
  runtime: ClientRuntime,
  ctx: RequestContext,
  token: string,
  options: RevokeTokenOptions | undefined,
): Promise<RevokeTokenResult> {
  requireSecret(runtime, 'revokeToken');
  return execute(runtime, buildRevokeToken(token, ctx), parseRevokeToken, options?.signal);
}

export { type ParsedToken, parseToken };
