/**
 * The faults admin route, served only when the server was started with faults (`startServer({ faults })` or
 * `--faults FILE`; server/README.md "Faults"), so a test driving a server in another process can change its
 * faults at run time. Never on by default: without the option `/pubkit/faults` is an ordinary 404.
 *
 *   GET    /pubkit/faults            → 200 {"seed":1,"rules":[{"id","rule","seen","fired"}…],"counts":{…}}
 *   POST   /pubkit/faults            body: a rule, an array of rules → 200 {"ids":["f3",…]}; 400 naming the field
 *   DELETE /pubkit/faults            → 200 {"removed":n}   (every rule)
 *   DELETE /pubkit/faults/{id}       → 200 {"removed":1}, 404 when unknown
 *   POST   /pubkit/faults/restart[?downMs=n] → the connection is dropped, as by a `restart` rule
 *
 * Requests to this route are never faulted themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { reply, serviceError } from '../reply.js';
import { readBody } from '../request-body.js';
import type { FaultInjector } from './fault-injector.js';
import { FaultRuleError } from './fault-rules.js';

/** The admin route's path prefix. */
export const FAULTS_ADMIN_PATH = '/pubkit/faults';

const SERVICE = 'pubkit-faults';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** A listener that serves the admin route and passes every other request to `next`. */
export function withFaultsAdmin(faults: FaultInjector, next: Listener): Listener {
  return (req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(FAULTS_ADMIN_PATH)) {
      next(req, res);
      return;
    }
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== FAULTS_ADMIN_PATH && !path.startsWith(`${FAULTS_ADMIN_PATH}/`)) {
      next(req, res);
      return;
    }
    faultsAdmin(faults, req, res, path, q < 0 ? '' : url.slice(q + 1)).catch(() => {
      reply(res, 500, serviceError(500, 'Internal Server Error', SERVICE));
    });
  };
}

/** Answers one admin request. */
async function faultsAdmin(
  faults: FaultInjector,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: string,
): Promise<void> {
  const rest = path.slice(FAULTS_ADMIN_PATH.length);
  const method = req.method ?? 'GET';
  if (rest === '' && method === 'GET') {
    req.resume();
    reply(res, 200, JSON.stringify({ seed: faults.seed, rules: faults.list(), counts: faults.counts() }));
  } else if (rest === '' && method === 'POST') {
    const body = await readBody(req, 256 * 1024);
    if (!body.ok) {
      reply(res, 400, serviceError(400, `Unreadable body (${body.why})`, SERVICE));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      reply(res, 400, serviceError(400, 'The body must be JSON: a rule or an array of rules', SERVICE));
      return;
    }
    try {
      reply(res, 200, JSON.stringify({ ids: faults.add(parsed as never) }));
    } catch (err) {
      if (!(err instanceof FaultRuleError)) throw err;
      reply(res, 400, serviceError(400, err.message, SERVICE));
    }
  } else if (rest === '' && method === 'DELETE') {
    req.resume();
    const removed = faults.list().length;
    faults.clear();
    reply(res, 200, JSON.stringify({ removed }));
  } else if (rest === '/restart' && method === 'POST') {
    req.resume();
    const downMs = Number(new URLSearchParams(query).get('downMs') ?? 1000);
    if (!Number.isInteger(downMs) || downMs < 0 || downMs > 600_000) {
      reply(res, 400, serviceError(400, 'downMs must be a whole number of milliseconds up to 600000', SERVICE));
      return;
    }
    faults.restart(downMs);
  } else if (rest.startsWith('/') && method === 'DELETE') {
    req.resume();
    const removed = faults.remove(rest.slice(1));
    reply(res, removed ? 200 : 404, removed ? '{"removed":1}' : serviceError(404, 'No such fault rule', SERVICE));
  } else {
    req.resume();
    reply(res, 405, serviceError(405, `${method} ${path} is not a faults admin request`, SERVICE));
  }
}
