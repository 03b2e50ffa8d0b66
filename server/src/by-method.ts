/**
 * One path, several methods (docs/protocol.md §13.4: `GET` and `DELETE /v3/history/…` share a path): the router
 * matches paths only, so a route whose methods differ dispatches here; any other method is 405.
 */
import type { Handler } from './exchange.js';
import { serviceError } from './reply.js';

/** A handler that picks the handler of the request's method. */
export function byMethod(handlers: Readonly<Record<string, Handler>>): Handler {
  const allowed = Object.keys(handlers).join(', ');
  return function dispatchByMethod(ex, services) {
    const handler = handlers[ex.method];
    if (handler) return handler(ex, services);
    ex.reply(405, serviceError(405, `Method ${ex.method} is not allowed here; use ${allowed}`));
  };
}
