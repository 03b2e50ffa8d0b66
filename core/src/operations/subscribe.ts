/**
 * Subscribe v2: one long-poll (docs/protocol.md §2.4).
 *
 * GET /v2/subscribe/{sub}/{ch1,ch2}/0?[channel-group][&filter-expr][&heartbeat][&state][&tt&tr]&uuid&pnsdk[&auth]
 *
 * Rules this file keeps:
 * - channel names are encoded one by one and joined with a raw comma; only groups → the `,` placeholder
 *   (docs/protocol.md §2.4, quirk 4). The caller's order is kept (de-duplicated), so a given call always yields the same
 *   path; groups travel comma-joined in `channel-group`;
 * - the handshake (timetoken absent or `"0"`) sends no `tt` and no `tr`, as current SDKs do (quirk 2); later polls
 *   send `tt` and, when the previous cursor had a region ≥ 1, `tr`;
 * - the response `{"t":{"t","r"},"m":[envelope…]}` becomes a cursor and envelopes. Presence events (no `e`, channel
 *   ending in `-pnpres`) and signals (`e=1`) are never decrypted; a message that fails to decrypt is handed on with
 *   its `PubnubCryptoError` so one bad message does not stop the loop (docs/architecture.md §4).
 * Timetokens are strings throughout: `t.t` and `p.t` arrive as JSON strings (docs/protocol.md §2.4), so a success body is
 * read with a bare `JSON.parse`, without `parseJson`'s timetoken lifting (see `readSubscribeJson`).
 */
import { decodeMessage } from '../cipher/payload.js';
import type { MessageCipher, RequestContext } from '../context.js';
import { encodeComponent, encodeNameList } from '../encoding.js';
import { type PubnubCryptoError, PubnubValidationError } from '../errors.js';
import { toJson } from '../json.js';
import { isPresenceChannel } from '../presence/names.js';
import type { PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannelList } from '../validation.js';
import { commonQuery, readTimetoken, requireKey, validateGroupList, validateTimetoken } from './common.js';

/** Arguments of one subscribe long-poll. */
export interface SubscribeParams {
  /** Channels, `-pnpres` names included; may be empty when `channelGroups` is not. */
  readonly channels: readonly string[];
  /** Channel groups (`ns:group` allowed). @default [] */
  readonly channelGroups?: readonly string[] | undefined;
  /** Cursor timetoken; absent or `"0"` is a handshake. @default "0" */
  readonly timetoken?: Timetoken | undefined;
  /** Cursor region from the previous response; sent as `tr` with a non-zero timetoken when ≥ 1. */
  readonly region?: number | undefined;
  /** Presence timeout in seconds announced to the service; 0 or absent sends none. */
  readonly heartbeat?: number | undefined;
  /** Presence state per channel, sent as JSON in `state`. */
  readonly state?: Readonly<Record<string, unknown>> | undefined;
  /** Server-side filter expression (`filter-expr`); empty sends none. */
  readonly filterExpression?: string | undefined;
}

/** Where the next long-poll resumes. */
export interface SubscribeCursor {
  readonly timetoken: Timetoken;
  readonly region: number;
}

/** What an envelope carries, from its `e` field and channel (docs/protocol.md §2.4). */
export type SubscribeEventType = 'message' | 'signal' | 'presence' | 'objects' | 'messageAction' | 'file';

/** One delivered message or event. */
export interface SubscribeEnvelope {
  /** The actual channel (`c`). */
  readonly channel: string;
  /** What the client subscribed to that matched: group, wildcard or the channel itself (`b ?? c`). */
  readonly subscription: string;
  /** Publish timetoken (`p.t`). */
  readonly timetoken: Timetoken;
  /** Publish region (`p.r`), or the cursor's region when absent. */
  readonly region: number;
  /** Publisher uuid (`i`), when the publish carried one. */
  readonly publisher?: string;
  /** The payload (`d`), decrypted for messages when a cipher is given; raw ciphertext when decryption failed. */
  readonly message: unknown;
  /** Publisher's `meta` (`u`). */
  readonly meta?: unknown;
  /** Publish sequence number (`s`). */
  readonly sequence?: number;
  readonly eventType: SubscribeEventType;
  /** Set when the payload could not be decrypted. */
  readonly error?: PubnubCryptoError;
}

/** A parsed long-poll response. */
export interface SubscribeResult {
  readonly cursor: SubscribeCursor;
  readonly messages: SubscribeEnvelope[];
}

/**
 * Builds one v2 subscribe long-poll, timed out after `ctx.subscribeTimeoutMs`.
 * @throws PubnubValidationError for bad channel or group names, neither channels nor groups, a bad timetoken,
 *   region or heartbeat, a state that is not a JSON object, or a missing subscribe key
 */
export function buildSubscribe(params: SubscribeParams, ctx: RequestContext): PnRequest {
  return buildSubscribePoll(prepareSubscribe(params, ctx), params.timetoken, params.region);
}

/**
 * Everything of a subscribe request but its cursor, validated and encoded once: a loop polls the same channel set
 * with the same context hundreds of times, and only `tt`/`tr` change (issue 4: per-message CPU, 100 messages per
 * poll). Plain data; `buildSubscribePoll` adds the cursor.
 */
export interface SubscribeTemplate {
  readonly path: string;
  /** The query before the cursor (`channel-group`, `filter-expr`, `heartbeat`, `state`), in wire order. */
  readonly query: Readonly<Record<string, string>>;
  /** The query after the cursor (`uuid`, `pnsdk`, `auth`). */
  readonly common: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/**
 * Validates and encodes the cursor-independent part of a subscribe request (`timetoken` and `region` in `params`
 * are ignored).
 * @throws PubnubValidationError as {@link buildSubscribe}, except for the cursor
 */
export function prepareSubscribe(params: SubscribeParams, ctx: RequestContext): SubscribeTemplate {
  const groups = validateGroupList(params.channelGroups ?? []);
  // Wildcard patterns (`a.*`, `a.b.*`) are subscribable channels (docs/protocol.md §8.5).
  const channels = validateChannelList(params.channels, 'channels', groups.length > 0, true);
  const query: Record<string, string> = {};
  if (groups.length > 0) query['channel-group'] = groups.join(',');
  if (params.filterExpression !== undefined && params.filterExpression !== '') {
    if (typeof params.filterExpression !== 'string') throw invalid('filterExpression', 'must be a string');
    query['filter-expr'] = params.filterExpression;
  }
  if (params.heartbeat !== undefined && params.heartbeat !== 0) {
    if (!Number.isInteger(params.heartbeat) || params.heartbeat < 0) throw invalid('heartbeat', 'must be seconds');
    query.heartbeat = String(params.heartbeat);
  }
  if (params.state !== undefined) {
    if (!isRecord(params.state)) throw invalid('state', 'must be a JSON object');
    query.state = toJson(params.state, 'state');
  }
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', 'subscribe'));
  return {
    path: `/v2/subscribe/${sub}/${encodeNameList(channels)}/0`,
    query,
    common: commonQuery(ctx),
    timeoutMs: ctx.subscribeTimeoutMs,
  };
}

/**
 * One long-poll of a prepared subscription: a handshake without `timetoken` (or with `"0"`), else a poll from it.
 * @throws PubnubValidationError for a bad timetoken or region
 */
export function buildSubscribePoll(template: SubscribeTemplate, timetoken?: Timetoken, region?: number): PnRequest {
  const tt = timetoken === undefined ? '0' : validateTimetoken(timetoken, 'timetoken');
  // Once per poll: the query is filled in wire order by assignment, not spread from three objects.
  const query: Record<string, string> = {};
  copyInto(query, template.query);
  if (!isZero(tt)) {
    if (region !== undefined && (!Number.isInteger(region) || region < 0)) throw invalid('region', 'must be ≥ 0');
    query.tt = tt;
    if (region !== undefined && region > 0) query.tr = String(region);
  }
  copyInto(query, template.common);
  return {
    operation: 'subscribe',
    method: 'GET',
    path: template.path,
    query,
    headers: {},
    timeoutMs: template.timeoutMs,
  };
}

/**
 * Parses a v2 subscribe response.
 * @param cipher decrypts `message` envelopes; presence, signals and other events are left as sent
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (403 names the channels)
 * @throws PubnubMalformedResponseError when the body is not `{"t":{"t":…},"m":[…]}` or an envelope lacks `c` or
 *   `p.t`
 */
export function parseSubscribe(res: PnResponse, cipher?: MessageCipher): SubscribeResult {
  const json = readSubscribeJson(res);
  const t = isRecord(json) && isRecord(json.t) ? json.t : undefined;
  const timetoken = t === undefined ? undefined : readTimetoken(t.t);
  const region = t === undefined ? undefined : regionOf(t.r);
  // A cursor of "0" or without a region cannot be polled from: a loop that accepted it would re-handshake or
  // re-poll at once, forever (issue 9 item 6). It is a malformed answer, which the loop backs off from.
  if (
    !isRecord(json) ||
    timetoken === undefined ||
    isZero(timetoken) ||
    region === undefined ||
    !Array.isArray(json.m)
  ) {
    return malformed(res, 'subscribe', 'a body of the form {"t":{"t":"<timetoken, not 0>","r":<region>},"m":[…]}');
  }
  const cursor = { timetoken, region };
  const raws: unknown[] = json.m;
  const messages = new Array<SubscribeEnvelope>(raws.length);
  for (let i = 0; i < raws.length; i++) messages[i] = parseEnvelope(raws[i], cursor.region, res, cipher);
  return { cursor, messages };
}

/**
 * The body of a subscribe response. The hot path of every delivered message (issue 4), so a success body is read
 * with a bare `JSON.parse`: a v2 body carries every timetoken as a JSON string (`t.t`, `p.t`, docs/protocol.md §2.4), so the
 * timetoken lifting of `parseJson` has nothing to do here but scan the whole text, and user payloads stay exactly
 * as `JSON.parse` reads them. Anything else (an error status, a JSON `status`, a body that is not a JSON object)
 * goes through `readJson`, which reports it as every other operation does.
 */
function readSubscribeJson(res: PnResponse): unknown {
  if (res.status < 400) {
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    if (isRecord(json) && json.status === undefined) return json;
  }
  return readJson(res, 'subscribe');
}

/**
 * One envelope. Built as one object literal with its optional fields set afterwards (no spread of temporary
 * objects per message), and the common case — a plain message without a cipher — allocates nothing else.
 */
function parseEnvelope(
  raw: unknown,
  cursorRegion: number,
  res: PnResponse,
  cipher: MessageCipher | undefined,
): SubscribeEnvelope {
  const c = isRecord(raw) ? raw.c : undefined;
  const p = isRecord(raw) && isRecord(raw.p) ? raw.p : undefined;
  const timetoken = p === undefined ? undefined : readTimetoken(p.t);
  if (!isRecord(raw) || typeof c !== 'string' || p === undefined || timetoken === undefined) {
    return malformed(res, 'subscribe', 'envelopes with a channel "c" and a publish timetoken "p.t"');
  }
  const eventType = eventTypeOf(raw.e, c);
  let message = raw.d;
  let error: PubnubCryptoError | undefined;
  if (eventType === 'message' && cipher !== undefined) {
    const decoded = decodeMessage(message, cipher);
    message = decoded.message;
    error = decoded.error;
  }
  const b = raw.b;
  const subscription = typeof b === 'string' ? b : c;
  const region = regionOf(p.r) ?? cursorRegion;
  const { i, u, s } = raw;
  // The publisher is in the literal when there is one (nearly always): added afterwards, it would cost each
  // envelope a second allocation for the property (docs/performance.md §2).
  const envelope: Mutable<SubscribeEnvelope> =
    typeof i === 'string'
      ? { channel: c, subscription, timetoken, region, message, eventType, publisher: i }
      : { channel: c, subscription, timetoken, region, message, eventType };
  if (u !== undefined) envelope.meta = u;
  if (typeof s === 'number') envelope.sequence = s;
  if (error !== undefined) envelope.error = error;
  return envelope;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The event type of an envelope. `e` may be a number or, in the docs' sample, a string (docs/protocol.md §2.4); an absent
 * `e` on a `-pnpres` channel is a presence event (§3). Unknown codes are treated as messages.
 */
export function eventTypeOf(e: unknown, channel: string): SubscribeEventType {
  const code = typeof e === 'string' && e !== '' ? Number(e) : e;
  switch (code) {
    case 1:
      return 'signal';
    case 2:
      return 'objects';
    case 3:
      return 'messageAction';
    case 4:
      return 'file';
    default:
      return isPresenceChannel(channel) ? 'presence' : 'message';
  }
}

function copyInto(to: Record<string, string>, from: Readonly<Record<string, string>>): void {
  for (const key in from) to[key] = from[key]!;
}

/** True for a timetoken (digits only) that is numerically 0 ("0", "00"…): no BigInt per poll. */
function isZero(tt: Timetoken): boolean {
  for (let i = 0; i < tt.length; i++) if (tt.charCodeAt(i) !== 48) return false;
  return true;
}

function regionOf(r: unknown): number | undefined {
  return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? r : undefined;
}

function invalid(field: string, rule: string): PubnubValidationError {
  return new PubnubValidationError(field, `${field} ${rule}`, { operation: 'subscribe' });
}
