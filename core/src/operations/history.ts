/**
 * `history()`: one page of stored messages of one channel (docs/protocol.md §2.5).
 *
 * GET /v2/history/sub-key/{sub}/channel/{ch}?count&[include_token][&start][&end]&string_message_token=true
 *     [&reverse][&include_meta]&stringtoken=true&uuid&pnsdk[&auth]
 * → [ [entries…], startTT, endTT ]
 *
 * Why both string flags: with them the service sends every timetoken as a JSON string; without them it sends bare
 * 17-digit numbers (quirk 17), which `parseJson` lifts to strings anyway (top-level start/end and `"timetoken"`
 * keys), so pages from servers that ignore the flags come out exact too. Empty history is `[[],0,0]`.
 * With `include_token` an entry is `{"message": m, "timetoken": t[, "meta": u]}`; without it, the raw message.
 */
import { decodeMessage } from '../cipher/payload.js';
import type { MessageCipher, RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { type PubnubCryptoError, PubnubValidationError } from '../errors.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannel } from '../validation.js';
import { commonQuery, readTimetoken, requireKey, validateTimetoken } from './common.js';

/** Largest page the service returns (docs/protocol.md §5). */
export const MAX_HISTORY_COUNT = 100;

/** Arguments of `history()`. */
export interface HistoryParams {
  readonly channel: string;
  /** Page size, 1–100. @default 100 */
  readonly count?: number | undefined;
  /** `true`: page from the oldest message forward instead of the newest backward. Sent only when given. */
  readonly reverse?: boolean | undefined;
  /** Exclusive bound (docs/protocol.md §2.5). */
  readonly start?: Timetoken | undefined;
  /** Inclusive bound. */
  readonly end?: Timetoken | undefined;
  /** Ask for each message's timetoken. @default true */
  readonly includeToken?: boolean | undefined;
  /** Ask for each message's publish `meta`. @default false */
  readonly includeMeta?: boolean | undefined;
}

/** One stored message. */
export interface HistoryEntry {
  /** The message, decrypted when a cipher was given (raw ciphertext when decryption failed). */
  readonly message: unknown;
  /** Publish timetoken, when the page was asked with `includeToken`. */
  readonly timetoken?: Timetoken;
  /** Publish `meta`, when asked with `includeMeta` and the message had one. */
  readonly meta?: unknown;
  /** Set when the message could not be decrypted. */
  readonly error?: PubnubCryptoError;
}

/** A parsed history page: messages oldest first, and the timetokens of the first and last of them. */
export interface HistoryResult {
  readonly messages: HistoryEntry[];
  /** `"0"` for an empty page. */
  readonly start: Timetoken;
  readonly end: Timetoken;
}

/** The seed's history value: `[[messages], start, end]` (docs/architecture.md §5). */
export type SeedHistory = [messages: unknown[], start: Timetoken, end: Timetoken];

/**
 * Builds a history request.
 * @throws PubnubValidationError for a bad channel, a count outside 1–100, a start/end that is not a timetoken
 *   string, or a missing subscribe key
 */
export function buildHistory(params: HistoryParams, ctx: RequestContext): PnRequest {
  const channel = validateChannel(params.channel);
  const count = params.count ?? MAX_HISTORY_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > MAX_HISTORY_COUNT) {
    throw new PubnubValidationError('count', `count must be an integer from 1 to ${MAX_HISTORY_COUNT}`, {
      operation: 'history',
    });
  }
  // Order follows the captured JS trace (docs/protocol.md §9.1); `stringtoken` is the 3.x flag for start/end.
  const query: Record<string, string> = { count: String(count) };
  if (params.includeToken ?? true) query.include_token = 'true';
  if (params.start !== undefined) query.start = validateTimetoken(params.start, 'start');
  if (params.end !== undefined) query.end = validateTimetoken(params.end, 'end');
  query.string_message_token = 'true';
  if (params.reverse !== undefined) query.reverse = params.reverse ? 'true' : 'false';
  if (params.includeMeta === true) query.include_meta = 'true';
  query.stringtoken = 'true';
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', 'history'));
  return {
    operation: 'history',
    method: 'GET',
    path: `/v2/history/sub-key/${sub}/channel/${encodeComponent(channel)}`,
    query: { ...query, ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Parses a history page.
 * @param cipher decrypts each message; a failure sets that entry's `error` and the page goes on
 * @param includeToken whether the request asked for `include_token`. When true, an entry that is an object with a
 *   `message` key is read as `{message, timetoken, meta}` (any other entry is taken as a raw message, for servers
 *   that ignore the flag); when false every entry is a raw message, even a user object that happens to have a
 *   `message` key.
 * @default includeToken true
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when the body is not `[[entries], start, end]`
 */
export function parseHistory(res: PnResponse, cipher?: MessageCipher, includeToken = true): HistoryResult {
  const json = readJson(res, 'history');
  const start = Array.isArray(json) ? readTimetoken(json[1]) : undefined;
  const end = Array.isArray(json) ? readTimetoken(json[2]) : undefined;
  if (!Array.isArray(json) || !Array.isArray(json[0]) || start === undefined || end === undefined) {
    return malformed(res, 'history', 'a body of the form [[entries], <start timetoken>, <end timetoken>]');
  }
  const entries: unknown[] = json[0];
  const messages = entries.map((raw): HistoryEntry => {
    const tokenized = includeToken && isRecord(raw) && 'message' in raw;
    const decoded = decodeMessage(tokenized ? raw.message : raw, cipher);
    const timetoken = tokenized ? readTimetoken(raw.timetoken) : undefined;
    return {
      message: decoded.message,
      ...(timetoken !== undefined ? { timetoken } : {}),
      ...(tokenized && raw.meta !== undefined ? { meta: raw.meta } : {}),
      ...(decoded.error !== undefined ? { error: decoded.error } : {}),
    };
  });
  return { messages, start, end };
}

/**
 * The seed's `[[messages], start, end]` form of a page (docs/architecture.md §5).
 * @param withTokens give each message as `{ message, timetoken }` (the seed's `include_token=True` shape) instead
 *   of the bare value
 * @default withTokens false
 */
export function toSeedHistory(result: HistoryResult, withTokens = false): SeedHistory {
  const messages = result.messages.map((entry) =>
    withTokens ? { message: entry.message, timetoken: entry.timetoken } : entry.message,
  );
  return [messages, result.start, result.end];
}
