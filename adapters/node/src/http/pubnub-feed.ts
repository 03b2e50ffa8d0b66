/**
 * `pubnubFeed()`: the `ChannelFeed` of a pubkit client, the one place the SSE relay meets the client's API.
 *
 * - Live: one `subscribe()` handle per stream, with presence. The client multiplexes every handle onto one
 *   long-poll and reference-counts channels, so a thousand open streams cost one upstream connection, and
 *   releasing a handle leaves only the channels no other stream still watches.
 * - Stored: the newest messages after the resume point, read by the one catch-up engine (`catch-up.ts`), which
 *   stops at the caller's limit, so a browser that was away for days (or sends `Last-Event-ID: 1`) costs one or a
 *   few pages, never the whole history; what is left out is reported (`more`), not silently skipped.
 */
import { catchUp } from '../catch-up.js';
import type { ChannelFeed, FeedEvent, StoredEvents } from './channel-feed.js';
import type { FeedClient } from './client.js';

/** Where a browser downloads a shared file (the app's `fileRoute`), or undefined to send no URL. */
export type BrowserFileUrl = (file: { channel: string; id: string; name: string }) => string | undefined;

/**
 * Adapts a client to the relay's `ChannelFeed`. File events (docs/protocol.md §15.10) carry `file.url` from
 * `fileUrl`: a URL of the app's own files route, never the client's signed PubNub URL.
 */
export function pubnubFeed(client: FeedClient, fileUrl?: BrowserFileUrl): ChannelFeed {
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
        file: (event, channel, envelope) => {
          const { id, name } = event.file;
          const url = fileUrl?.({ channel, id, name });
          listener.event({
            kind: 'file',
            channel,
            timetoken: envelope.timetoken,
            data: {
              channel,
              message: event.message,
              timetoken: envelope.timetoken,
              publisher: event.publisher,
              file: url === undefined ? { id, name } : { id, name, url },
            },
          });
        },
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
      const { messages, more } = await catchUp(client, { channel, after, limit });
      const events = messages.map(
        (m): FeedEvent => ({
          kind: 'message',
          channel,
          timetoken: m.timetoken,
          data: { channel, message: m.message, timetoken: m.timetoken, publisher: m.uuid },
        }),
      );
      return { events, more };
    },
  };
}
