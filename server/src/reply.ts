/**
 * Writing responses: every answer, success or error, carries the same headers (docs/protocol.md §1.4, quirk 7).
 *
 * Why `Content-Type` on errors too: the current JS SDK throws a `TypeError` on an error response without one, and
 * rejects a success body whose type names neither `javascript` nor `json`. CORS is open (`*`) because browsers talk
 * to a dev server from any page. Bodies are strings built by the handlers, so 17-digit timetokens never pass
 * through a JS number.
 */
import type { ServerResponse } from 'node:http';

/** The content type real PubNub sends for publish, time, history and subscribe (docs/protocol.md §1.4). */
export const CONTENT_TYPE = 'text/javascript; charset="UTF-8"';

const ALLOW_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Origin, X-Requested-With, Content-Type, Content-Encoding, Accept, If-Match';
const MAX_AGE = '86400';

const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': CONTENT_TYPE,
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': ALLOW_METHODS,
  'Access-Control-Allow-Headers': ALLOW_HEADERS,
  'Access-Control-Max-Age': MAX_AGE,
  'Cache-Control': 'no-cache',
});

let dateSecond = -1;
let dateText = '';

/**
 * The `Date` header, cached per second. Why not node:http's own: it caches the string behind an internal timer
 * that outlives a test by up to a second and trips the repository's leak check; this cache needs no timer.
 */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/**
 * An answer built once — status, body, `Content-Length` and header list — so it can be written to many responses:
 * the polls a fan-out answers with the same bytes (docs/performance.md §3).
 */
export interface PreparedReply {
  readonly status: number;
  readonly fields: readonly string[];
  readonly body: string;
}

/** Builds the answer carrying `body` with `status` and the common headers (`Date` of now). */
export function prepareReply(status: number, body: string): PreparedReply {
  return { status, fields: commonFields(body), body };
}

/** The header list last built, for this `Date` and `Content-Length`. */
let fieldsDate = '';
let fieldsLength = -1;
let fields: readonly string[] = [];

/**
 * The common headers for `body`, as one flat name/value list, the form node:http keeps as it is: no object to build
 * and enumerate per response. The list depends only on the second (`Date`) and the body's byte length, so one list
 * is reused while both stay the same (a run of publish acknowledgements, whose bodies have one length): node:http
 * only reads it (`_storeHeader`), as the fan-out's shared answer already relies on (docs/performance.md §3). Same
 * headers, same order as the object form in `reply`.
 */
function commonFields(body: string): readonly string[] {
  const date = httpDate();
  const length = Buffer.byteLength(body);
  if (date !== fieldsDate || length !== fieldsLength) {
    fields = [
      'Content-Type',
      CONTENT_TYPE,
      'Access-Control-Allow-Origin',
      '*',
      'Access-Control-Allow-Methods',
      ALLOW_METHODS,
      'Access-Control-Allow-Headers',
      ALLOW_HEADERS,
      'Access-Control-Max-Age',
      MAX_AGE,
      'Cache-Control',
      'no-cache',
      'Date',
      date,
      'Content-Length',
      String(length),
    ];
    fieldsDate = date;
    fieldsLength = length;
  }
  return fields;
}

/** Writes a prepared answer. A response already sent is left alone. */
export function replyPrepared(res: ServerResponse, prepared: PreparedReply): void {
  writeAnswer(res, prepared.status, prepared.fields, prepared.body);
}

function writeAnswer(res: ServerResponse, status: number, fields: readonly string[], body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.sendDate = false;
  res.writeHead(status, fields as string[]);
  res.end(body);
}

/** Sends `body` with `status` and the common headers, `extra` over them. A response already sent is left alone. */
export function reply(res: ServerResponse, status: number, body: string, extra?: Record<string, string>): void {
  if (extra === undefined) {
    writeAnswer(res, status, commonFields(body), body);
    return;
  }
  if (res.headersSent || res.destroyed) return;
  res.sendDate = false;
  res.writeHead(status, { ...BASE_HEADERS, Date: httpDate(), 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** The common headers with `extra` over them, for a response whose body is streamed rather than a string. */
export function streamHeaders(extra: Record<string, string | number>): Record<string, string | number> {
  return { ...BASE_HEADERS, Date: httpDate(), ...extra };
}

/**
 * Body of an Access Manager error (docs/protocol.md §4.4, §5); `channels` adds `payload.channels`, `groups`
 * `payload["channel-groups"]`, `uuids` `payload.uuids` (when non-empty).
 */
export function accessManagerError(
  status: number,
  message: string,
  channels?: readonly string[],
  groups?: readonly string[],
  uuids?: readonly string[],
): string {
  const body: Record<string, unknown> = { message };
  if (channels || groups?.length || uuids?.length) {
    const payload: Record<string, readonly string[]> = {};
    if (channels && (channels.length > 0 || (!groups?.length && !uuids?.length))) payload.channels = channels;
    if (groups?.length) payload['channel-groups'] = groups;
    if (uuids?.length) payload.uuids = uuids;
    body.payload = payload;
  }
  body.error = true;
  body.service = 'Access Manager';
  body.status = status;
  return JSON.stringify(body);
}

/** 400 for a subscribe key the server does not serve (docs/protocol.md §5). */
export const INVALID_SUBSCRIBE_KEY = accessManagerError(400, 'Invalid Subscribe Key');
/** 400 for a timestamp outside ±60 s (docs/protocol.md §4.4, quirk 11). */
export const INVALID_TIMESTAMP = accessManagerError(400, 'Invalid Timestamp');
/** 403 for a signature that does not verify (docs/protocol.md §4.4). */
export const SIGNATURE_MISMATCH = accessManagerError(403, 'Signature Does Not Match');

/** Publish-style error body `[0,"<message>","<tt>"]` (docs/protocol.md §5). */
export function publishError(message: string, timetoken?: string): string {
  return timetoken === undefined ? JSON.stringify([0, message]) : JSON.stringify([0, message, timetoken]);
}

/** Generic JSON error `{"status":N,"error":true,"message":…,"service":…}` for everything else. */
export function serviceError(status: number, message: string, service = 'pubkit-server'): string {
  return JSON.stringify({ status, error: true, message, service });
}
