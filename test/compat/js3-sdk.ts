/**
 * The classic JS SDK 3.16.5 (npm `pubnub@3.16.5`, installed unmodified as the devDependency alias `pubnub-3`), typed
 * for what these compatibility tests call. The SDK is untyped CommonJS; this file is the only place that touches it
 * as `unknown`, so no `any` reaches the helpers or the tests.
 *
 * Facts from its source (`node.js/pubnub.js`, `node.js/lib/xdr.js`, `core/src/pubnub-common.js`), not copied:
 * - `init(setup)` builds an instance, opens its own keep-alive `http.Agent`, arms a 1 s `_poll_online` timer, a
 *   60 s `_poll_online2` timer (a no-op unless `timecheck`), a presence-heartbeat timer, and sends `/time/0` at once
 *   (clock-drift detection).
 * - `shutdown()` clears those three timers and destroys the agent's sockets. It does not stop a subscribe loop: a
 *   long-poll in flight would fail on the destroyed socket and the loop would call `time()` and retry on a fresh
 *   socket. `unsubscribe()` of every channel first aborts the long-poll without a failure callback (`_reset_offline`)
 *   and leaves the loop with nothing to do; `ClassicClient.shutdown()` does exactly that.
 * - Callbacks: success values are the response's `payload` when it has one, else the whole body; errors get
 *   `{ message, payload }` when the body has `error`, else the body itself.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { createRequire } from 'node:module';

/** A success or error callback of the SDK: it hands over parsed JSON. */
export type Js3Callback = (value: unknown) => void;

/** The subscribe `message`/`presence` callback: `(message, envelope, channel, latency, realChannel)`. */
export type Js3MessageCallback = (message: unknown, envelope: unknown, channel: string) => void;

/** `PUBNUB.init` options used here. */
export interface Js3Setup {
  readonly publish_key: string;
  readonly subscribe_key: string;
  readonly secret_key?: string;
  readonly auth_key?: string;
  readonly cipher_key?: string;
  readonly origin: string;
  /** Send every request to this host and port with an absolute-form target (`GET http://<origin>/…`). */
  readonly proxy?: { readonly hostname: string; readonly port: number };
  readonly ssl: boolean;
  readonly uuid: string;
  /** The SDK's log sink (default `console.error`). */
  readonly error?: (message: unknown) => void;
}

/** Common fields of the request calls. */
interface Js3Call {
  readonly callback: Js3Callback;
  readonly error?: Js3Callback;
}

/** An instance returned by `PUBNUB.init`. */
export interface Js3Sdk {
  time(callback: (timetoken: number) => void): void;
  publish(
    args: Js3Call & {
      readonly channel: string;
      readonly message: unknown;
      readonly post?: boolean;
      readonly meta?: Record<string, unknown>;
    },
  ): void;
  /** `publish` with `store_in_history: false, replicate: false` (`store=0&norep=true`). */
  fire(args: Js3Call & { readonly channel: string; readonly message: unknown }): void;
  subscribe(args: {
    readonly channel?: string | readonly string[];
    /** Channel groups, comma-joined (`channel-group=` on the long-poll). */
    readonly channel_group?: string;
    readonly message: Js3MessageCallback;
    readonly presence?: Js3MessageCallback;
    readonly connect?: (channel: string) => void;
    readonly disconnect?: (channel: string) => void;
    readonly reconnect?: (channel: string) => void;
    readonly error?: Js3Callback;
    readonly state?: Record<string, unknown>;
    /** Resume from this timetoken instead of the tt=0 handshake. */
    readonly timetoken?: string;
    /** After the handshake, poll from the magic timetoken 10000 ("up to 100 previous messages"). */
    readonly backfill?: boolean;
  }): void;
  unsubscribe(args: Js3Call & { readonly channel?: string | readonly string[]; readonly channel_group?: string }): void;
  history(
    args: Js3Call & {
      readonly channel: string;
      readonly count?: number;
      readonly reverse?: boolean;
      readonly start?: string;
      readonly end?: string;
      readonly include_token?: boolean;
      readonly string_message_token?: boolean;
    },
  ): void;
  here_now(args: Js3Call & { readonly channel?: string; readonly state?: boolean; readonly uuids?: boolean }): void;
  where_now(args: Js3Call & { readonly uuid?: string }): void;
  state(args: Js3Call & { readonly channel: string; readonly uuid?: string; readonly state?: unknown }): void;
  grant(args: Js3Call & Js3Grant): void;
  revoke(args: Js3Call & Omit<Js3Grant, 'read' | 'write' | 'manage'>): void;
  audit(args: Js3Call & { readonly channel?: string; readonly auth_key?: string }): void;
  /** Subscribed channels without the `-pnpres` ones. */
  get_subscribed_channels(): string[];
  /** The channel-group registry (`/v1/channel-registration`); a `ns:group` name goes to the namespace paths. */
  channel_group_add_channel(args: Js3Call & { readonly channel_group: string; readonly channel: string }): void;
  channel_group_remove_channel(args: Js3Call & { readonly channel_group: string; readonly channel: string }): void;
  channel_group_list_channels(args: Js3Call & { readonly channel_group: string }): void;
  channel_group_remove_group(args: Js3Call & { readonly channel_group: string }): void;
  channel_group_list_groups(args: Js3Call): void;
  shutdown(): void;
}

/** `grant` arguments (v1 `/v1/auth/grant`). */
export interface Js3Grant {
  readonly channel?: string;
  readonly auth_key?: string;
  readonly read?: boolean;
  readonly write?: boolean;
  readonly manage?: boolean;
  readonly ttl?: number;
}

interface Js3Module {
  init(setup: Js3Setup): Js3Sdk;
}

const sdk = createRequire(import.meta.url)('pubnub-3') as Js3Module;

/**
 * `PUBNUB.init` on modern Node. The SDK decides between Node's built-in keep-alive agent and the `agentkeepalive`
 * package by evaluating `'EventEmitter' in http.Agent.super_` (`xdr.js`, `keepAliveIsEmbedded`). `super_` is what
 * `util.inherits` used to set; current Node (checked on 20) no longer sets it on `http.Agent`, so the unmodified
 * SDK throws `TypeError: Cannot use 'in' operator…` inside `init`. Restoring the property the SDK expects (to
 * `EventEmitter`, which is what it was) for the duration of `init` selects the built-in agent, as on the Node
 * versions the SDK was written for. Like docs/protocol.md §9.3's `base64.encodestring` shim for Python 3.9, this adapts the
 * runtime, not the SDK: no SDK code is changed.
 */
export function initJs3(setup: Js3Setup): Js3Sdk {
  const agent = http.Agent as unknown as { super_?: unknown };
  const present = Object.hasOwn(agent, 'super_');
  if (!present) agent.super_ = EventEmitter;
  try {
    return sdk.init(setup);
  } finally {
    if (!present) delete agent.super_;
  }
}
