/**
 * The part of the `@pubkit/node` client the bridge uses, as a structural interface: the real `Pubnub` satisfies
 * it, and tests can pass a fake. Only what the relay needs is listed, so the relay can be tested without a server.
 */
import type { CatchUpSource, Pubnub } from '@pubkit/node';

/** What a subscribe callback receives beside the message (docs/architecture.md §5). */
export interface UpstreamEnvelope {
  readonly timetoken: string;
  readonly publisher?: string | undefined;
}

/** A presence event as the client reports it. */
export interface UpstreamPresenceEvent {
  readonly action: string;
  readonly uuid?: string | undefined;
  readonly occupancy?: number | undefined;
  readonly timestamp?: number | undefined;
}

/** A file event as the client reports it (docs/protocol.md §15.10). */
export interface UpstreamFileEvent {
  readonly message: unknown;
  readonly publisher?: string | undefined;
  readonly file: { readonly id: string; readonly name: string };
}

/** A status the client reports (`gap` among them). */
export interface UpstreamStatus {
  readonly category: string;
}

/** Listeners the bridge passes to `subscribe`. */
export interface UpstreamListeners {
  callback(message: unknown, channel: string, envelope: UpstreamEnvelope): void;
  presence?(event: UpstreamPresenceEvent, channel: string): void;
  file?(event: UpstreamFileEvent, channel: string, envelope: UpstreamEnvelope): void;
  error?(error: Error): void;
  connect?(): void;
  status?(status: UpstreamStatus): void;
}

/** The handle `subscribe` returns. */
export interface UpstreamSubscription {
  unsubscribe(): unknown;
}

/** The client surface the bridge relies on. */
export interface BridgeClient {
  /** The client's own uuid: its presence on the channels it relays is not news to browsers, so it is not relayed. */
  readonly uuid?: string;
  subscribe(channels: string[], listeners: UpstreamListeners): UpstreamSubscription;
  /** Resolves to the seed's `[1, "Sent", "<timetoken>"]`. */
  publish(channel: string, message: unknown): Promise<readonly unknown[]>;
  /** Walks one channel's stored messages (the catch-up engine's reader, `@pubkit/node`'s `catchUp`). */
  iterateHistory: CatchUpSource['iterateHistory'];
}

/** The timetoken of a publish result `[1, "Sent", tt]`. */
export function readPublishTimetoken(result: readonly unknown[]): string {
  const tt = result[2];
  return typeof tt === 'string' || typeof tt === 'number' ? String(tt) : '';
}

// Compile-time proof that the real client is a `BridgeClient`: if either side drifts, `tsc -b` fails here rather
// than in an application's build.
type AssertTrue<T extends true> = T;
export type PubnubIsBridgeClient = AssertTrue<Pubnub extends BridgeClient ? true : false>;
