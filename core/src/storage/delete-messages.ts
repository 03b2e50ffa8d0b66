/**
 * `deleteMessages()`: deletes a channel's stored messages in a range (docs/protocol.md §13.4).
 *
 * DELETE /v3/history/sub-key/{sub}/channel/{ch}?[start]&[end]&uuid&pnsdk[&auth]&timestamp&signature
 *
 * A keyset with a secret key accepts only signed deletions: the client signs every request when it has the secret
 * key (`sign-request.ts`, the method `DELETE` opening the string to sign). `start` is exclusive and `end`
 * inclusive, either order; neither deletes the whole channel.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { commonQuery, requireKey, validateTimetoken } from '../operations/common.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannel } from '../validation.js';

/** Arguments of `deleteMessages()`. */
export interface DeleteMessagesParams {
  readonly channel: string;
  /** Exclusive bound. */
  readonly start?: Timetoken | undefined;
  /** Inclusive bound. */
  readonly end?: Timetoken | undefined;
}

/**
 * Builds a delete-messages request.
 * @throws PubnubValidationError for a bad channel, a bound that is not a timetoken, or a missing subscribe key
 */
export function buildDeleteMessages(params: DeleteMessagesParams, ctx: RequestContext): PnRequest {
  const operation = 'deleteMessages';
  const channel = validateChannel(params.channel);
  const query: Record<string, string> = {};
  if (params.start !== undefined) query.start = validateTimetoken(params.start, 'start');
  if (params.end !== undefined) query.end = validateTimetoken(params.end, 'end');
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', operation));
  return {
    operation,
    method: 'DELETE',
    path: `/v3/history/sub-key/${sub}/channel/${encodeComponent(channel)}`,
    query: { ...query, ...commonQuery(ctx) },
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads the `{"status":200,"error":false}` answer.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (403 without a valid signature)
 * @throws PubnubMalformedResponseError for any other body
 */
export function parseDeleteMessages(res: PnResponse): void {
  const json = readJson(res, 'deleteMessages');
  if (!isRecord(json) || json.error !== false) {
    malformed(res, 'deleteMessages', 'a body of the form {"status": 200, "error": false}');
  }
}
