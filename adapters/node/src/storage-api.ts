/**
 * Storage v3 calls of `@pubkit/node` (docs/protocol.md §13.2–§13.4): `fetchMessages`, `messageCounts`,
 * `deleteMessages`, and `iterateHistory`, the async iterator over any span of one channel's history that every
 * caller (apps, the gap backfill) uses instead of a paging loop. Fetched messages are decrypted with the client's
 * cipher; one that fails keeps its ciphertext, carries `error` and is reported to the logger.
 */
import {
  buildDeleteMessages,
  buildFetchMessages,
  buildHistory,
  buildMessageCounts,
  type DeleteMessagesParams,
  type FetchedMessage,
  type FetchMessagesParams,
  type FetchMessagesResult,
  type HistorySpan,
  type MessageCountsParams,
  type MessageCountsResult,
  PubnubAbortError,
  parseDeleteMessages,
  parseFetchMessages,
  parseHistory,
  parseMessageCounts,
  type RequestContext,
  spanRequest,
  spanStart,
  spanStep,
} from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Options of `fetchMessages()`. */
export interface FetchMessagesOptions extends FetchMessagesParams, CallOptions<FetchMessagesResult> {}
/** Options of `messageCounts()`. */
export interface MessageCountsOptions extends MessageCountsParams, CallOptions<MessageCountsResult> {}
/** Options of `deleteMessages()`. */
export interface DeleteMessagesOptions extends DeleteMessagesParams, CallOptions<void> {}
/** Options of `iterateHistory()`: the span, and `signal` to stop the walk. */
export interface IterateHistoryOptions extends HistorySpan {
  readonly signal?: AbortSignal | undefined;
}

function reportUndecryptable(runtime: ClientRuntime, operation: string, messages: readonly FetchedMessage[]): void {
  for (const m of messages) {
    if (m.error !== undefined) {
      runtime.config.logger.warn(`${operation}: a message could not be decrypted`, {
        channel: m.channel,
        code: m.error.code,
      });
    }
  }
}

/**
 * Fetches messages of one or many channels.
 * @throws PubnubValidationError synchronously for bad channels, count or bounds (see `buildFetchMessages`)
 */
export function startFetchMessages(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: FetchMessagesOptions,
): Promise<FetchMessagesResult> {
  const request = buildFetchMessages(options, ctx);
  return execute(
    runtime,
    request,
    (res) => {
      const result = parseFetchMessages(res, ctx.cipher);
      for (const list of Object.values(result.channels)) reportUndecryptable(runtime, 'fetchMessages', list);
      return result;
    },
    options.signal,
  );
}

/**
 * Counts messages after timetokens.
 * @throws PubnubValidationError synchronously for bad channels or timetokens
 */
export function startMessageCounts(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: MessageCountsOptions,
): Promise<MessageCountsResult> {
  return execute(runtime, buildMessageCounts(options, ctx), parseMessageCounts, options.signal);
}

/**
 * Deletes a range of a channel's messages (signed when the client has the secret key).
 * @throws PubnubValidationError synchronously for a bad channel or bound
 */
export function startDeleteMessages(
  runtime: ClientRuntime,
  ctx: RequestContext,
  options: DeleteMessagesOptions,
): Promise<void> {
  return execute(runtime, buildDeleteMessages(options, ctx), parseDeleteMessages, options.signal);
}

/**
 * Walks a span of one channel's history, one message at a time, fetching a page when the previous one is used up.
 * Validation happens at once; requests are sent only as the caller iterates.
 * @throws PubnubValidationError synchronously for a bad channel, bound or page size
 */
export function iterateHistory(
  runtime: ClientRuntime,
  ctx: RequestContext,
  span: IterateHistoryOptions,
): AsyncGenerator<FetchedMessage, void, undefined> {
  const first = spanStart(span);
  // Build the first page now so that a bad channel or bound throws at the call, not at the first `next()`.
  if (!first.done) buildPage(ctx, span, first.cursor);
  return walk(runtime, ctx, span, first);
}

function buildPage(ctx: RequestContext, span: HistorySpan, cursor: string | undefined) {
  const next = spanRequest(span, cursor);
  return next.kind === 'fetch'
    ? { kind: next.kind, request: buildFetchMessages(next.params, ctx) }
    : { kind: next.kind, request: buildHistory(next.params, ctx) };
}

async function* walk(
  runtime: ClientRuntime,
  ctx: RequestContext,
  span: IterateHistoryOptions,
  start: ReturnType<typeof spanStart>,
): AsyncGenerator<FetchedMessage, void, undefined> {
  let at = start;
  while (!at.done) {
    if (span.signal?.aborted === true)
      throw new PubnubAbortError(undefined, { operation: 'history', cause: span.signal.reason });
    const page = buildPage(ctx, span, at.cursor);
    const step =
      page.kind === 'fetch'
        ? spanStep(span, {
            kind: 'fetch',
            result: await execute(runtime, page.request, (r) => parseFetchMessages(r, ctx.cipher), span.signal),
          })
        : spanStep(span, {
            kind: 'history',
            result: await execute(runtime, page.request, (r) => parseHistory(r, ctx.cipher), span.signal),
          });
    reportUndecryptable(runtime, 'iterateHistory', step.messages);
    yield* step.messages;
    at = step.next;
  }
}
