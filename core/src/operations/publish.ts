/**
 * `publish()`, `fire()` and `signal()` (docs/protocol.md §2.2).
 *
 * GET  /publish/{pub}/{sub}/0/{ch}/0/{percent-encoded JSON}?[store][&norep][&ttl][&meta][&custom_message_type]
 *      &uuid&pnsdk[&auth]
 * POST /publish/{pub}/{sub}/0/{ch}/0?…   body = the same JSON, `Content-Type: application/json`
 *
 * The message is JSON-encoded (and encrypted when the context has a cipher) by `encodeMessage`, which refuses
 * values JSON cannot carry and payloads over 32 KiB (docs/protocol.md §5). The `{sig}` and `{callback}` segments are the
 * literal `0` every current SDK sends (docs/protocol.md §1.2). Query order follows the captured JS trace (docs/protocol.md §9.1):
 * `store`, `norep`, `ttl`, `meta`, then the common parameters. Request compression is the transport's business.
 */
import { encodeMessage } from '../cipher/payload.js';
import type { RequestContext } from '../context.js';
import { encodeComponent } from '../encoding.js';
import { PubnubValidationError } from '../errors.js';
import { toJson } from '../json.js';
import type { Operation, PnRequest, PnResponse } from '../request.js';
import { isRecord, malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { validateChannel } from '../validation.js';
import { commonQuery, readTimetoken, requireKey } from './common.js';

/** Arguments of `publish()`. */
export interface PublishParams {
  /** Target channel (docs/protocol.md §8.5 rules). */
  readonly channel: string;
  /** Any JSON value; 0, false, "" and null are valid messages. */
  readonly message: unknown;
  /** Store in history: sends `store=1|0` when given; the service's default (store) applies otherwise. */
  readonly store?: boolean | undefined;
  /**
   * The official SDK's name for `store` (docs/decisions.md, "Publish options: store and storeInHistory").
   * @throws PubnubValidationError when given with a different `store`
   */
  readonly storeInHistory?: boolean | undefined;
  /**
   * The message's own type (docs/protocol.md §13.7): 3–50 letters, digits, `-` and `_`, not led by `-`, `_` or
   * `pn`. Sent as `custom_message_type`; returned by `fetchMessages` and subscribe.
   */
  readonly customMessageType?: string | undefined;
  /** `false` sends `norep=true` (do not replicate to other data centres). @default true */
  readonly replicate?: boolean | undefined;
  /** Metadata object, sent as JSON in `meta` (used by subscribe filter expressions); never encrypted. */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
  /** Per-message history retention in hours. */
  readonly ttl?: number | undefined;
  /** Send the message in a POST body instead of the path (for large messages). @default false */
  readonly sendByPost?: boolean | undefined;
}

/** Arguments of `fire()`: a publish that is neither stored nor replicated. */
export type FireParams = Omit<PublishParams, 'store' | 'storeInHistory' | 'replicate'>;

/** Arguments of `signal()`: small, never stored, never encrypted. */
export interface SignalParams {
  readonly channel: string;
  readonly message: unknown;
}

/** The seed's publish result: `[1, "Sent", "<timetoken>"]` (docs/protocol.md §2.2). */
export type PublishResult = [status: 1, message: string, timetoken: Timetoken];

/**
 * Builds a publish request.
 * @throws PubnubValidationError for a bad channel, a message JSON cannot carry or over 32 KiB (field `message`),
 *   a non-object `meta`, a bad `ttl`, or a missing publish/subscribe key
 */
export function buildPublish(params: PublishParams, ctx: RequestContext): PnRequest {
  const channel = validateChannel(params.channel);
  const wire = encodeMessage(params.message, ctx.cipher);
  // Once per publish: the query is one object filled in wire order, the request one literal (no spreads).
  const query = publishOptionsQuery(params, 'publish');
  const common = commonQuery(ctx);
  for (const key in common) query[key] = common[key]!;
  const base = `/publish/${encodeComponent(requireKey(ctx, 'publishKey', 'publish'))}/${encodeComponent(
    requireKey(ctx, 'subscribeKey', 'publish'),
  )}/0/${encodeComponent(channel)}/0`;
  const timeoutMs = ctx.requestTimeoutMs;
  if (params.sendByPost === true) {
    const headers = { 'Content-Type': 'application/json' };
    return { operation: 'publish', method: 'POST', path: base, query, headers, body: wire, timeoutMs };
  }
  return {
    operation: 'publish',
    method: 'GET',
    path: `${base}/${encodeComponent(wire)}`,
    query,
    headers: {},
    timeoutMs,
  };
}

/**
 * Builds a fire request: publish with `store=0&norep=true` (docs/protocol.md §2.2).
 * @throws PubnubValidationError as `buildPublish`
 */
export function buildFire(params: FireParams, ctx: RequestContext): PnRequest {
  return buildPublish({ ...params, store: false, replicate: false }, ctx);
}

/**
 * Builds `GET /signal/{pub}/{sub}/0/{ch}/0/{json}` (docs/protocol.md §2.2). Signals are not encrypted: subscribers do not
 * decrypt `e=1` envelopes (docs/protocol.md §2.4).
 * @throws PubnubValidationError for a bad channel, a message JSON cannot carry or over 32 KiB, or missing keys
 */
export function buildSignal(params: SignalParams, ctx: RequestContext): PnRequest {
  const channel = validateChannel(params.channel);
  const wire = encodeMessage(params.message);
  const pub = encodeComponent(requireKey(ctx, 'publishKey', 'signal'));
  const sub = encodeComponent(requireKey(ctx, 'subscribeKey', 'signal'));
  return {
    operation: 'signal',
    method: 'GET',
    path: `/signal/${pub}/${sub}/0/${encodeComponent(channel)}/0/${encodeComponent(wire)}`,
    query: commonQuery(ctx),
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads `[1, "Sent", "<timetoken>"]`. Error bodies (`[0,"Invalid Key","…"]` with 400, the 403 JSON, 413) become
 * errors in `readJson` (docs/protocol.md §5).
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response
 * @throws PubnubMalformedResponseError when a success body is not `[1, "<text>", <timetoken>]`
 */
export function parsePublish(res: PnResponse): PublishResult {
  return parseSent(res, 'publish');
}

/**
 * Reads a signal response, which has the publish shape.
 * @throws as `parsePublish`
 */
export function parseSignal(res: PnResponse): PublishResult {
  return parseSent(res, 'signal');
}

function parseSent(res: PnResponse, operation: 'publish' | 'signal'): PublishResult {
  const json = readJson(res, operation);
  if (Array.isArray(json) && json[0] === 1 && typeof json[1] === 'string') {
    const token = readTimetoken(json[2]);
    if (token !== undefined) return [1, json[1], token];
  }
  return malformed(res, operation, 'a body of the form [1, "Sent", "<timetoken>"]');
}

/** The options a publish and a file message share (docs/protocol.md §2.2, §15). */
export type PublishOptionsParams = Pick<
  PublishParams,
  'store' | 'storeInHistory' | 'replicate' | 'ttl' | 'meta' | 'customMessageType'
>;

/**
 * The query of a publish's options, in wire order: `store`, `norep`, `ttl`, `meta`, `custom_message_type`. Shared
 * with the file message (`buildPublishFile`), which takes the same options.
 * @throws PubnubValidationError (naming `operation`) for disagreeing `store`/`storeInHistory`, a bad `ttl`, a
 *   non-object `meta` or a bad `customMessageType`
 */
export function publishOptionsQuery(params: PublishOptionsParams, operation: Operation): Record<string, string> {
  const query: Record<string, string> = {};
  const store = storeOf(params, operation);
  if (store !== undefined) query.store = store ? '1' : '0';
  if (params.replicate === false) query.norep = 'true';
  if (params.ttl !== undefined) query.ttl = validateTtl(params.ttl, operation);
  if (params.meta !== undefined) query.meta = encodeMeta(params.meta, operation);
  if (params.customMessageType !== undefined) {
    query.custom_message_type = validateCustomMessageType(params.customMessageType, operation);
  }
  return query;
}

/** PubNub's rule for a custom message type (docs/protocol.md §13.7). */
const CUSTOM_MESSAGE_TYPE = /^(?![pP][nN])[A-Za-z0-9][A-Za-z0-9_-]{2,49}$/;

function validateCustomMessageType(type: unknown, operation: Operation): string {
  if (typeof type !== 'string' || !CUSTOM_MESSAGE_TYPE.test(type)) {
    throw new PubnubValidationError(
      'customMessageType',
      'customMessageType must be 3–50 letters, digits, "-" or "_", not starting with "-", "_" or "pn"',
      { operation },
    );
  }
  return type;
}

function storeOf(params: PublishOptionsParams, operation: Operation): boolean | undefined {
  if (params.store !== undefined && params.storeInHistory !== undefined && params.store !== params.storeInHistory) {
    throw new PubnubValidationError('storeInHistory', 'store and storeInHistory disagree; give one of them', {
      operation,
    });
  }
  return params.storeInHistory ?? params.store;
}

function validateTtl(ttl: unknown, operation: Operation): string {
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) {
    throw new PubnubValidationError('ttl', 'ttl must be a finite number of hours, 0 or more', {
      operation,
    });
  }
  return String(ttl);
}

function encodeMeta(meta: unknown, operation: Operation): string {
  // Filter expressions address meta fields by name, so the service expects an object (docs/protocol.md §2.2).
  if (!isRecord(meta)) {
    throw new PubnubValidationError('meta', 'meta must be a plain JSON object', { operation });
  }
  return toJson(meta, 'meta');
}
