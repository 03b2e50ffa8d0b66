/**
 * What this package uses of `@pubkit/node`'s client, as small structural interfaces. Why structural: the
 * middleware and routes only need these few members, tests can hand in a tiny fake, and a client from another
 * copy of `@pubkit/node` (two versions in one tree) still fits.
 */

/** Identity of a per-request view. */
export interface ViewOptions {
  /** Auth key sent with the view's requests (PAM). @default the client's */
  readonly authKey?: string | undefined;
  /** uuid of the view's requests (presence). @default the client's */
  readonly uuid?: string | undefined;
}

/** A client that can make cheap per-request views of itself. */
export interface ViewFactory<V> {
  view(options: ViewOptions): V;
}

/** What the auth route needs: grant, and the keys and origin to tell the browser. */
export interface GrantingClient {
  grant(options: {
    readonly channel: readonly string[];
    readonly authKey: string;
    readonly read: boolean;
    readonly write: boolean;
    readonly ttl: number;
  }): Promise<unknown>;
  readonly config: { readonly origin: string; readonly subscribeKey: string; readonly publishKey: string };
}

/**
 * Placeholder for `@pubkit/node`'s view type until that package exports it.
 * @internal
 */
export type PubnubView = object;

/** What the SSE feed needs: subscribe with presence, and history pages with timetokens. */
export interface FeedClient {
  subscribe(
    channels: readonly string[],
    options: {
      readonly callback: (
        message: unknown,
        channel: string,
        envelope: { readonly timetoken: string; readonly publisher?: string },
      ) => void;
      readonly presence: (
        event: Readonly<Record<string, unknown>>,
        channel: string,
        envelope: { readonly timetoken: string },
      ) => void;
      readonly error: (err: Error) => void;
    },
  ): { unsubscribe(): Promise<void> };
  history(
    channel: string,
    options: { readonly start: string; readonly reverse: true; readonly count: number; readonly includeToken: true },
  ): Promise<readonly [readonly unknown[], string, string]>;
}
