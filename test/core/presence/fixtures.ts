/**
 * Shared by the presence and access tests: the context of the captured traces (docs/protocol.md §9: keys `pub`/`sub`,
 * uuid `user-1`), a response builder, a trace comparer, and the recorded error bodies of docs/protocol.md §4.4 and §5.
 */
import { type PnRequest, type PnResponse, parseQuery, type RequestContext } from '@pubkit/core';
import { expect } from 'chai';

/** The context of the captured traces. */
export const ctx: RequestContext = {
  publishKey: 'pub',
  subscribeKey: 'sub',
  uuid: 'user-1',
  pnsdk: 'PubNub-JS-Nodejs/10.2.9',
  requestTimeoutMs: 15000,
  subscribeTimeoutMs: 310000,
};

/** The same context with an auth key (the event-engine traces of docs/protocol.md §9.1). */
export const authCtx: RequestContext = { ...ctx, authKey: 'ak' };

/** A response with the presence/PAM content type (docs/protocol.md §1.4). */
export function res(body: string, status = 200): PnResponse {
  return { status, headers: { 'content-type': 'text/javascript; charset=UTF-8' }, body };
}

// Per-request noise in the traces: random request ids, and the signature step that is not build*'s job.
const NOISE = ['requestid', 'timestamp', 'signature'];

/**
 * Asserts that `req` is the captured request `trace` (`/path?query`, `…` entries allowed): same path, same query
 * parameters with the trace's `pnsdk` and `uuid` required when the trace has them, minus `ignore`d trace keys.
 */
export function expectTrace(req: PnRequest, trace: string, ignore: readonly string[] = []): void {
  const [path, rawQuery = ''] = trace.split('?');
  expect(req.method).to.equal('GET');
  expect(req.path).to.equal(path);
  const cleaned = rawQuery
    .split('&')
    .filter((part) => part !== '…' && part !== '')
    .join('&');
  const expected = parseQuery(cleaned);
  expect(expected, `bad trace query ${rawQuery}`).to.not.equal(undefined);
  const want: Record<string, string> = { ...expected };
  for (const key of [...NOISE, ...ignore]) delete want[key];
  const got: Record<string, string> = { ...req.query };
  // `…` in a trace hides uuid/pnsdk; the context's values are the trace's (`user-1`, JS 10.2.9).
  if (!('uuid' in want)) delete got.uuid;
  if (!('pnsdk' in want)) delete got.pnsdk;
  expect(got).to.deep.equal(want);
}

/** Recorded error bodies (docs/protocol.md §4.4, §5). */
export const ERRORS = {
  forbidden: res(
    '{"message":"Forbidden","payload":{"channels":["not_permitted_channel"]},"error":true,"service":"Access Manager","status":403}',
    403,
  ),
  invalidTimestamp: res('{"message":"Invalid Timestamp","error":true,"service":"Access Manager","status":400}', 400),
  notEnabledOn200: res(
    '{"status": 402, "error": 1, "message": "This feature is not turned on for this account. Contact support@pubnub.com to activate this feature.", "service": "Presence"}',
    200,
  ),
  unavailable: res('{"status": 503, "message": "Service Unavailable", "error": 1, "service": "Presence"}', 503),
  truncated: res('{"status": 200, "message": "OK", "payload": {"chan', 200),
  html: res('<html><body><h1>502 Bad Gateway</h1></body></html>', 200),
} as const;
