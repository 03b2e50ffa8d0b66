/**
 * The browser protocol, shared by the socket.io and the plain WebSocket transports (README "Protocol").
 *
 * socket.io: the browser emits `pubnub:subscribe` / `pubnub:unsubscribe` / `pubnub:publish` with an ack callback
 * `(err | null, result)`; the server emits `pubnub:message` / `pubnub:presence` / `pubnub:file` / `pubnub:status`.
 * ws: the same requests as JSON frames `{ type, id, ...request }`, answered by `{ type: 'ack', id, error?, ...result }`;
 * pushes are `{ type: 'message' | 'presence' | 'file' | 'status', ...event }`.
 *
 * These types are the contract for both sides; the browser helper's `.d.ts` repeats them because a browser page
 * cannot import a Node package.
 */

/** Why a request was refused. Stable: branch on these, never on `message`. */
export type BridgeErrorCode =
  /** The request is not the documented shape (missing field, wrong type, bad `since`). */
  | 'BAD_REQUEST'
  /** A channel name breaks the channel rules (empty, too long, forbidden character). */
  | 'INVALID_CHANNEL'
  /** The subscribe would take the socket past `maxChannelsPerSocket`. */
  | 'TOO_MANY_CHANNELS'
  /** The message is over 32 KiB as JSON. */
  | 'MESSAGE_TOO_LARGE'
  /** `authorize` did not say yes. */
  | 'FORBIDDEN'
  /** The socket already has its share of publishes pending (`publish.maxPendingPerSocket`): wait for acks. */
  | 'RATE_LIMITED'
  /** The upstream service failed the operation. */
  | 'UPSTREAM'
  /** The bridge is closed. */
  | 'CLOSED';

/** The error half of an ack. */
export interface BridgeError {
  readonly code: BridgeErrorCode;
  readonly message: string;
}

/** browser → server: join channels; `since` resumes after the last timetoken this browser saw. */
export interface SubscribeRequest {
  readonly channels: readonly string[];
  readonly since?: string;
}
/** Ack of a subscribe: every channel the socket is now subscribed to. */
export interface SubscribeResult {
  readonly channels: string[];
}
/** browser → server: leave channels (unknown ones are ignored). */
export interface UnsubscribeRequest {
  readonly channels: readonly string[];
}
/** Ack of an unsubscribe: the channels the socket is still subscribed to. */
export type UnsubscribeResult = SubscribeResult;
/** browser → server: publish one message. */
export interface PublishRequest {
  readonly channel: string;
  readonly message: unknown;
}
/** Ack of a publish. */
export interface PublishResult {
  readonly timetoken: string;
}

/** server → browser: a message published on a subscribed channel. */
export interface MessageEvent {
  readonly channel: string;
  readonly message: unknown;
  readonly timetoken: string;
  /** Publisher uuid, when the publish carried one. */
  readonly publisher?: string;
}
/**
 * server → browser: someone joined, left or timed out on a subscribed channel; or, on a busy channel, `interval`:
 * the occupancy with who joined and left since the last one (docs/protocol.md §3).
 */
export interface PresenceEvent {
  readonly channel: string;
  /** `join`, `leave`, `timeout`, `state-change` or `interval`. */
  readonly action: string;
  /** Who joined or left; empty on `interval`. */
  readonly uuid: string;
  readonly occupancy: number;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  /** `interval` only: uuids that joined since the last event. */
  readonly join?: readonly string[];
  /** `interval` only: uuids that left since the last event. */
  readonly leave?: readonly string[];
  /** `interval` only: too many changed to list; only `occupancy` is exact. */
  readonly hereNowRefresh?: boolean;
}
/**
 * server → browser: a file shared on a subscribed channel (docs/protocol.md §15.10). `file.url` is where this
 * browser downloads it (the app's files route, the bridge's `fileUrl` option); absent without that option.
 */
export interface FileEvent {
  readonly channel: string;
  /** The message sent with the file, if any. */
  readonly message: unknown;
  readonly timetoken: string;
  /** Who shared it, when known. */
  readonly publisher?: string;
  readonly file: { readonly id: string; readonly name: string; readonly url?: string };
}
/**
 * server → browser: a state change. `gap` means messages may have been missed (`reason` says why:
 * `queue-full` when this socket was too slow, `history-limit` when a resume had more than one history page,
 * `upstream` when the server's own subscription skipped); resubscribe with `since` to backfill.
 */
export interface StatusEvent {
  readonly category: string;
  readonly channel?: string;
  readonly reason?: string;
  readonly dropped?: number;
}

/** Names of the pushed events, without the transport prefix. */
export type PushKind = 'message' | 'presence' | 'file' | 'status';
/** Payload type of each pushed event. */
export interface PushPayloads {
  message: MessageEvent;
  presence: PresenceEvent;
  file: FileEvent;
  status: StatusEvent;
}

/** socket.io event names (the `pubnub:` prefix keeps them apart from the application's own events). */
export const EVENTS = {
  subscribe: 'pubnub:subscribe',
  unsubscribe: 'pubnub:unsubscribe',
  publish: 'pubnub:publish',
  message: 'pubnub:message',
  presence: 'pubnub:presence',
  file: 'pubnub:file',
  status: 'pubnub:status',
} as const;

/** A JSON frame a ws client sends. */
export type WsRequestFrame =
  | ({ readonly type: 'subscribe'; readonly id: number | string } & SubscribeRequest)
  | ({ readonly type: 'unsubscribe'; readonly id: number | string } & UnsubscribeRequest)
  | ({ readonly type: 'publish'; readonly id: number | string } & PublishRequest);

/** A JSON frame the ws bridge sends. */
export type WsServerFrame =
  | ({ readonly type: 'ack'; readonly id: number | string | null; readonly error?: BridgeError } & Partial<
      SubscribeResult & PublishResult
    >)
  | ({ readonly type: 'message' } & MessageEvent)
  | ({ readonly type: 'presence' } & PresenceEvent)
  | ({ readonly type: 'file' } & FileEvent)
  | ({ readonly type: 'status' } & StatusEvent);
