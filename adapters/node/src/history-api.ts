/**
 * `history(channel, { count, reverse, start, end })` → the seed's `[[messages], start, end]` (docs/architecture.md §5,
 * docs/protocol.md §2.5). Messages are decrypted with the client's cipher; one that fails to decrypt stays as its raw
 * ciphertext in the page and is reported to the logger, so one bad message does not fail the page.
 */
import { buildHistory, parseHistory, type RequestContext, type SeedHistory, toSeedHistory } from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Options of `history()`. */
export interface HistoryOptions extends CallOptions<SeedHistory> {
  /** Page size, 1–100. @default 100 */
  readonly count?: number | undefined;
  /** Page forward from the oldest message instead of backward from the newest. @default false */
  readonly reverse?: boolean | undefined;
  /** Exclusive bound timetoken (a string of digits). */
  readonly start?: string | undefined;
  /** Inclusive bound timetoken. */
  readonly end?: string | undefined;
  /** Give each message as `{ message, timetoken }` (the seed's `include_token`). @default false */
  readonly includeToken?: boolean | undefined;
}

/**
 * Fetches one page.
 * @throws PubnubValidationError synchronously for a bad channel, count or bound
 */
export function startHistory(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channel: string,
  options: HistoryOptions = {},
): Promise<SeedHistory> {
  const request = buildHistory(
    { channel, count: options.count, reverse: options.reverse, start: options.start, end: options.end },
    ctx,
  );
  return execute(
    runtime,
    request,
    (res) => {
      const page = parseHistory(res, ctx.cipher);
      for (const entry of page.messages) {
        if (entry.error !== undefined) {
          runtime.config.logger.warn('history: a message could not be decrypted', { channel, code: entry.error.code });
        }
      }
      return toSeedHistory(page, options.includeToken === true);
    },
    options.signal,
  );
}
