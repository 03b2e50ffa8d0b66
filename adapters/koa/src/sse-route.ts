/**
 * `sseRoute()`: streams channels' messages and presence to an `EventSource`, as Koa middleware. The route logic is
 * `sseHandler` (`@pubkit/node/http`); this file binds it to Koa: `path`, the `Last-Event-ID` header, a refusal on
 * `ctx`, and taking the response over from Koa.
 *
 * Why `ctx.respond = false` rather than a stream as `ctx.body`: Koa pipes a body stream with `stream.pipeline`,
 * which reports every browser that closes its tab as an `ERR_STREAM_PREMATURE_CLOSE` error on the app. For an
 * event stream that is the normal way to end, not an error.
 */
import { type SseRouteOptions as HttpSseRouteOptions, nodeExchange, sseHandler } from '@pubkit/node/http';
import type Koa from 'koa';

/** Options of `sseRoute`: the shared route options with Koa's `Context`, and `path`. */
export interface SseRouteOptions extends HttpSseRouteOptions<Koa.Context> {
  /** Answer only this path (any other request goes on to `next`); without it, answer every request. */
  readonly path?: string | undefined;
}

/**
 * Creates the SSE route middleware. A bad channel name is thrown (400 through `pubnubErrors()`) before the stream
 * starts; `null` channels answer 403.
 */
export function sseRoute(options: SseRouteOptions): Koa.Middleware {
  const handle = sseHandler(options);
  return async function pubnubSseRoute(ctx, next) {
    if (options.path !== undefined && ctx.path !== options.path) return next();
    const exchange = nodeExchange(ctx.req, ctx.res, {
      lastEventId: ctx.get('last-event-id') || undefined,
      refuse: (answer) => {
        ctx.status = answer.status;
        ctx.set(answer.headers);
        ctx.body = answer.body;
      },
      takeOver: () => {
        ctx.status = 200;
        ctx.respond = false;
        quietWhenGone(ctx);
      },
    });
    await handle(ctx, exchange);
  };
}

/** How a socket fails when the browser goes away (a closed tab, a reload): the normal end of an event stream. */
const GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Koa watches every response's socket and emits its errors on the app, where the default handler prints them.
 * For a stream the browser ends, marking the error `expose` keeps it from being printed as an application error;
 * prepended, so the mark is there before Koa's own listener sees the error.
 */
function quietWhenGone(ctx: Koa.Context): void {
  const socket = ctx.req.socket;
  const mark = (err: Error & { code?: string; expose?: boolean }): void => {
    if (err.code !== undefined && GONE.has(err.code)) err.expose = true;
  };
  socket.prependListener('error', mark);
  // Removed when the socket closes, which comes after its 'error'; the response's 'close' may come before it.
  socket.once('close', () => socket.off('error', mark));
}
