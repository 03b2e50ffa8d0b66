/**
 * where_now: the channels a uuid is present on (docs/protocol.md §2.7).
 *
 * `GET /v2/presence/sub-key/{sub}/uuid/{uuid}` → `{"payload": {"channels": [...]}}`. The current JS SDK answers
 * `[]` when `payload` is missing, and so does pubkit: "nowhere" is an ordinary answer, not a malformed one.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed } from '../response.js';
import { validateUuid } from '../validation.js';
import { presenceBase, presenceGet, readPresenceObject } from './common.js';

/** Parameters of `buildWhereNow`. */
export interface WhereNowParams {
  /** The uuid to look up. @default the context's own uuid */
  readonly uuid?: string;
}

/** What `parseWhereNow` returns. */
export interface WhereNowResult {
  /** Channels the uuid is present on; empty when it is nowhere. */
  readonly channels: readonly string[];
}

/**
 * Builds a where_now request for `params.uuid` (or the client's own uuid).
 * @throws PubnubValidationError for an empty or over-long uuid
 */
export function buildWhereNow(params: WhereNowParams, ctx: RequestContext): PnRequest {
  const uuid = params.uuid === undefined ? ctx.uuid : validateUuid(params.uuid);
  return presenceGet('whereNow', `${presenceBase(ctx)}/uuid/${encodeComponent(uuid)}`, {}, ctx);
}

/**
 * Parses a where_now response.
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (also JSON `status >= 400` on 200)
 * @throws PubnubMalformedResponseError when `payload.channels` is not a list of strings
 */
export function parseWhereNow(res: PnResponse): WhereNowResult {
  const body = readPresenceObject(res, 'whereNow');
  // The service always sends `payload.channels` (empty when the uuid is nowhere): `{}` is not an answer.
  if (!isRecord(body.payload)) return malformed(res, 'whereNow', '{"payload":{"channels":[…]}}');
  const channels = body.payload.channels;
  if (!Array.isArray(channels) || !channels.every((c): c is string => typeof c === 'string')) {
    return malformed(res, 'whereNow', '"payload.channels" to be a list of channel names');
  }
  return { channels };
}
