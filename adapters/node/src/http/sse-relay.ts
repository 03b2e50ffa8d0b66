/**
 * The SSE relay: one browser stream fed by one upstream subscription. Framework-free: it writes to an `SseSink`
 * (Express's `res`, a Koa body stream) and the route calls `close()` when the browser goes away.
 *
 * Theory of operation:
 * - Live first, then history. The upstream subscription starts at once; when the browser sent `Last-Event-ID`,
 *   live events are held while the stored messages after that timetoken are fetched, then the stored ones are sent
 *   oldest first and the held live ones after them. Starting live first means nothing published during the
 *   history fetch falls between the two.
 * - Each (kind, channel) remembers the newest timetoken it sent and drops anything not newer: a message that is
 *   both in history and in the live stream goes out once, and ids stay increasing per channel.
 * - A resume is bounded (`maxResume` messages, `maxResumeBytes` bytes, the newest kept): a `Last-Event-ID` of 1 on
 *   many streams must not make the server replay its whole history to each (issue 9 item 11). When something was
 *   left out, an `event: gap` says so before the replay, so the page can reload what it shows.
 * - A browser that reads too slowly is cut off once `maxBufferedBytes` wait in the socket: it reconnects with its
 *   `Last-Event-ID` and catches up from history, which is cheaper than holding an unbounded queue here.
 * - `close()` is idempotent and releases everything this relay holds: the subscription and the heartbeat timer.
 */
import { compareTimetokens, isTimetoken, type Timetoken } from '@pubkit/core';
import type { ChannelFeed, FeedEvent } from './channel-feed.js';
import { toHttpError } from './error-mapping.js';
import { sseComment, sseEvent } from './sse-frame.js';

/** Where the relay writes. `res` of `node:http` and a `PassThrough` both fit. */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  readonly writableLength: number;
}

/** Options of `startSseRelay`. */
export interface SseRelayOptions {
  readonly feed: ChannelFeed;
  readonly channels: readonly string[];
  readonly sink: SseSink;
  /** The browser's `Last-Event-ID` header; anything that is not a timetoken is ignored. */
  readonly lastEventId?: string | undefined;
  /** Interval of the comment heartbeat. @default 15_000 */
  readonly heartbeatMs?: number | undefined;
  /** Bytes allowed to wait in the socket before a slow browser is cut off. @default 1_048_576 */
  readonly maxBufferedBytes?: number | undefined;
  /**
   * Most stored messages one `Last-Event-ID` resume replays, over all its channels (the newest ones). @default 100
   */
  readonly maxResume?: number | undefined;
  /** Most bytes of events one resume replays (the newest that fit). @default 262_144 (256 KiB) */
  readonly maxResumeBytes?: number | undefined;
}

/** Default of `maxResume`: one history page. */
export const DEFAULT_MAX_RESUME = 100;
/** Default of `maxResumeBytes`. */
export const DEFAULT_MAX_RESUME_BYTES = 256 * 1024;

/** A running relay. */
export interface SseRelay {
  /** Stops the relay: releases the subscription, clears the heartbeat, ends the stream. Idempotent. */
  close(): void;
  /** Resolves once replay from `Last-Event-ID` is done (at once when there was none). For tests and logs. */
  readonly replayed: Promise<void>;
}

/** Errors after which the stream cannot recover by itself: the app must change grants or channels. */
const FATAL = new Set(['PN_ACCESS_DENIED', 'PN_VALIDATION']);

/** Starts relaying `channels` to `sink`. Never throws: upstream failures are sent as `event: failure`. */
export function startSseRelay(options: SseRelayOptions): SseRelay {
  const { feed, channels, sink } = options;
  const maxBuffered = options.maxBufferedBytes ?? 1_048_576;
  const resumeFrom = isTimetoken(options.lastEventId) ? options.lastEventId : undefined;
  const newest = new Map<string, bigint>();
  let held: FeedEvent[] | undefined = resumeFrom === undefined ? undefined : [];
  let closed = false;

  const write = (chunk: string): void => {
    if (closed) return;
    sink.write(chunk);
    if (sink.writableLength > maxBuffered) close();
  };
  const send = (event: FeedEvent): void => {
    const key = `${event.kind}\u0000${event.channel}`;
    const tt = BigInt(event.timetoken);
    const last = newest.get(key);
    if (last !== undefined && tt <= last) return;
    newest.set(key, tt);
    write(sseEvent(event.kind, event.timetoken, event.data));
  };
  const fail = (err: unknown): void => {
    const answer = toHttpError(err);
    const code = answer?.body.error.code ?? 'PN_ERROR';
    write(sseEvent('failure', undefined, answer?.body.error ?? { code, message: 'upstream failure' }));
    if (FATAL.has(code)) close();
  };

  write(sseComment('connected'));
  const heartbeat = setInterval(() => write(sseComment('heartbeat')), options.heartbeatMs ?? 15_000);
  // unref: an open browser stream must not keep a shutting-down process alive on its own.
  heartbeat.unref();
  let release: (() => void) | undefined;
  try {
    release = feed.listen(channels, {
      event: (event) => (held === undefined ? send(event) : held.push(event)),
      error: fail,
    });
  } catch (err) {
    fail(err);
  }

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    held = undefined;
    const releasing = release;
    release = undefined;
    // close() runs in a response's 'close' handler: a feed whose release throws must not make that uncaught.
    try {
      releasing?.();
    } catch {
      // the stream is gone either way
    }
    sink.end();
  }

  const replayed = resumeFrom === undefined ? Promise.resolve() : replay(resumeFrom);
  async function replay(after: Timetoken): Promise<void> {
    try {
      const limit = options.maxResume ?? DEFAULT_MAX_RESUME;
      const pages = await Promise.all(channels.map((channel) => feed.since(channel, after, limit)));
      const stored = pages.flatMap((p) => p.events).sort((a, b) => compareTimetokens(a.timetoken, b.timetoken));
      const kept = newestWithin(stored.slice(-limit), options.maxResumeBytes ?? DEFAULT_MAX_RESUME_BYTES);
      if (closed) return;
      if (kept.length < stored.length || pages.some((p) => p.more)) {
        write(sseEvent('gap', undefined, { reason: 'resume-limit', replayed: kept.length }));
      }
      for (const event of kept) send(event);
    } catch (err) {
      fail(err);
    }
    const live = held ?? [];
    held = undefined;
    for (const event of live) send(event);
  }

  return { close, replayed };
}

/** The newest events whose frames fit in `maxBytes`, oldest first. */
function newestWithin(events: readonly FeedEvent[], maxBytes: number): FeedEvent[] {
  let bytes = 0;
  let first = events.length;
  while (first > 0) {
    const event = events[first - 1]!;
    const size = Buffer.byteLength(sseEvent(event.kind, event.timetoken, event.data));
    if (bytes + size > maxBytes) break;
    bytes += size;
    first -= 1;
  }
  return events.slice(first);
}
