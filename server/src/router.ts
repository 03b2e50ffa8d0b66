/**
 * The router: from a raw `node:http` request to one handler call (docs/protocol.md §1.2–§1.4).
 *
 * Theory of operation
 * -------------------
 * 1. A URI over 32 KiB is answered 414 (docs/protocol.md §8.6); the node:http header limit is raised in `startServer` so
 *    such a request reaches this check instead of being dropped by the parser. Publish and signal are the
 *    exception: their handler answers 413 when the message itself is over 32 KiB, else the 414.
 * 2. `OPTIONS` is a CORS preflight: 200 with the common headers, whatever the path.
 * 3. The query is form-decoded once (`+` is a space); a malformed `%` escape is a 400. Unknown parameters are kept
 *    but never read, so clients that add telemetry (`l_pub`, `requestid`, `ee` …) are served unchanged.
 * 4. The path is matched against the route table segment by segment, on the RAW segments (so `a%2Cb` stays one
 *    segment); each parameter is then percent-decoded. Pattern syntax: `:name` captures, `a|b` is a literal
 *    alternative (how `sub-key|sub_key` accepts both spellings, quirk 5), anything else is literal.
 * 5. No match: a 404 with a JSON body that says what is not implemented (channel-group namespaces, objects, push …)
 *    — never a hang. Every response, errors included, carries the common headers (`reply.ts`).
 * 6. A `uuid` (query or path) longer than 92 characters is a 400 before any handler runs: PubNub's documented limit,
 *    and what keeps a flood of huge uuids from growing presence memory (issue 9 item 3; server/README.md "Limits").
 * 7. Routes that take a body (publish, signal: POST; App Context: PATCH) get it decoded (`request-body.ts`) within
 *    their rule's limit; a streaming route (the files storage upload) gets the request untouched; others have the
 *    body drained unread.
 * 8. A handler that throws gets a 500 JSON answer and a log line; the server keeps running.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, MAX_MESSAGE_BYTES, MAX_NAME_LENGTH, parseQuery, silentLogger } from '@pubkit/core';
import { type Exchange, type Handler, RoutedExchange, type Services } from './exchange.js';
import { publishError, reply, serviceError } from './reply.js';
import { type BodyFailure, readBody } from './request-body.js';
import { RouteTable } from './route-table.js';

/** Longest accepted request URI (docs/protocol.md §8.6). */
export const MAX_URI_LENGTH = 32 * 1024;

/** One route of the table. */
export interface Route {
  /** e.g. `/v2/presence/sub-key|sub_key/:sub/uuid/:uuid`. */
  readonly pattern: string;
  readonly handler: Handler;
  /** Read and decode the request body: `true` for a publish-style POST, or a rule of its own (App Context PATCH). */
  readonly body?: true | BodyRule;
  /** Leave the request body unread for the handler to stream (the files storage upload, docs/protocol.md §15.3). */
  readonly stream?: boolean;
}

/** How a route other than publish reads its body. */
export interface BodyRule {
  /** Methods that carry a body. */
  readonly methods: readonly string[];
  /** Largest body before and after decompression. */
  readonly maxBytes: number;
  /** The answer to a body that cannot be read (status and body text). */
  readonly refuse: (why: Exclude<BodyFailure, 'aborted'>) => readonly [status: number, body: string];
}

/** The publish routes' rule: room for JSON escapes beyond the 32 KiB message limit; the handler judges the message. */
const PUBLISH_BODY: BodyRule = {
  methods: ['POST'],
  maxBytes: 2 * MAX_MESSAGE_BYTES,
  refuse: (why) =>
    why === 'too-large'
      ? [413, publishError('Request Entity Too Large')]
      : [400, publishError(why === 'bad-encoding' ? 'Invalid Content-Encoding' : 'Invalid UTF-8 in the request body')],
};

const UNIMPLEMENTED: readonly (readonly [prefix: string, what: string])[] = [
  ['/v1/channel-registration/', 'Channel-group namespaces are not implemented by pubkit-server; use ns:group names'],
  ['/v3/objects/', 'Objects (App Context) are not implemented by pubkit-server'],
  ['/v1/history/', 'Message counts are not implemented by pubkit-server; use /v2/history'],
  ['/v1/push/', 'Mobile push is not implemented by pubkit-server'],
  ['/v2/push/', 'Mobile push is not implemented by pubkit-server'],
  ['/history/', 'Legacy history v1 is not implemented by pubkit-server; use /v2/history'],
];

/**
 * The request target as a path: an absolute-form target (`GET http://host/time/0`, RFC 9112 §3.2.2) is what the
 * JS 3.x SDK sends through its `proxy` option, its only way to reach a server off port 80 (docs/protocol.md §1.1).
 */
function originForm(target: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
  if (m === null) return target;
  const rest = target.slice(m[0].length);
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}

/**
 * The path as logged: a revoke names its token in the path (`DELETE /v3/pam/{sub}/grant/{token}`), and a token is
 * a credential, never logged; long paths are cut at 200 characters.
 */
function loggablePath(rawPath: string): string {
  const path = rawPath.replace(/^(\/v3\/pam\/[^/]*\/grant\/).+$/, '$1[token]');
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** Builds the request listener for a route table. */
export function createRouter(routes: readonly Route[], services: Services) {
  const table = new RouteTable(routes);
  const logged = services.logger !== silentLogger;

  return function pubkitRouter(req: IncomingMessage, res: ServerResponse): void {
    const target = req.url ?? '/';
    // An origin-form target (`/…`, every client but the JS 3.x proxy) needs no rewriting.
    const url = target.charCodeAt(0) === SLASH ? target : originForm(target);
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    // The request line is logged at debug level; a silent logger (the default) costs no listener per request.
    if (logged) logRequest(req, res, rawPath, services.logger);
    // A publish whose message alone is too large gets the more useful 413 from its handler (which then applies
    // the 414 itself when the message fits); every other over-long URI is a 414 here.
    if (url.length > MAX_URI_LENGTH && !/^\/(publish|signal)\//.test(url)) {
      req.resume();
      reply(res, 414, serviceError(414, `URI Too Long: ${url.length} bytes; the limit is ${MAX_URI_LENGTH} (32 KiB)`));
      return;
    }
    if (req.method === 'OPTIONS') {
      req.resume();
      reply(res, 200, '');
      return;
    }
    const query = parseQuery(q < 0 ? '' : url.slice(q + 1));
    if (!query) {
      req.resume();
      reply(res, 400, serviceError(400, 'Malformed percent-encoding in the query string'));
      return;
    }
    const found = table.match(rawPath);
    if (found === 'malformed') {
      req.resume();
      reply(res, 400, serviceError(400, 'Malformed percent-encoding in the path'));
      return;
    }
    if (found !== undefined) {
      dispatch(found.route, req, res, rawPath, query, found.params, services);
      return;
    }
    req.resume();
    const what = UNIMPLEMENTED.find(([prefix]) => rawPath.startsWith(prefix))?.[1];
    reply(res, 404, serviceError(404, what ?? `Unknown path ${rawPath.slice(0, 200)}`));
  };
}

const SLASH = 0x2f;

/** Logs the request line, status and duration at debug level once the response is finished. */
function logRequest(req: IncomingMessage, res: ServerResponse, rawPath: string, logger: Logger): void {
  const started = performance.now();
  res.on('finish', () => {
    logger.debug('request', {
      method: req.method,
      path: loggablePath(rawPath),
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
  });
}

/** The 400 for a uuid over PubNub's 92-character limit, in the shape of the service the path belongs to. */
function uuidTooLong(rawPath: string, length: number): string {
  const message = `Invalid UUID: ${length} characters; the limit is ${MAX_NAME_LENGTH}`;
  return rawPath.startsWith('/v2/presence/')
    ? JSON.stringify({ status: 400, error: 1, message, service: 'Presence' })
    : serviceError(400, message);
}

/** The uuid of the query or the path when one is over the limit: its length in characters, else 0. */
function uuidOverLimit(query: Readonly<Record<string, string>>, params: Readonly<Record<string, string>>): number {
  for (const uuid of [query.uuid, params.uuid]) {
    // Length in code units first: the cheap test rejects a 30 KB uuid without walking it.
    if (uuid === undefined || uuid.length <= MAX_NAME_LENGTH) continue;
    const chars = [...uuid].length;
    if (chars > MAX_NAME_LENGTH) return chars;
  }
  return 0;
}

function dispatch(
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  query: Record<string, string>,
  params: Record<string, string>,
  services: Services,
): void {
  // Both uuids fit in the common case: one length test each, no array.
  if ((query.uuid?.length ?? 0) > MAX_NAME_LENGTH || (params.uuid?.length ?? 0) > MAX_NAME_LENGTH) {
    const chars = uuidOverLimit(query, params);
    if (chars > 0) {
      req.resume();
      reply(res, 400, uuidTooLong(rawPath, chars));
      return;
    }
  }
  const method = req.method ?? 'GET';
  const rule = route.body === true ? PUBLISH_BODY : route.body;
  if (rule?.methods.includes(method)) {
    void dispatchWithBody(
      route,
      rule,
      new RoutedExchange(req, res, method, rawPath, query, params, undefined),
      services,
    );
    return;
  }
  if (!route.stream) req.resume();
  run(route, new RoutedExchange(req, res, method, rawPath, query, params, undefined), services);
}

/**
 * Reads and decodes the body within the rule's limit, then runs the handler with it (`ex` is the exchange without
 * its body); a refused body is answered here.
 */
async function dispatchWithBody(route: Route, rule: BodyRule, ex: RoutedExchange, services: Services): Promise<void> {
  const result = await readBody(ex.req, rule.maxBytes);
  if (!result.ok) {
    if (result.why !== 'aborted') {
      const [status, text] = rule.refuse(result.why);
      reply(ex.res, status, text);
    }
    return;
  }
  run(route, ex.withBody(result.text), services);
}

/**
 * Runs the handler. A synchronous handler (or one that answered without awaiting) costs no promise; a failure,
 * thrown or rejected, is a 500 and a log line.
 */
function run(route: Route, ex: Exchange, services: Services): void {
  let pending: void | Promise<void>;
  try {
    pending = route.handler(ex, services);
  } catch (err) {
    failed(ex, services, err);
    return;
  }
  if (pending !== undefined) pending.then(undefined, (err: unknown) => failed(ex, services, err));
}

function failed(ex: Exchange, services: Services, err: unknown): void {
  services.logger.error('handler failed', { path: ex.rawPath, error: String(err) });
  reply(ex.res, 500, serviceError(500, 'Internal Server Error'));
}
