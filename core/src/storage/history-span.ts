/**
 * Paging any span of one channel's history, forward or backward, as pure steps (docs/protocol.md §13.2, §2.5):
 * the adapter's async iterator asks `spanRequest` for the next page, sends it, and hands the answer to `spanStep`,
 * which says what to yield and where to go on. No caller writes a paging loop.
 *
 * A span is `(after, through]`: `after` exclusive, `through` inclusive, either open.
 *   - backward (newest first) pages fetch messages v3 (publisher, message types): `start` = the cursor (exclusive)
 *     and `end` = after + 1 (inclusive); each page is the newest in range, so the next cursor is its oldest.
 *   - forward (oldest first) pages history v2 with `reverse=true` (`start` exclusive, oldest first; v3 has no
 *     forward order): the next cursor is the page's newest; what lies past `through` ends the walk. Entries have
 *     `meta` but no publisher (v2 carries none).
 * A page shorter than asked is the last one.
 */
import { PubnubValidationError } from '../errors.js';
import { validateTimetoken } from '../operations/common.js';
import { type HistoryParams, type HistoryResult, MAX_HISTORY_COUNT } from '../operations/history.js';
import { compareTimetokens, type Timetoken } from '../timetoken.js';
import type { FetchedMessage, FetchMessagesParams, FetchMessagesResult } from './fetch-messages.js';

/** What to walk. */
export interface HistorySpan {
  readonly channel: string;
  /** Exclusive lower bound; absent: from the oldest stored message. */
  readonly after?: Timetoken | undefined;
  /** Inclusive upper bound; absent: up to the newest. */
  readonly through?: Timetoken | undefined;
  /** `backward`: newest first. `forward`: oldest first. @default 'backward' */
  readonly direction?: 'forward' | 'backward' | undefined;
  /** Messages per request, 1–100. @default 100 */
  readonly pageSize?: number | undefined;
  /** Each message's `meta`. @default false */
  readonly includeMeta?: boolean | undefined;
}

/** Where a walk stands: the cursor of the next page, or done. */
export type SpanCursor = { readonly done: false; readonly cursor: Timetoken | undefined } | { readonly done: true };

/** The request of the next page: a fetch (backward) or a history v2 page (forward). */
export type SpanRequest =
  | { readonly kind: 'fetch'; readonly params: FetchMessagesParams }
  | { readonly kind: 'history'; readonly params: HistoryParams };

/**
 * The first cursor of a span.
 * @throws PubnubValidationError for a page size outside 1–100, a bound that is not a timetoken, or `after` later
 *   than `through`
 */
export function spanStart(span: HistorySpan): SpanCursor {
  if (span.after !== undefined) validateTimetoken(span.after, 'after');
  if (span.through !== undefined) validateTimetoken(span.through, 'through');
  const size = span.pageSize ?? MAX_HISTORY_COUNT;
  if (!Number.isInteger(size) || size < 1 || size > MAX_HISTORY_COUNT) {
    throw new PubnubValidationError('pageSize', `pageSize must be an integer from 1 to ${MAX_HISTORY_COUNT}`);
  }
  if (span.after !== undefined && span.through !== undefined) {
    const order = compareTimetokens(span.after, span.through);
    if (order > 0) throw new PubnubValidationError('after', '`after` must not be later than `through`');
    if (order === 0) return { done: true };
  }
  if ((span.direction ?? 'backward') === 'forward') return { done: false, cursor: span.after };
  return { done: false, cursor: span.through === undefined ? undefined : (BigInt(span.through) + 1n).toString() };
}

/** The request for the page at `cursor`. */
export function spanRequest(span: HistorySpan, cursor: Timetoken | undefined): SpanRequest {
  const count = span.pageSize ?? MAX_HISTORY_COUNT;
  if ((span.direction ?? 'backward') === 'forward') {
    return {
      kind: 'history',
      params: {
        channel: span.channel,
        count,
        reverse: true,
        start: cursor,
        includeToken: true,
        includeMeta: span.includeMeta,
      },
    };
  }
  return {
    kind: 'fetch',
    params: {
      channels: [span.channel],
      count,
      start: cursor,
      end: span.after === undefined ? undefined : (BigInt(span.after) + 1n).toString(),
      includeMeta: span.includeMeta,
      includeUuid: true,
      includeMessageType: true,
    },
  };
}

/** What a page yields, in walk order, and where the walk goes on. */
export function spanStep(
  span: HistorySpan,
  page: { kind: 'fetch'; result: FetchMessagesResult } | { kind: 'history'; result: HistoryResult },
): { messages: FetchedMessage[]; next: SpanCursor } {
  const size = span.pageSize ?? MAX_HISTORY_COUNT;
  if (page.kind === 'fetch') {
    const list = page.result.channels[span.channel] ?? [];
    const messages = [...list].reverse();
    const oldest = list[0];
    return {
      messages,
      next: list.length < size || oldest === undefined ? { done: true } : { done: false, cursor: oldest.timetoken },
    };
  }
  const messages: FetchedMessage[] = [];
  let passed = false;
  for (const entry of page.result.messages) {
    if (entry.timetoken === undefined) continue;
    if (span.through !== undefined && compareTimetokens(entry.timetoken, span.through) > 0) {
      passed = true;
      break;
    }
    messages.push({
      channel: span.channel,
      message: entry.message,
      timetoken: entry.timetoken,
      ...(entry.meta !== undefined ? { meta: entry.meta } : {}),
      ...(entry.error !== undefined ? { error: entry.error } : {}),
    });
  }
  const newest = page.result.messages[page.result.messages.length - 1]?.timetoken;
  const last = passed || page.result.messages.length < size || newest === undefined;
  return { messages, next: last ? { done: true } : { done: false, cursor: newest } };
}
