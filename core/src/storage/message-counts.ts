/**
 * `messageCounts()`: how many stored messages each channel holds after a timetoken (docs/protocol.md §13.3).
 *
 * GET /v3/history/sub-key/{sub}/message-counts/{ch1,ch2…}?timetoken={tt} | ?channelsTimetoken={tt1,tt2…}
 *
 * `channelTimetokens` holds one timetoken for all channels, or one per channel in the order of `channels` (the
 * official SDK's rule; one timetoken travels as `timetoken`, several as `channelsTimetoken`).
 */
import type { RequestContext } from '../context.js';
import { encodeComponent, encodeNameList } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { commonQuery, requireKey, validateTimetoken } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannelList } from '../validation.js';

/** Most channels in one `messageCounts`. */
export const MAX_COUNT_CHANNELS = 100;

/** Arguments of `messageCounts()`. */
export interface MessageCountsParams {
  /** 1–100 channels. */
  readonly channels: readonly string[];
  /** One timetoken for every channel, or one per channel; counts the messages after it. */
  readonly channelTimetokens: readonly Timetoken[];
}

/** Counts per channel. */
export interface MessageCountsResult {
  readonly channels: Record<string, number>;
}

/**
 * Builds a message-counts request.
 * @throws PubnubValidationError for no or more than 100 channels, a bad channel, no timetoken, a count of
 *   timetokens that is neither 1 nor the number of channels, a value that is not a timetoken, or a missing key
 */
export function buildMessageCounts(params: MessageCountsParams, ctx: RequestContext): PnRequest {
  const operation = 'messageCounts';
  const channels = validateChannelList(params.channels);
  if (channels.length > MAX_COUNT_CHANNELS) {
    throw new PubnubValidationError('channels', `messageCounts takes at most ${MAX_COUNT_CHANNELS} channels`, {
      operation,
    });
  }
  const tokens = params.channelTimetokens;
  if (!Array.isArray(tokens) || (tokens.length !== 1 && tokens.length !== channels.length)) {
    throw new PubnubValidationError(
      'channelTimetokens',
      'channelTimetokens must hold one timetoken, or one per channel in the order of channels',
      { operation },
    );
  }
  const texts = tokens.map((t) => validateTimetoken(t, 'channelTimetokens'));
  const query: Record<string, string> =
    texts.length === 1 ? { timetoken: texts[0]! } : { channelsTimetoken: texts.join(',') };
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', operation));
  return {
    operation,
    method: 'GET',
    path: `/v3/history/sub-key/${sub}/message-counts/${encodeNameList(channels)}`,
    query: { ...query, ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Parses a message-counts answer.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when the body is not `{ channels: { name: count } }`
 */
export function parseMessageCounts(res: PnResponse): MessageCountsResult {
  const json = readJson(res, 'messageCounts');
  const counts = isRecord(json) ? json.channels : undefined;
  if (!isRecord(counts) || !Object.values(counts).every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    return malformed(res, 'messageCounts', 'a body of the form {"channels": {"<channel>": <count>}}');
  }
  return { channels: Object.assign(Object.create(null), counts) as Record<string, number> };
}
