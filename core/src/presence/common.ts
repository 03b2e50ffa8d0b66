/**
 * What every presence operation shares: the path prefix, the common query parameters, name-list validation and
 * the `-pnpres` filter. Kept in one place so the five presence files differ only in what makes them different.
 *
 * Path form: current SDKs use `/v2/presence/sub-key/{sub}` everywhere; the 3.x SDKs used `sub_key` for here_now,
 * where_now and leave. The server accepts both (docs/protocol.md §2.6, quirk 5); pubkit sends the hyphen form.
 */
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { validateGroupList as validateGroupArray } from '../operations/common.js';
import type { Operation, PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import { validateChannelList } from '../validation.js';

/** `/v2/presence/sub-key/{sub}` for this context. */
export function presenceBase(ctx: RequestContext): string {
  return `/v2/presence/sub-key/${encodeComponent(ctx.subscribeKey)}`;
}

/**
 * Adds the parameters every request carries (docs/protocol.md §1.3): `uuid`, `pnsdk`, and `auth` when the context has an
 * auth key. Operation parameters come first so the wire order reads like the captured traces (docs/protocol.md §9.1).
 */
export function withCommonQuery(query: Record<string, string>, ctx: RequestContext): Record<string, string> {
  query.uuid = ctx.uuid;
  query.pnsdk = ctx.pnsdk;
  if (ctx.authKey !== undefined && ctx.authKey !== '') query.auth = ctx.authKey;
  return query;
}

/** A GET request for a presence operation, with the common query added. */
export function presenceGet(
  operation: Operation,
  path: string,
  query: Record<string, string>,
  ctx: RequestContext,
): PnRequest {
  return {
    operation,
    method: 'GET',
    path,
    query: withCommonQuery(query, ctx),
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Validates an optional list of channel groups (one comma-separated string or an array); returns it de-duplicated.
 * The names are checked by the one group-name rule of `operations/common.ts`.
 * @throws PubnubValidationError naming `field` for a non-string, empty, over-long or ill-formed name
 */
export function validateGroupList(groups: unknown, field = 'channelGroups'): string[] {
  if (groups === undefined) return [];
  const list = typeof groups === 'string' ? groups.split(',').map((g) => g.trim()) : groups;
  if (!Array.isArray(list)) throw new PubnubValidationError(field, `${field} must be a string or an array of strings`);
  return validateGroupArray(list, field);
}

/**
 * Validates an optional channel list (one name or an array); `undefined` is the empty list. With `wildcards`
 * (heartbeat, leave), a wildcard pattern is a room of its own name, as the subscribe that announced it.
 */
export function optionalChannels(channels: unknown, field = 'channels', wildcards = false): string[] {
  return channels === undefined ? [] : validateChannelList(channels, field, true, wildcards);
}

/** Parses a presence body that must be a JSON object; throws the classified error otherwise. */
export function readPresenceObject(res: PnResponse, operation: Operation): Record<string, unknown> {
  const json = readJson(res, operation);
  if (!isRecord(json)) return malformed(res, operation, 'a JSON object');
  return json;
}

/** A non-negative integer count from a body field, or `undefined`. */
export function countOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
