/**
 * `sseRoute()`: streams channels' messages and presence to an `EventSource`, as Koa middleware. The relay
 * (`startSseRelay`) writes into a `PassThrough` that becomes `ctx.body`; Koa pipes it to the socket and, when the
 * browser goes away, `ctx.res` closes and the relay releases its subscription and timer.
 */
import { PassThrough } from 'node:stream';
import { validateChannelList } from '@pubkit/core';
import type Koa from 'koa';
import type { FeedClient } from './client.js';
import { FORBIDDEN } from './error-mapping.js';
import { pubnubFeed } from './pubnub-feed.js';
import { startSseRelay } from './sse-relay.js';

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
    const stream = new PassThrough();
    ctx.status = 200;
    ctx.type = 'text/event-stream; charset=utf-8';
    ctx.set({ 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    ctx.body = stream;
    const relay = startSseRelay({
      feed,
      channels,
      sink: stream,
      lastEventId: ctx.get('last-event-id') || undefined,
      heartbeatMs: options.heartbeatMs,
      maxBufferedBytes: options.maxBufferedBytes,
    });
    ctx.res.once('close', relay.close);
  };
}
