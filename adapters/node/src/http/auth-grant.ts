/**
 * What the auth route does, without a framework: grant a browser's auth key read and/or write on channels and
 * describe the result. The secret key stays in the server's client; the answer never carries it, and carries the
 * publish key only when write was granted (a read-only browser has no use for it).
 *
 * Why channels are grouped by permission: one grant call sets r and w for every channel it names, so channels
 * are split into read+write, read-only and write-only groups, one call each. An empty group is skipped on purpose:
 * a grant that names no channel is a key-level grant (docs/protocol.md §4.1), which would give the browser every channel.
 */
import { randomBytes } from 'node:crypto';
import { PubnubValidationError, presenceChannel } from '@pubkit/core';
import type { GrantingClient } from './client.js';

/** The channels a signed-in user may read (subscribe, history, presence) and write (publish). */
export interface ChannelAccess {
  readonly read: readonly string[];
  readonly write: readonly string[];
}

/** The auth route's JSON answer. */
export interface AuthGrant {
  /** The auth key the browser sends with every request. */
  readonly authKey: string;
  readonly channels: { readonly read: readonly string[]; readonly write: readonly string[] };
  /** Minutes the grant lasts (0 = until revoked). */
  readonly ttl: number;
  /** Base URL of the PubNub origin the browser should talk to. */
  readonly origin: string;
  readonly subscribeKey: string;
  /** Present only when write was granted on at least one channel. */
  readonly publishKey?: string;
}

/** Options of `grantAccess`. */
export interface GrantAccessOptions {
  /** The auth key to grant to; absent: a fresh random one. */
  readonly authKey?: string | undefined;
  /** Minutes. @default 60 */
  readonly ttl?: number | undefined;
  /** Also grant read on `<channel>-pnpres`, so the browser may subscribe to presence. @default true */
  readonly presence?: boolean | undefined;
  /**
   * Keys to tell the browser, for a client that does not expose its own (a `Pubnub` does).
   * @default the client's `subscribeKey` / `publishKey`
   */
  readonly keys?: BrowserKeys | undefined;
  /** The origin to tell the browser, when it reaches PubNub by another URL than the server does. @default the client's */
  readonly publicOrigin?: string | undefined;
}

/** The keys a browser needs: never the secret key. */
export interface BrowserKeys {
  readonly subscribeKey: string;
  /** Told to the browser only when write was granted. */
  readonly publishKey?: string | undefined;
}

/** Default grant lifetime: an hour, short because the key travels to a browser; the page asks again. */
export const DEFAULT_AUTH_TTL = 60;

/**
 * Checks, when an auth route is set up, that there is a subscribe key to tell the browser: a misconfiguration is
 * reported when the app starts, not to the first browser as a 400.
 * @throws TypeError when neither the client nor `keys` has a subscribe key
 */
export function checkBrowserKeys(client: GrantingClient, keys: BrowserKeys | undefined): void {
  if ((keys?.subscribeKey ?? client.subscribeKey ?? '') === '') {
    throw new TypeError('authRoute: the client has no subscribeKey; pass keys: { subscribeKey, publishKey }');
  }
}

/**
 * Grants `access` to an auth key and describes the grant.
 * @throws PubnubValidationError for a bad channel name or ttl, a client without a secret key, or no subscribe key
 *   to tell (neither the client nor `keys` has one: only possible with a stand-in client, since a `Pubnub` always
 *   has one); PubnubAccessDeniedError when the secret key is wrong
 */
export async function grantAccess(
  client: GrantingClient,
  access: ChannelAccess,
  options: GrantAccessOptions = {},
): Promise<AuthGrant> {
  const authKey = options.authKey ?? randomBytes(24).toString('base64url');
  const ttl = options.ttl ?? DEFAULT_AUTH_TTL;
  const read = [...new Set(access.read)];
  const write = [...new Set(access.write)];
  const fields = browserFields(client, read, write, ttl, options);
  const readSet = new Set(read);
  const writeSet = new Set(write);
  const presence = options.presence === false ? [] : read.map((channel) => presenceChannel(channel));
  const groups: Array<[channels: string[], read: boolean, write: boolean]> = [
    [read.filter((c) => writeSet.has(c)), true, true],
    [[...read.filter((c) => !writeSet.has(c)), ...presence], true, false],
    [write.filter((c) => !readSet.has(c)), false, true],
  ];
  await Promise.all(
    groups
      .filter(([channels]) => channels.length > 0)
      .map(([channel, r, w]) => client.grant({ channel, authKey, read: r, write: w, ttl })),
  );
  return { authKey, ...fields };
}

/** What either auth answer tells the browser besides its credential. */
export interface BrowserFields {
  readonly channels: { readonly read: readonly string[]; readonly write: readonly string[] };
  readonly ttl: number;
  readonly origin: string;
  readonly subscribeKey: string;
  readonly publishKey?: string;
}

/**
 * The channels, ttl, origin and keys an auth answer tells the browser: the publish key only when write was
 * granted, never the secret key. Called before granting, so a missing subscribe key fails before any grant.
 * @throws PubnubValidationError when neither the client nor `options.keys` has a subscribe key
 */
export function browserFields(
  client: GrantingClient,
  read: readonly string[],
  write: readonly string[],
  ttl: number,
  options: { readonly keys?: BrowserKeys | undefined; readonly publicOrigin?: string | undefined },
): BrowserFields {
  const subscribeKey = options.keys?.subscribeKey ?? client.subscribeKey;
  const publishKey = options.keys?.publishKey ?? client.publishKey;
  if (subscribeKey === undefined || subscribeKey === '') {
    throw new PubnubValidationError('keys', 'the client has no subscribeKey to tell the browser: pass keys');
  }
  return {
    channels: { read, write },
    ttl,
    origin: options.publicOrigin ?? client.origin,
    subscribeKey,
    ...(write.length > 0 && publishKey !== undefined && publishKey !== '' ? { publishKey } : {}),
  };
}
