/**
 * Views (docs/architecture.md §6): `client.view({ authKey, uuid })` is a `Pubnub` that shares its client's runtime (pool,
 * config, cipher, timers) under its own identity. This file holds what makes one and what ties it to its client:
 *
 * - `viewIdentity`: a view inherits the identity of the client (or view) it was made from, field by field.
 * - `ViewSeed`: the private constructor argument that tells `new Pubnub()` "be a view of this runtime". It is not
 *   exported from the package, so users can only make views through `view()`, which validates.
 * - `ViewFamily`: the views of one client that hold subscriptions. Closing the client closes them first, so their
 *   leaves go out while the pool is still open; a view that closes on its own leaves the family.
 */
import { decodeToken, type RequestContext, validateUuid } from '@pubkit/core';
import type { ClientRuntime, Identity } from './runtime.js';

/** Identity overrides of a view. */
export interface ViewOptions {
  /** The auth key this view sends; `''` sends none. @default the client's */
  readonly authKey?: string | undefined;
  /** An Access Manager v3 token this view sends as `auth` (in place of `authKey`). @default the client's */
  readonly token?: string | undefined;
  /** The uuid this view sends. @default the client's */
  readonly uuid?: string | undefined;
}

/** A member of a family: anything that can be closed (a `Pubnub` view). */
interface Closable {
  close(): Promise<void>;
}

/** The views of one client that hold subscriptions, and whether the client has started closing. */
export class ViewFamily {
  readonly #members = new Set<Closable>();
  #closing = false;

  /** True once the client (the family's root) started closing: no new view may be made. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Called when a view subscribes: from then on, closing the client closes it. */
  join(view: Closable): void {
    this.#members.add(view);
  }

  /** Called when a view closes on its own. */
  leave(view: Closable): void {
    this.#members.delete(view);
  }

  /** Closes every member (the client is closing). */
  closeAll(): Promise<void>[] {
    this.#closing = true;
    return [...this.#members].map((view) => view.close());
  }
}

/** How a view is made: the shared runtime, its identity and its client's family. Not exported from the package. */
export class ViewSeed {
  constructor(
    readonly runtime: ClientRuntime,
    readonly identity: Identity,
    readonly family: ViewFamily,
  ) {}
}

/**
 * The identity of a view made from `parent` with `options`: each field the options leave out is the parent's.
 * @throws PubnubValidationError for a bad uuid; PubnubTokenError for a `token` that is not a token
 */
export function viewIdentity(parent: RequestContext, options: ViewOptions): Identity {
  // A token travels as `auth`, like an auth key; it is checked here so a bad one fails at view(), not per request.
  if (options.token !== undefined) decodeToken(options.token);
  const authKey = options.token ?? options.authKey;
  return {
    uuid: options.uuid === undefined ? parent.uuid : validateUuid(options.uuid),
    authKey: authKey === undefined ? parent.authKey : authKey === '' ? undefined : authKey,
  };
}
