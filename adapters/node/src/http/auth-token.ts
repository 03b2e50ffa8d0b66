/**
 * The auth route's token mode (docs/decisions.md "Access Manager v3 tokens"): instead of granting an auth key,
 * grant the signed-in user an Access Manager v3 token bound to that user's uuid (`authorizedUuid`), with read on
 * the read channels (and their `-pnpres` for presence) and write on the write channels. The browser sets it with
 * `setToken` and must use that uuid: the service refuses the token to any other. The secret key stays in the
 * server's client; the answer carries the token, the uuid and what the browser needs to connect.
 */
import { PubnubValidationError, presenceChannel, type TokenPermissionRequest } from '@pubkit/core';
import {
  type BrowserFields,
  type BrowserKeys,
  browserFields,
  type ChannelAccess,
  DEFAULT_AUTH_TTL,
} from './auth-grant.js';
import type { GrantingClient } from './client.js';

/** The auth route's JSON answer in token mode. */
export interface AuthToken extends BrowserFields {
  /** The v3 token; the browser passes it to `setToken`. */
  readonly token: string;
  /** The uuid the token is bound to; the browser must use it. */
  readonly uuid: string;
}

/** Options of `grantTokenAccess`. */
export interface GrantTokenAccessOptions {
  /** The signed-in user's uuid; the token is bound to it. */
  readonly uuid: string;
  /** Minutes, 1..43200. @default 60 */
  readonly ttl?: number | undefined;
  /** Also grant read on `<channel>-pnpres`. @default true */
  readonly presence?: boolean | undefined;
  /** Keys to tell the browser, for a client that does not expose its own. @default the client's */
  readonly keys?: BrowserKeys | undefined;
  /** The origin to tell the browser. @default the client's */
  readonly publicOrigin?: string | undefined;
}

/**
 * Checks, when a token-mode route is set up, that the client can grant tokens.
 * @throws TypeError when the client has no `grantToken`
 */
export function checkTokenClient(client: GrantingClient): void {
  if (typeof client.grantToken !== 'function') {
    throw new TypeError("authRoute: mode 'token' needs a client with grantToken (a Pubnub with the secretKey)");
  }
}

/**
 * Grants the user a token for `access` and describes it.
 * @throws TypeError for a client without `grantToken`; PubnubValidationError for a bad uuid, channel name or ttl,
 *   or a client without a secret key;
 *   PubnubAccessDeniedError when the secret key is wrong
 */
export async function grantTokenAccess(
  client: GrantingClient,
  access: ChannelAccess,
  options: GrantTokenAccessOptions,
): Promise<AuthToken> {
  checkTokenClient(client);
  if (typeof options.uuid !== 'string' || options.uuid === '') {
    throw new PubnubValidationError('uuid', 'token mode needs the signed-in user’s uuid');
  }
  const ttl = options.ttl ?? DEFAULT_AUTH_TTL;
  const read = [...new Set(access.read)];
  const write = [...new Set(access.write)];
  const fields = browserFields(client, read, write, ttl, options);
  const channels: Record<string, { read?: boolean; write?: boolean }> = {};
  for (const channel of read) channels[channel] = { read: true };
  for (const channel of write) channels[channel] = { ...channels[channel], write: true };
  if (options.presence !== false) for (const channel of read) channels[presenceChannel(channel)] = { read: true };
  const token = await client.grantToken!({
    ttl,
    authorizedUuid: options.uuid,
    resources: { channels: channels as Record<string, TokenPermissionRequest> },
  });
  return { token, uuid: options.uuid, ...fields };
}
