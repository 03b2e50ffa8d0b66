/**
 * `pubnubFeed()`: the `ChannelFeed` of a pubkit client, the one place the SSE relay meets the client's API.
 *
 * - Live: one `subscribe()` handle per stream, with presence. The client multiplexes every handle onto one
 *   long-poll and reference-counts channels, so a thousand open streams cost one upstream connection, and
 *   releasing a handle leaves only the channels no other stream still watches.
 * - Stored: the newest messages after the resume point, paging backward from now (`end` inclusive, `start`
 *   exclusive, docs/protocol.md §2.5) and stopping at the caller's limit, so a browser that was away for days (or
 *   sends `Last-Event-ID: 1`) costs one or a few pages, never the whole history. Newest first because what a
 *   resumed page needs is what leads up to now; what is left out is reported (`more`), not silently skipped.
 */
import { compareTimetokens, isTimetoken, type Timetoken } from '@pubkit/core';
import type { ChannelFeed, FeedEvent, StoredEvents } from './channel-feed.js';
import type { FeedClient } from './client.js';

/** History page size: the service's maximum (docs/protocol.md §5). */
const PAGE = 100;

/** Adapts a client to the relay's `ChannelFeed`. */
export function pubnubFeed(client: FeedClient): ChannelFeed {
  return {
    listen(channels, listener) {
      const subscription = client.subscribe(channels, {
        callback: (message, channel, envelope) =>
          listener.event({
            kind: 'message',
            channel,
            timetoken: envelope.timetoken,
            data: { channel, message, timetoken: envelope.timetoken, publisher: envelope.publisher },
          }),
        presence: (event, channel, envelope) =>
          listener.event({
            kind: 'presence',
            channel,
            timetoken: envelope.timetoken,
            data: { ...event, channel, timetoken: envelope.timetoken },
          }),
        error: (err) => listener.error(err),
      });
      return () => {
        // Called from a response's 'close' handler: a leave that throws or rejects must not become an uncaught
        // exception there. The client logs a failed leave itself; the stream is gone either way.
        try {
          subscription.unsubscribe().catch(() => undefined);
        } catch {
          // nothing left to release on this side
        }
      };
    },

    async since(channel, after, limit): Promise<StoredEvents> {
      // Pages newest first; each page is oldest first within itself.
      const pages: FeedEvent[][] = [];
      let taken = 0;
      let before: Timetoken | undefined;
      let more = false;
      while (taken < limit) {
        const count = Math.min(PAGE, limit - taken);
        const [page] = await client.history(channel, {
          end: after,
          count,
          includeToken: true,
          ...(before !== undefined ? { start: before } : {}),
        });
        const events: FeedEvent[] = [];
        for (const entry of page) {
          const stored = entry as { message?: unknown; timetoken?: unknown };
          const timetoken = stored.timetoken;
          // `end` is inclusive: the message the browser saw last comes back and is not sent again.
          if (!isTimetoken(timetoken) || compareTimetokens(timetoken, after) <= 0) continue;
          events.push({ kind: 'message', channel, timetoken, data: { channel, message: stored.message, timetoken } });
        }
        pages.unshift(events);
        taken += events.length;
        const oldest = events[0]?.timetoken;
        // A short page, or one that reached the resume point, is the last; a full one may have more behind it.
        if (page.length < count || oldest === undefined || events.length < page.length) break;
        before = oldest;
        more = taken >= limit;
      }
      return { events: pages.flat(), more };
    },
  };
}
