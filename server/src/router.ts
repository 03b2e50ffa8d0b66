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
import { decodePathSegment, MAX_MESSAGE_BYTES, MAX_NAME_LENGTH, parseQuery } from '@pubkit/core';
import type { Exchange, Handler, Services } from './exchange.js';
import { publishError, reply, serviceError } from './reply.js';
import { type BodyFailure, readBody } from './request-body.js';

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

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly (readonly [kind: 'param' | 'literal', value: string | readonly string[]])[];
}

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
  const compiled: CompiledRoute[] = routes.map((route) => ({
    route,
    segments: route.pattern
      .split('/')
      .slice(1)
      .map((s) => (s.startsWith(':') ? (['param', s.slice(1)] as const) : (['literal', s.split('|')] as const))),
  }));

  return function pubkitRouter(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const url = originForm(req.url ?? '/');
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    res.on('finish', () => {
      services.logger.debug('request', {
        method: req.method,
        path: loggablePath(rawPath),
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
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
    const raw = rawPath.split('/').slice(1);
    for (const { route, segments } of compiled) {
      if (segments.length !== raw.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < segments.length && matched; i++) {
        const [kind, value] = segments[i]!;
        const segment = raw[i]!;
        if (kind === 'literal') matched = (value as readonly string[]).includes(segment);
        else {
          const decoded = decodePathSegment(segment);
          if (decoded === undefined) {
            req.resume();
            reply(res, 400, serviceError(400, 'Malformed percent-encoding in the path'));
            return;
          }
          params[value as string] = decoded;
        }
      }
      if (!matched) continue;
      void dispatch(route, { req, res, rawPath, query, params }, services);
      return;
    }
    req.resume();
    const what = UNIMPLEMENTED.find(([prefix]) => rawPath.startsWith(prefix))?.[1];
    reply(res, 404, serviceError(404, what ?? `Unknown path ${rawPath.slice(0, 200)}`));
  };
}

interface Routed {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly rawPath: string;
  readonly query: Record<string, string>;
  readonly params: Record<string, string>;
}

/** The 400 for a uuid over PubNub's 92-character limit, in the shape of the service the path belongs to. */
function uuidTooLong(rawPath: string, length: number): string {
  const message = `Invalid UUID: ${length} characters; the limit is ${MAX_NAME_LENGTH}`;
  return rawPath.startsWith('/v2/presence/')
    ? JSON.stringify({ status: 400, error: 1, message, service: 'Presence' })
    : serviceError(400, message);
}

async function dispatch(route: Route, r: Routed, services: Services): Promise<void> {
  for (const uuid of [r.query.uuid, r.params.uuid]) {
    // Length in code units first: the cheap test rejects a 30 KB uuid without walking it.
    if (uuid === undefined || uuid.length <= MAX_NAME_LENGTH) continue;
    const chars = [...uuid].length;
    if (chars <= MAX_NAME_LENGTH) continue;
    r.req.resume();
    reply(r.res, 400, uuidTooLong(r.rawPath, chars));
    return;
  }
  let body: string | undefined;
  const rule = route.body === true ? PUBLISH_BODY : route.body;
  if (rule?.methods.includes(r.req.method ?? '')) {
    const result = await readBody(r.req, rule.maxBytes);
    if (!result.ok) {
      if (result.why !== 'aborted') {
        const [status, text] = rule.refuse(result.why);
        reply(r.res, status, text);
      }
      return;
    }
    body = result.text;
  } else if (!route.stream) {
    r.req.resume();
  }
  const ex: Exchange = {
    ...r,
    method: r.req.method ?? 'GET',
    body,
    reply: (status, text) => reply(r.res, status, text),
  };
  try {
    await route.handler(ex, services);
  } catch (err) {
    services.logger.error('handler failed', { path: r.rawPath, error: String(err) });
    reply(r.res, 500, serviceError(500, 'Internal Server Error'));
  }
}
