/**
 * One subscribe long-poll while the registry serves it: the compact parked record (docs/performance.md §3).
 *
 * Theory of operation
 * -------------------
 * A parked poll is held for as long as its client waits — 10,000 of them on an idle server — so it keeps only what
 * answering it needs: the response, its shared subscription (`subscription-table.ts`), cursor and deadline and the
 * presence uuid. What most polls do not have is kept in one record, made only for a poll that has some of it
 * (`RarePart`): the v1 format, a filter (one predicate per expression), presence rooms of its own (a subscription
 * with groups) and the request itself when Access Manager may refuse it at delivery (a PAM keyset and an unsigned
 * request). Each field a poll does not need costs every parked poll 8 bytes (docs/performance.md §4). Its
 * behaviour is on the prototype: no closure per poll. The response's `close` listener is one shared function that
 * finds the poll through a symbol property of the response, so a client that goes away is forgotten at once (issue
 * 3: "cleaned up").
 */
import type { ServerResponse } from 'node:http';
import type { Exchange, Services } from './exchange.js';
import type { StoredMessage } from './message-queue.js';
import { type PreparedReply, prepareReply, replyPrepared } from './reply.js';
import { v1Body, v2Body } from './subscribe-body.js';
import type { Delivery, Poll } from './subscribe-registry.js';
import { type Source, sourcesOf } from './subscription.js';
import type { SharedSubscription } from './subscription-table.js';

const POLL: unique symbol = Symbol('pubkit.parkedPoll');

interface PollResponse extends ServerResponse {
  [POLL]?: SubscribePoll;
}

/** What most polls lack, kept apart so that they carry no empty field for it (see the file header). */
interface RarePart {
  readonly v1: boolean;
  readonly accept: ((message: StoredMessage) => boolean) | undefined;
  /** Presence rooms when they are not the subscription's `fixedRooms`. */
  readonly rooms: readonly string[] | undefined;
  /** The request, kept only when Access Manager rechecks it before delivery. */
  readonly guard: Exchange | undefined;
}

/** A subscribe request served by the registry: answered at once, or parked until a message, its deadline or a close. */
export class SubscribePoll implements Poll {
  cursor: bigint | undefined;
  deadline = 0;
  readonly #services: Services;
  readonly #res: PollResponse;
  readonly #sub: SharedSubscription;
  /** The presence uuid, or undefined when the request named none. */
  readonly #uuid: string | undefined;
  readonly #rare: RarePart | undefined;

  constructor(
    services: Services,
    ex: Exchange,
    sub: SharedSubscription,
    format: 'v1' | 'v2',
    cursor: bigint | undefined,
    accept: ((message: StoredMessage) => boolean) | undefined,
    uuid: string | undefined,
    rooms: readonly string[],
  ) {
    this.#services = services;
    this.#res = ex.res;
    this.#sub = services.registry.subscriptions.hold(sub);
    this.cursor = cursor;
    this.#uuid = uuid;
    const v1 = format === 'v1';
    const own = rooms === sub.fixedRooms ? undefined : rooms;
    const guard = services.access.mayRefuseLater(ex, sub.target.subKey) ? ex : undefined;
    this.#rare = v1 || accept || own || guard ? { v1, accept, rooms: own, guard } : undefined;
  }

  get accept(): ((message: StoredMessage) => boolean) | undefined {
    return this.#rare?.accept;
  }

  /**
   * The presence rooms: the subscription's, unless this request computed its own. Not a private accessor: V8 marks
   * every instance of a class with private methods (a brand field), 8 bytes per poll.
   */
  presenceRooms(): readonly string[] {
    return this.#rare?.rooms ?? this.#sub.fixedRooms ?? [];
  }

  get keys(): readonly string[] {
    return this.#sub.keys;
  }

  /** Serves the poll; once parked, presence counts the uuid as present and a closed client cancels it. */
  serve(): void {
    const services = this.#services;
    if (!services.registry.serve(this)) return;
    if (this.#uuid !== undefined) services.presence.park(this.#sub.target.subKey, this.#uuid, this.presenceRooms());
    const res = this.#res;
    res[POLL] = this;
    res.on('close', cancelOnClose);
    if (res.destroyed) services.registry.cancel(this);
  }

  sources(): readonly Source[] {
    return this.#sub.fixedSources ?? sourcesOf(this.#sub.target, this.#services.groups, this.#services.table);
  }

  get format(): string {
    return this.#rare?.v1 ? 'v1' : 'v2';
  }

  answer(deliveries: readonly Delivery[], cursor: string): PreparedReply {
    const body = this.#rare?.v1 ? v1Body(deliveries, cursor, this.#sub.routed) : v2Body(deliveries, cursor);
    const prepared = prepareReply(200, body);
    replyPrepared(this.#res, prepared);
    return prepared;
  }

  resend(prepared: PreparedReply): void {
    replyPrepared(this.#res, prepared);
  }

  recheck(): boolean {
    const guard = this.#rare?.guard;
    return guard === undefined || this.#services.access.recheck(guard, this.#sub.need);
  }

  finished(): void {
    if (this.#uuid !== undefined)
      this.#services.presence.unpark(this.#sub.target.subKey, this.#uuid, this.presenceRooms());
    this.#services.registry.subscriptions.release(this.#sub);
  }

  /** The client went away. */
  cancel(): void {
    this.#services.registry.cancel(this);
  }
}

/** The `close` listener of every parked poll's response (`this` is the response). */
function cancelOnClose(this: PollResponse): void {
  this[POLL]?.cancel();
}
