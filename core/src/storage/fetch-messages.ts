/**
 * `fetchMessages()`: stored messages of one or many channels, history v3 (docs/protocol.md §13.2).
 *
 * GET /v3/history/sub-key/{sub}/channel/{ch1,ch2…}?max&[start]&[end]&[include_meta]&[include_uuid]
 *     &[include_message_type]&[include_custom_message_type]&uuid&pnsdk[&auth]
 * GET /v3/history-with-actions/sub-key/{sub}/channel/{ch}?…   (with `includeMessageActions`, one channel)
 *
 * Limits are checked before sending (PubNub's, §13.2): 1–500 channels; `count` 1–100 for one channel, 1–25 per
 * channel for several and with actions; actions for one channel only. Messages are decrypted with the context's
 * cipher like history; one that fails stays as its ciphertext with `error` set, and the page goes on.
 */
import { decodeMessage } from '../cipher/payload.js';
import type { MessageCipher, RequestContext } from '../context.js';
import { encodeComponent, encodeNameList } from '../encoding.js';
import { type PubnubCryptoError, PubnubValidationError } from '../errors.js';
import { commonQuery, readTimetoken, requireKey, validateTimetoken } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannelList } from '../validation.js';
import { type MessageActionsOf, readActionsOf } from './message-action-shapes.js';

/** Most channels in one `fetchMessages`. */
export const MAX_FETCH_CHANNELS = 500;
/** Most messages of one channel per call. */
export const MAX_FETCH_ONE = 100;
/** Most messages per channel for several channels, and with actions. */
export const MAX_FETCH_MANY = 25;

/** Arguments of `fetchMessages()` (the official SDK's names). */
export interface FetchMessagesParams {
  /** 1–500 channels. */
  readonly channels: readonly string[];
  /** Messages per channel: 1–100 for one channel, 1–25 for several or with actions. @default the limit */
  readonly count?: number | undefined;
  /** Exclusive bound: messages older than it. */
  readonly start?: Timetoken | undefined;
  /** Inclusive bound: messages at or newer than it. */
  readonly end?: Timetoken | undefined;
  /** Each message's publish `meta`. @default false */
  readonly includeMeta?: boolean | undefined;
  /** Each message's publisher uuid. @default true */
  readonly includeUuid?: boolean | undefined;
  /** Each message's PubNub message type. @default true */
  readonly includeMessageType?: boolean | undefined;
  /** Each message's custom message type. @default false */
  readonly includeCustomMessageType?: boolean | undefined;
  /** Each message's actions; one channel only, at most 25 messages. @default false */
  readonly includeMessageActions?: boolean | undefined;
}

/** One fetched message. */
export interface FetchedMessage {
  readonly channel: string;
  /** The message, decrypted when the client has a cipher (raw ciphertext when decryption failed). */
  readonly message: unknown;
  readonly timetoken: Timetoken;
  /** Publish `meta`, when asked and the message had one. */
  readonly meta?: unknown;
  /** Publisher uuid, when asked and known. */
  readonly uuid?: string;
  /** PubNub message type when asked: `null` for a message, 4 for a file. */
  readonly messageType?: number | null;
  /** Custom message type, when asked and the publish had one. */
  readonly customMessageType?: string;
  /** Actions on the message by type and value, with `includeMessageActions`. */
  readonly actions?: MessageActionsOf;
  /** Set when the message could not be decrypted. */
  readonly error?: PubnubCryptoError;
}

/** Where the next page of a with-actions fetch starts (the service's `more`). */
export interface FetchMore {
  readonly url: string;
  readonly start: Timetoken;
  readonly max: number;
}

/** A parsed `fetchMessages` answer: messages per channel, each list oldest first. */
export interface FetchMessagesResult {
  readonly channels: Record<string, FetchedMessage[]>;
  readonly more?: FetchMore;
}

/**
 * Builds a fetch-messages request.
 * @throws PubnubValidationError for no or more than 500 channels, a bad channel, a count outside its limit,
 *   actions for more than one channel, a bound that is not a timetoken, or a missing subscribe key
 */
export function buildFetchMessages(params: FetchMessagesParams, ctx: RequestContext): PnRequest {
  const operation = 'fetchMessages';
  const channels = validateChannelList(params.channels);
  if (channels.length > MAX_FETCH_CHANNELS) {
    throw new PubnubValidationError('channels', `fetchMessages takes at most ${MAX_FETCH_CHANNELS} channels`, {
      operation,
    });
  }
  const withActions = params.includeMessageActions === true;
  if (withActions && channels.length > 1) {
    throw new PubnubValidationError('includeMessageActions', 'message actions can be fetched for one channel only', {
      operation,
    });
  }
  const limit = channels.length > 1 || withActions ? MAX_FETCH_MANY : MAX_FETCH_ONE;
  const count = params.count ?? limit;
  if (!Number.isInteger(count) || count < 1 || count > limit) {
    const why = withActions
      ? 'with actions'
      : channels.length > 1
        ? 'per channel for several channels'
        : 'for one channel';
    throw new PubnubValidationError('count', `count must be an integer from 1 to ${limit} ${why}`, { operation });
  }
  const query: Record<string, string> = { max: String(count) };
  if (params.start !== undefined) query.start = validateTimetoken(params.start, 'start');
  if (params.end !== undefined) query.end = validateTimetoken(params.end, 'end');
  if (params.includeMeta === true) query.include_meta = 'true';
  if (params.includeUuid ?? true) query.include_uuid = 'true';
  if (params.includeMessageType ?? true) query.include_message_type = 'true';
  if (params.includeCustomMessageType === true) query.include_custom_message_type = 'true';
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', operation));
  return {
    operation,
    method: 'GET',
    path: `/v3/${withActions ? 'history-with-actions' : 'history'}/sub-key/${sub}/channel/${encodeNameList(channels)}`,
    query: { ...query, ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Parses a fetch-messages answer.
 * @param cipher decrypts each message; a failure sets that message's `error` and the page goes on
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when the body is not `{ channels: { name: [entries] } }` with entries that
 *   have a timetoken
 */
export function parseFetchMessages(res: PnResponse, cipher?: MessageCipher): FetchMessagesResult {
  const operation = 'fetchMessages';
  const json = readJson(res, operation);
  const expected = 'a body of the form {"channels": {"<channel>": [{"message": …, "timetoken": "…"}]}}';
  if (!isRecord(json) || (json.channels !== undefined && !isRecord(json.channels))) {
    return malformed(res, operation, expected);
  }
  const channels: Record<string, FetchedMessage[]> = Object.create(null);
  for (const [channel, list] of Object.entries(json.channels ?? {})) {
    if (!Array.isArray(list)) return malformed(res, operation, expected);
    channels[channel] = list.map((raw) => {
      const timetoken = isRecord(raw) ? readTimetoken(raw.timetoken) : undefined;
      if (!isRecord(raw) || timetoken === undefined) return malformed(res, operation, expected);
      return readEntry(channel, raw, timetoken, cipher);
    });
  }
  const more = readMore(json.more);
  return more === undefined ? { channels } : { channels, more };
}

function readEntry(
  channel: string,
  raw: Record<string, unknown>,
  timetoken: Timetoken,
  cipher: MessageCipher | undefined,
): FetchedMessage {
  const decoded = decodeMessage(raw.message, cipher);
  const entry: { -readonly [K in keyof FetchedMessage]: FetchedMessage[K] } = {
    channel,
    message: decoded.message,
    timetoken,
  };
  // The service answers `"meta": ""` for a message published without one (docs/protocol.md §13.2).
  if (raw.meta !== undefined && raw.meta !== '') entry.meta = raw.meta;
  if (typeof raw.uuid === 'string') entry.uuid = raw.uuid;
  if ('message_type' in raw) entry.messageType = typeof raw.message_type === 'number' ? raw.message_type : null;
  if (typeof raw.custom_message_type === 'string') entry.customMessageType = raw.custom_message_type;
  if (raw.actions !== undefined) entry.actions = readActionsOf(raw.actions);
  if (decoded.error !== undefined) entry.error = decoded.error;
  return entry;
}

function readMore(value: unknown): FetchMore | undefined {
  if (!isRecord(value)) return undefined;
  const start = readTimetoken(value.start);
  if (typeof value.url !== 'string' || start === undefined || typeof value.max !== 'number') return undefined;
  return { url: value.url, start, max: value.max };
}
