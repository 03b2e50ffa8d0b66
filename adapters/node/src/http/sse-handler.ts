/**
 * The SSE route without a framework: ask the app for the channels, refuse (403) or validate them (a bad name is a
 * thrown `PubnubValidationError`, a 400 through the binding's error mapping, before any header goes out), write
 * the event-stream headers, start the relay, and release it when the browser goes away. A binding supplies the
 * `SseExchange`: Node's `req`/`res` pair (`nodeExchange`) plus how its framework refuses and takes over a response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateChannelList } from '@pubkit/core';
import type { HttpAnswer } from './auth-handler.js';
import { FORBIDDEN } from './error-mapping.js';
import { pubnubFeed } from './pubnub-feed.js';
import type { SseRouteOptions } from './route-options.js';
import { type SseSink, startSseRelay } from './sse-relay.js';

/** One request to an SSE route, as the framework-free handler sees it. */
export interface SseExchange {
  /** The browser's `Last-Event-ID` header, if any. */
  readonly lastEventId: string | undefined;
  /** True when the browser went away (while the app's `channels()` ran). */
  gone(): boolean;
  /** Answers with `answer` instead of a stream. */
  refuse(answer: HttpAnswer): void;
  /** Writes the stream's status and headers and returns where events go. */
  start(headers: Readonly<Record<string, string>>): SseSink;
  /** Calls `listener` once when the stream ends (the browser went away, or the server ended it). */
  onClose(listener: () => void): void;
}

/** What a binding adds to Node's `req`/`res` for `nodeExchange`. */
export interface NodeExchangeParts {
  readonly lastEventId: string | undefined;
  refuse(answer: HttpAnswer): void;
  /** Called just before the headers are written: the framework lets go of the response (Koa: `respond = false`). */
  takeOver?(): void;
}

/** The event-stream headers. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // nginx buffers proxied responses unless told not to; an event stream must not be buffered.
  'X-Accel-Buffering': 'no',
};

/** An `SseExchange` over Node's `req`/`res` (what Express, Koa, Fastify and Hono on Node all expose). */
export function nodeExchange(req: IncomingMessage, res: ServerResponse, parts: NodeExchangeParts): SseExchange {
  return {
    lastEventId: parts.lastEventId,
    gone: () => req.destroyed || res.destroyed,
    refuse: parts.refuse,
    start(headers) {
      parts.takeOver?.();
      res.writeHead(200, headers);
      res.flushHeaders();
      return res;
    },
    onClose: (listener) => res.once('close', listener),
  };
}

/**
 * Creates the framework-free SSE handler.
 * @returns a function serving one request; it rejects with `PubnubValidationError` for a bad channel name (before
 *   any header is written) or with whatever the app's `channels()` throws, for the binding's error mapping
 */
export function sseHandler<Req>(options: SseRouteOptions<Req>): (req: Req, exchange: SseExchange) => Promise<void> {
  const feed = pubnubFeed(options.client, options.fileUrl);
  return async (req, exchange) => {
    const channels = await options.channels(req);
    if (channels === null) {
      exchange.refuse({ status: FORBIDDEN.status, headers: { 'Cache-Control': 'no-store' }, body: FORBIDDEN.body });
      return;
    }
    validateChannelList(channels);
    if (exchange.gone()) return;
    const relay = startSseRelay({
      feed,
      channels,
      sink: exchange.start(SSE_HEADERS),
      lastEventId: exchange.lastEventId,
      heartbeatMs: options.heartbeatMs,
      maxBufferedBytes: options.maxBufferedBytes,
      maxResume: options.maxResume,
      maxResumeBytes: options.maxResumeBytes,
    });
    exchange.onClose(relay.close);
  };
}
