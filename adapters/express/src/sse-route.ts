/**
 * `sseRoute()`: streams channels' messages and presence to an `EventSource` (`event: message|presence`,
 * `id:` = timetoken). The route logic is `sseHandler` (`@pubkit/node/http`); this file binds it to Express:
 * the `Last-Event-ID` header, a refusal as JSON, and errors to `next(err)`.
 */
import { type SseRouteOptions as HttpSseRouteOptions, nodeExchange, sseHandler } from '@pubkit/node/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Options of `sseRoute`: the shared route options with Express's `Request`. */
export type SseRouteOptions = HttpSseRouteOptions<Request>;

/**
 * Creates the SSE route handler; mount it with `app.get('/events', sseRoute({...}))`. A bad channel name goes to
 * `next(err)` (400 through `pubnubErrorHandler()`) before the stream starts; `null` channels answer 403.
 */
export function sseRoute(options: SseRouteOptions): RequestHandler {
  const handle = sseHandler(options);
  return function pubnubSseRoute(req: Request, res: Response, next: NextFunction): void {
    const exchange = nodeExchange(req, res, {
      lastEventId: req.get('last-event-id'),
      refuse: (answer) => {
        res.status(answer.status).set(answer.headers).json(answer.body);
      },
    });
    handle(req, exchange).catch(next);
  };
}
