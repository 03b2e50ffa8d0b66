/**
 * `ChannelFeed`: the two things the SSE relay needs from upstream, live events and stored messages after a
 * timetoken, as plain data. The relay is written against this seam, not against the client, so its ordering and
 * clean-up rules are testable on their own; `pubnubFeed()` is the one place that knows the client's API.
 */
import type { Timetoken } from '@pubkit/core';

/** One event for the browser. `data` is what the SSE `data:` line carries, as JSON. */
export interface FeedEvent {
  readonly kind: 'message' | 'presence' | 'file';
  /** The channel the event belongs to (without `-pnpres` for presence). */
  readonly channel: string;
  /** Publish timetoken: the SSE `id:`. */
  readonly timetoken: Timetoken;
  readonly data: Readonly<Record<string, unknown>>;
}

/** What `since` found. */
export interface StoredEvents {
  readonly events: FeedEvent[];
  /** True when messages after the resume point were left out (the limit was reached). */
  readonly more: boolean;
}

/** Receives live events and failures. */
export interface FeedListener {
  event(event: FeedEvent): void;
  error(err: unknown): void;
}

/** Live and stored events of channels. */
export interface ChannelFeed {
  /** Starts live delivery of messages, presence and file events; returns the function that releases it. */
  listen(channels: readonly string[], listener: FeedListener): () => void;
  /**
   * The newest `limit` stored messages of `channel` strictly after `after`, oldest first; `more` when older ones
   * after `after` were left out.
   */
  since(channel: string, after: Timetoken, limit: number): Promise<StoredEvents>;
}
