/**
 * `sseRoute()`: streams channels' messages and presence to an `EventSource`, as Koa middleware. The relay
 * (`startSseRelay`) writes to `ctx.res`; when the browser goes away, `ctx.res` closes and the relay releases its
 * subscription and timer.
 *
 * Why `ctx.respond = false` rather than a stream as `ctx.body`: Koa pipes a body stream with `stream.pipeline`,
 * which reports every browser that closes its tab as an `ERR_STREAM_PREMATURE_CLOSE` error on the app. For an
 * event stream that is the normal way to end, not an error.
 */

import { validateChannelList } from '@pubkit/core';
import { type FeedClient, FORBIDDEN, pubnubFeed, startSseRelay } from '@pubkit/node/http';
import type Koa from 'koa';

/** Options of `sseRoute`. */
export interface SseRouteOptions {
  /** The shared client; it subscribes once per open stream and unsubscribes when the browser goes away. */
  readonly client: FeedClient;
  /** The channels this request may watch, or `null` to answer 403. May be async. */
  readonly channels: (ctx: Koa.Context) => readonly string[] | null | Promise<readonly string[] | null>;
  /** Answer only this path (any other request goes on to `next`); without it, answer every request. */
  readonly path?: string | undefined;
  /** Interval of the comment heartbeat, in ms. @default 15_000 */
  readonly heartbeatMs?: number | undefined;
  /** Bytes allowed to wait for a slow browser before its stream is cut (it then resumes). @default 1_048_576 */
  readonly maxBufferedBytes?: number | undefined;
  /** Most stored messages one `Last-Event-ID` resume replays, over all channels (the newest). @default 100 */
  readonly maxResume?: number | undefined;
  /** Most bytes one resume replays. @default 262_144 (256 KiB) */
  readonly maxResumeBytes?: number | undefined;
}

/** Creates the SSE route middleware. */
export function sseRoute(options: SseRouteOptions): Koa.Middleware {
  const feed = pubnubFeed(options.client);
  return async function pubnubSseRoute(ctx, next) {
    if (options.path !== undefined && ctx.path !== options.path) return next();
    const channels = await options.channels(ctx);
    if (channels === null) {
      ctx.status = FORBIDDEN.status;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = FORBIDDEN.body;
      return;
    }
    // Checked before the stream starts, so a bad name is a 400 answer rather than a broken stream.
    validateChannelList(channels);
    // The browser may have gone while `channels()` ran: then there is nothing to open.
    if (ctx.req.destroyed || ctx.res.destroyed) return;
    ctx.status = 200;
    ctx.respond = false;
    quietWhenGone(ctx);
    ctx.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx buffers proxied responses unless told not to; an event stream must not be buffered.
      'X-Accel-Buffering': 'no',
    });
    ctx.res.flushHeaders();
    const relay = startSseRelay({
      feed,
      channels,
      sink: ctx.res,
      lastEventId: ctx.get('last-event-id') || undefined,
      heartbeatMs: options.heartbeatMs,
      maxBufferedBytes: options.maxBufferedBytes,
      maxResume: options.maxResume,
      maxResumeBytes: options.maxResumeBytes,
    });
    ctx.res.once('close', relay.close);
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
