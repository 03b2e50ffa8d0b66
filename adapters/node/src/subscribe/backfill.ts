/**
 * Gap backfill, the fetch half (docs/architecture.md §4: "when a reconnect may have skipped messages … emit a `gap` status and
 * backfill from history when the caller opted in"). Given a channel and a gap `{ from, to }`, fetch the stored
 * messages in `(from, to]` and turn them into envelopes the subscription can deliver as if they had come live.
 *
 * The fetch is the one catch-up engine's (`catch-up.ts`): the span `(from, to]` (the message at `from` was already
 * delivered: the cursor is ≥ every message of its batch, docs/protocol.md §2.4), the newest `maxMessages` kept, so
 * when the cap cuts the range short, what is kept is the part next to the live stream and the hole is at the old
 * end, where the outage began. History v3 carries the publisher and `meta`, so backfilled envelopes have both;
 * signals and presence events are not stored at all, and the publish region is unknown (set to 0).
 */
import { PubnubValidationError, type RequestContext, type SubscribeEnvelope, type Timetoken } from '@pubkit/core';
import { catchUp } from '../catch-up.js';
import type { ClientRuntime } from '../runtime.js';
import { type IterateHistoryOptions, iterateHistory } from '../storage-api.js';

/** Options of gap backfill, given per subscription as `subscribe(channels, { backfill })`. */
export interface BackfillOptions {
  /**
   * Most messages fetched per channel for one gap; when more were stored, the newest are kept (those next to the
   * live stream). @default 1000
   */
  readonly maxMessages?: number | undefined;
}

/** Default of {@link BackfillOptions.maxMessages}. */
export const DEFAULT_BACKFILL_MAX_MESSAGES = 1000;

/**
 * Resolves the `backfill` subscribe option to a per-channel cap, or `undefined` when backfill is off.
 * @throws PubnubValidationError when `backfill` is not a boolean or an object, or `maxMessages` is not a whole
 *   number ≥ 1
 */
export function resolveBackfillCap(option: boolean | BackfillOptions | undefined): number | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return DEFAULT_BACKFILL_MAX_MESSAGES;
  if (typeof option !== 'object' || option === null) {
    throw new PubnubValidationError('backfill', 'backfill must be true, false or { maxMessages }', {
      operation: 'subscribe',
    });
  }
  const cap = option.maxMessages ?? DEFAULT_BACKFILL_MAX_MESSAGES;
  if (!Number.isSafeInteger(cap) || cap < 1) {
    throw new PubnubValidationError('backfill.maxMessages', 'backfill.maxMessages must be a whole number >= 1', {
      operation: 'subscribe',
    });
  }
  return cap;
}

/** One channel's part of a gap. */
export interface GapRange {
  readonly channel: string;
  /** Exclusive: the cursor the loop resumed from. */
  readonly from: Timetoken;
  /** Inclusive: the cursor of the first response after the outage. */
  readonly to: Timetoken;
  /** Most messages to fetch (≥ 1). */
  readonly maxMessages: number;
}

/**
 * Fetches the stored messages of `range`, oldest first, at most `maxMessages` (the newest of them), through the
 * one catch-up engine (`catch-up.ts`).
 * @throws never synchronously: rejects with the history request's error (`PubnubServiceError`,
 *   `PubnubAccessDeniedError` without read access, a transport error, `PubnubAbortError` when `signal` aborts)
 */
export async function fetchGap(
  runtime: ClientRuntime,
  ctx: RequestContext,
  range: GapRange,
  signal?: AbortSignal,
): Promise<SubscribeEnvelope[]> {
  const { channel, from, to, maxMessages } = range;
  const source = { iterateHistory: (span: IterateHistoryOptions) => iterateHistory(runtime, ctx, span) };
  const { messages } = await catchUp(source, { channel, after: from, through: to, limit: maxMessages, signal });
  return messages.map((m) => ({
    channel,
    subscription: channel,
    timetoken: m.timetoken,
    region: 0,
    ...(m.uuid !== undefined ? { publisher: m.uuid } : {}),
    message: m.message,
    ...(m.meta !== undefined ? { meta: m.meta } : {}),
    eventType: m.messageType === 4 ? 'file' : 'message',
    ...(m.error !== undefined ? { error: m.error } : {}),
  }));
}
