/**
 * Gap backfill, the fetch half (docs/architecture.md §4: "when a reconnect may have skipped messages … emit a `gap` status and
 * backfill from history when the caller opted in"). Given a channel and a gap `{ from, to }`, fetch the stored
 * messages in `(from, to]` and turn them into envelopes the subscription can deliver as if they had come live.
 *
 * Why it pages the way it does (docs/protocol.md §2.5): `start` is exclusive and `end` inclusive, so `start=from&end=to`
 * is exactly the gap (the message at `from` was already delivered: the cursor is ≥ every message of its batch,
 * docs/protocol.md §2.4). With both bounds a page is the **newest** `count` (≤ 100) messages of the range, oldest first,
 * so the next page ends just below the oldest one so far (`end = oldest − 1`, timetokens are integers, compared as
 * BigInt: 17 digits exceed 2^53, docs/protocol.md §8.2). Paging backward means that when the cap cuts the range short, what
 * is kept is the part next to the live stream, and the hole is at the old end, where the outage began.
 *
 * What history cannot give: the publisher (`i`) is not stored in history v2, signals and presence events are not
 * stored at all, and the publish region is unknown (set to 0). Entries without a timetoken (a server that ignores
 * `include_token`) cannot be ordered or de-duplicated, so they are skipped and logged.
 */
import {
  buildHistory,
  MAX_HISTORY_COUNT,
  PubnubValidationError,
  parseHistory,
  type RequestContext,
  type SubscribeEnvelope,
  type Timetoken,
} from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';

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
 * Fetches the stored messages of `range`, oldest first, at most `maxMessages` (the newest of them).
 * @throws never synchronously: rejects with the history request's error (`PubnubServiceError`,
 *   `PubnubAccessDeniedError` without read access, a transport error, `PubnubAbortError` when `signal` aborts)
 */
export async function fetchGap(
  runtime: ClientRuntime,
  ctx: RequestContext,
  range: GapRange,
  signal?: AbortSignal,
): Promise<SubscribeEnvelope[]> {
  const { channel, from, maxMessages } = range;
  const low = BigInt(from);
  let high = BigInt(range.to);
  const pages: SubscribeEnvelope[][] = [];
  let total = 0;
  while (high > low && total < maxMessages) {
    const count = Math.min(MAX_HISTORY_COUNT, maxMessages - total);
    const request = buildHistory({ channel, count, start: from, end: high.toString(), includeToken: true }, ctx);
    const page = await execute(runtime, request, (res) => parseHistory(res, ctx.cipher, true), signal);
    const envelopes: SubscribeEnvelope[] = [];
    let skipped = 0;
    for (const entry of page.messages) {
      if (entry.timetoken === undefined) {
        skipped += 1;
        continue;
      }
      const tt = BigInt(entry.timetoken);
      // The bounds again, client-side: a server with looser range rules must not make us deliver twice.
      if (tt <= low || tt > high) continue;
      envelopes.push({
        channel,
        subscription: channel,
        timetoken: entry.timetoken,
        region: 0,
        message: entry.message,
        ...(entry.meta !== undefined ? { meta: entry.meta } : {}),
        eventType: 'message',
        ...(entry.error !== undefined ? { error: entry.error } : {}),
      });
    }
    if (skipped > 0) runtime.config.logger.warn('backfill: history entries without a timetoken skipped', { channel });
    pages.unshift(envelopes);
    total += envelopes.length;
    const oldest = envelopes[0];
    // A short page (or one with nothing usable) means the range is exhausted.
    if (page.messages.length < count || oldest === undefined) break;
    high = BigInt(oldest.timetoken) - 1n;
  }
  const all = pages.flat();
  return all.length > maxMessages ? all.slice(all.length - maxMessages) : all;
}
