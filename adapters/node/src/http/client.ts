/**
 * What the HTTP adapters use of `Pubnub`, named once. A middleware takes any `ViewFactory`, so a test or a wrapper
 * can hand in something smaller than a whole client; the routes take the members they call.
 */
import type { ViewOptions } from '../client-view.js';
import type { Pubnub } from '../pubnub.js';

export type { ViewOptions } from '../client-view.js';

/** A per-request view: the whole client API with this request's auth key and uuid (`client.view()`). */
export type PubnubView = Pubnub;

/** A client that can make cheap per-request views of itself. */
export interface ViewFactory<V> {
  view(options: ViewOptions): V;
}

/** What the SSE feed calls: `subscribe` (with presence) and `iterateHistory` (the catch-up engine's reader). */
export type FeedClient = Pick<Pubnub, 'subscribe' | 'iterateHistory'>;

/**
 * What the auth route calls: `grant` (or `grantToken` in token mode), plus the origin and keys it tells the browser. A `Pubnub` (or a view)
 * exposes `subscribeKey` and `publishKey`; they stay optional here so a smaller stand-in without them still fits,
 * and then the route's `keys` option supplies them.
 */
export type GrantingClient = Pick<Pubnub, 'grant' | 'origin'> & {
  readonly subscribeKey?: string | undefined;
  readonly publishKey?: string | undefined;
  /** Needed by the auth route's token mode (a `Pubnub` has it). */
  readonly grantToken?: Pubnub['grantToken'] | undefined;
};
