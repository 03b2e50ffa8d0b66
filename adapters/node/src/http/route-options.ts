/**
 * The options of the auth and SSE routes, written once for every framework binding. `Req` is what the binding
 * hands the app's callbacks: Express's `Request`, Koa's `Context`, or another framework's request object.
 */
import type { BrowserKeys, ChannelAccess } from './auth-grant.js';
import type { FeedClient, GrantingClient } from './client.js';
import type { BrowserFileUrl } from './pubnub-feed.js';

/** Options of an auth route (`authRoute` in `@pubkit/express` and `@pubkit/koa`). */
export interface AuthRouteOptions<Req> {
  /** The shared client; it must hold the keyset's `secretKey` (without it, every call answers 500). */
  readonly client: GrantingClient;
  /** The channels this request's user may use, or `null` to answer 403. May be async. */
  readonly channels: (req: Req) => ChannelAccess | null | Promise<ChannelAccess | null>;
  /** Grant lifetime in minutes (0 = until revoked). @default 60 */
  readonly ttl?: number | undefined;
  /**
   * A stable auth key for this user (e.g. kept in the session), so repeated calls extend one key's grants.
   * @default a fresh random key per call
   */
  readonly authKey?: ((req: Req) => string | undefined) | undefined;
  /** Also grant read on each read channel's `-pnpres`. @default true */
  readonly presence?: boolean | undefined;
  /**
   * The keys to tell the browser (never the secret key). Only needed for a stand-in client that does not expose
   * its keys: a `Pubnub` and its views do, and are the default.
   * @default the client's `subscribeKey` / `publishKey`
   */
  readonly keys?: BrowserKeys | undefined;
  /** The origin to tell the browser, when it reaches PubNub by another URL than the server does. @default the client's */
  readonly publicOrigin?: string | undefined;
  /**
   * `'authKey'` grants an auth key (Access Manager v2) and answers `{ authKey, … }`; `'token'` grants an Access
   * Manager v3 token bound to `uuid(req)` and answers `{ token, uuid, … }` (ttl then 1..43200, not 0).
   * @default 'authKey'
   */
  readonly mode?: 'authKey' | 'token' | undefined;
  /** Token mode: the signed-in user's uuid, or undefined to answer 403. Required with `mode: 'token'`. */
  readonly uuid?: ((req: Req) => string | undefined | Promise<string | undefined>) | undefined;
}

/** Options of an SSE route (`sseRoute` in `@pubkit/express` and `@pubkit/koa`). */
export interface SseRouteOptions<Req> {
  /** The shared client; it subscribes once per open stream and unsubscribes when the browser goes away. */
  readonly client: FeedClient;
  /** The channels this request may watch, or `null` to answer 403. May be async. */
  readonly channels: (req: Req) => readonly string[] | null | Promise<readonly string[] | null>;
  /** Interval of the comment heartbeat, in ms. @default 15_000 */
  readonly heartbeatMs?: number | undefined;
  /** Bytes allowed to wait for a slow browser before its stream is cut (it then resumes). @default 1_048_576 */
  readonly maxBufferedBytes?: number | undefined;
  /** Most stored messages one `Last-Event-ID` resume replays, over all channels (the newest). @default 100 */
  readonly maxResume?: number | undefined;
  /** Most bytes one resume replays. @default 262_144 (256 KiB) */
  readonly maxResumeBytes?: number | undefined;
  /**
   * The URL a browser downloads a shared file from, put in `event: file` as `file.url`: the app's `fileRoute`,
   * e.g. `(f) => \`/files/${f.channel}/${f.id}/${encodeURIComponent(f.name)}\``. Without it file events carry
   * `{ id, name }` only.
   */
  readonly fileUrl?: BrowserFileUrl | undefined;
}
