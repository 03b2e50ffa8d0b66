/**
 * The one catch-up engine (docs/protocol.md §13.2): everything in pubkit that resumes from a timetoken — the
 * client's gap backfill, the SSE route's `Last-Event-ID` resume, the Socket.IO bridge's `since` — asks here, and
 * here asks the history iterator, so each resumes any span and none differs from the others.
 *
 * The rule, in one place: the span is `(after, through]` of one channel (`after` exclusive: the message the
 * resumer saw last is not sent again; `through` inclusive, default now); of what is stored there the newest
 * `limit` are kept (those next to the live stream: a cut leaves its hole where the outage began), delivered oldest
 * first, and `more` says that older ones were left out. Walking newest first stops after `limit + 1` messages, so
 * a resume from days ago costs a few pages, never the whole history.
 */
import type { FetchedMessage, Timetoken } from '@pubkit/core';
import type { IterateHistoryOptions } from './storage-api.js';

/** Where catch-up reads: a `Pubnub` client, or anything with its `iterateHistory`. */
export interface CatchUpSource {
  iterateHistory(span: IterateHistoryOptions): AsyncIterable<FetchedMessage>;
}

/** What to catch up. */
export interface CatchUpRequest {
  readonly channel: string;
  /** Exclusive: the last timetoken the resumer has. Absent: from the oldest stored message. */
  readonly after?: Timetoken | undefined;
  /** Inclusive upper bound. Absent: up to now. */
  readonly through?: Timetoken | undefined;
  /** Most messages kept (≥ 1), the newest. */
  readonly limit: number;
  readonly signal?: AbortSignal | undefined;
}

/** The messages of a catch-up, oldest first; `more` when older ones in the span were left out. */
export interface CatchUpResult {
  readonly messages: FetchedMessage[];
  readonly more: boolean;
}

/**
 * Reads the newest `limit` messages of the span.
 * @throws PubnubValidationError (synchronously inside the returned Promise's executor: as a rejection) for a bad
 *   channel or bound; rejects with the history request's error
 */
export async function catchUp(source: CatchUpSource, request: CatchUpRequest): Promise<CatchUpResult> {
  const { channel, after, through, limit, signal } = request;
  const newestFirst: FetchedMessage[] = [];
  const pageSize = Math.min(100, limit + 1);
  for await (const message of source.iterateHistory({ channel, after, through, pageSize, signal })) {
    newestFirst.push(message);
    if (newestFirst.length > limit) break;
  }
  const more = newestFirst.length > limit;
  return { messages: newestFirst.slice(0, limit).reverse(), more };
}

/**
 * The one de-duplication rule between what catch-up read and what arrived live: the same channel and timetoken
 * is the same message (a server issues each timetoken once per channel, docs/protocol.md §8.2). The key is
 * `timetoken \n channel` (`\n` occurs in neither).
 */
export function catchUpKey(channel: string, timetoken: Timetoken): string {
  return `${timetoken}\n${channel}`;
}
