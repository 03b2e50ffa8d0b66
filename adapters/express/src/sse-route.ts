/**
 * `sseRoute()`: streams channels' messages and presence to an `EventSource` (`event: message|presence`,
 * `id:` = timetoken). The relay (`startSseRelay`) does the work; this file fits it to Express: headers, the
 * `Last-Event-ID` header, and releasing the relay when the browser goes away (`res` 'close').
 */

import { validateChannelList } from '@pubkit/core';
import { type FeedClient, FORBIDDEN, pubnubFeed, startSseRelay } from '@pubkit/node/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Options of `sseRoute`. */
export interface SseRouteOptions {
  /** The shared client; it subscribes once per open stream and unsubscribes when the browser goes away. */
  readonly client: FeedClient;
  /** The channels this request may watch, or `null` to answer 403. May be async. */
  readonly channels: (req: Request) => readonly string[] | null | Promise<readonly string[] | null>;
  /** Interval of the comment heartbeat, in ms. @default 15_000 */
  readonly heartbeatMs?: number | undefined;
  /** Bytes allowed to wait for a slow browser before its stream is cut (it then resumes). @default 1_048_576 */
  readonly maxBufferedBytes?: number | undefined;
  /** Most stored messages one `Last-Event-ID` resume replays, over all channels (the newest). @default 100 */
  readonly maxResume?: number | undefined;
  /** Most bytes one resume replays. @default 262_144 (256 KiB) */
  readonly maxResumeBytes?: number | undefined;
}

/** Creates the SSE route handler; mount it with `app.get('/events', sseRoute({...}))`. */
export function sseRoute(options: SseRouteOptions): RequestHandler {
  const feed = pubnubFeed(options.client);
  return function pubnubSseRoute(req: Request, res: Response, next: NextFunction): void {
    open(req, res).catch(next);
  };

  async function open(req: Request, res: Response): Promise<void> {
    const channels = await options.channels(req);
    if (channels === null) {
      res.status(FORBIDDEN.status).set('Cache-Control', 'no-store').json(FORBIDDEN.body);
      return;
    }
    // Checked before the headers go out, so a bad name is a 400 answer rather than a broken stream.
    validateChannelList(channels);
    // The browser may have gone while `channels()` ran: then there is nothing to open.
    if (res.destroyed || req.destroyed) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx buffers proxied responses unless told not to; an event stream must not be buffered.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const relay = startSseRelay({
      feed,
      channels,
      sink: res,
      lastEventId: req.get('last-event-id'),
      heartbeatMs: options.heartbeatMs,
      maxBufferedBytes: options.maxBufferedBytes,
      maxResume: options.maxResume,
      maxResumeBytes: options.maxResumeBytes,
    });
    res.once('close', relay.close);
  }
}
