/**
 * `pubnubFeed()`: the `ChannelFeed` of a pubkit client, the one place the SSE relay meets the client's API.
 *
 * - Live: one `subscribe()` handle per stream, with presence. The client multiplexes every handle onto one
 *   long-poll and reference-counts channels, so a thousand open streams cost one upstream connection, and
 *   releasing a handle leaves only the channels no other stream still watches.
 * - Stored: history pages forward from the resume point (`start` exclusive + `reverse`, docs/protocol.md §2.5), at most
 *   `maxResume` messages, so a browser that was away for days cannot make the server page through everything.
 */
import { compareTimetokens, isTimetoken, type Timetoken } from '@pubkit/core';
import type { ChannelFeed, FeedEvent } from './channel-feed.js';
import type { FeedClient } from './client.js';

/** History page size: the service's maximum (docs/protocol.md §5). */
const PAGE = 100;

/** Options of `pubnubFeed`. */
export interface PubnubFeedOptions {
  /** Most stored messages replayed per channel on resume. @default 1000 */
  readonly maxResume?: number | undefined;
}

/** Adapts a client to the relay's `ChannelFeed`. */
export function pubnubFeed(client: FeedClient, options: PubnubFeedOptions = {}): ChannelFeed {
  const maxResume = options.maxResume ?? 1000;
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
        // The client logs a failed leave itself; the stream is gone either way.
        subscription.unsubscribe().catch(() => undefined);
      };
    },

    async since(channel, after) {
      const events: FeedEvent[] = [];
      let cursor: Timetoken = after;
      while (events.length < maxResume) {
        const [page] = await client.history(channel, { start: cursor, reverse: true, count: PAGE, includeToken: true });
        for (const entry of page) {
          const stored = entry as { message?: unknown; timetoken?: unknown };
          const timetoken = stored.timetoken;
          // Only entries after the resume point with a timetoken can carry an SSE id; start is exclusive already,
          // the comparison guards servers that treat it as inclusive.
          if (!isTimetoken(timetoken) || compareTimetokens(timetoken, cursor) <= 0) continue;
          cursor = timetoken;
          events.push({ kind: 'message', channel, timetoken, data: { channel, message: stored.message, timetoken } });
        }
        if (page.length < PAGE) break;
      }
      return events.slice(0, maxResume);
    },
  };
}
