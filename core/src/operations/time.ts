/**
 * `time()`: the service's current timetoken (docs/protocol.md §2.1).
 *
 * The real service answers `[14818963707386265]`, a bare JSON number above 2^53; some servers (and the JS nock
 * fixtures) answer `["14570763868573725"]`. `readJson` parses with `parseJson`, which lifts a 16+ digit number
 * in the top-level array to a string before `JSON.parse` can round it, so both forms arrive here as exact strings.
 * A small safe integer (a test server's `[0]`) is read as its decimal string; nothing else is a timetoken.
 */
import type { RequestContext } from '../context.js';
import type { PnRequest, PnResponse } from '../request.js';
import { malformed, readJson } from '../response.js';
import type { Timetoken } from '../timetoken.js';
import { commonQuery, readTimetoken } from './common.js';

/**
 * Builds `GET /time/0`. It carries `uuid` and `pnsdk` but never `auth` (docs/protocol.md §1.3: current SDKs do not send
 * it to `/time`), and needs no keys.
 */
export function buildTime(ctx: RequestContext): PnRequest {
  return {
    operation: 'time',
    method: 'GET',
    path: '/time/0',
    query: commonQuery(ctx, false),
    headers: {},
    timeoutMs: ctx.requestTimeoutMs,
  };
}

/**
 * Reads the timetoken from a `/time/0` response.
 * @returns the timetoken as a decimal string, exact to the last digit
 * @throws PubnubServiceError / PubnubAccessDeniedError for an error response (see `readJson`)
 * @throws PubnubMalformedResponseError when the body is not `[<timetoken>]`
 */
export function parseTime(res: PnResponse): Timetoken {
  const json = readJson(res, 'time');
  // Exactly one element: `[1,"Sent","…"]` (a publish acknowledgement) is not a time answer (issue 9 item 12).
  const token = Array.isArray(json) && json.length === 1 ? readTimetoken(json[0]) : undefined;
  return token ?? malformed(res, 'time', 'a body of the form [<timetoken>]');
}
