/**
 * The long-poll registry: subscribe requests waiting for messages (docs/protocol.md §2.3, §2.4, §8.2).
 *
 * Theory of operation
 * -------------------
 * A subscribe request names channel keys and a cursor. `serve` answers it at once when it is a handshake (no
 * cursor: answer with a fresh token and no messages, quirk 2) or when the catch-up queues already hold messages
 * after the cursor (quirk 18). Otherwise the request is parked: indexed under each of its channel keys, with a
 * deadline. Exactly one of three things then finishes it, and finishing removes it from every index first:
 *
 *   - `changed(keys)` after a publish that reaches it: it is answered with the messages after its cursor (with a
 *     filter, only once the filter lets one through; until then it keeps waiting with its cursor moved on) —
 *     after `recheck`, so a read permission revoked while it waited is refused (403) rather than delivered;
 *   - its deadline passes: it is answered with no messages and a cursor no older than the last token issued;
 *   - `cancel` when the client went away (the socket closed): nothing is written.
 *
 * `closeAll` answers every parked request empty (server shutdown). A batch holds at most 100 messages, merged
 * across sources (channels, group members, pattern matches; `subscription.ts`) in token order; the returned cursor
 * is the token of the last message examined — the last delivered, or a later one the subscriber's filter refused —
 * so a client that got a truncated batch resumes exactly after it and nothing is skipped or repeated.
 */
import type { ChannelTable } from './channel-table.js';
import type { StoredMessage } from './message-queue.js';
import type { Source } from './subscription.js';
import type { TimetokenSource } from './timetoken-source.js';

/** Most messages in one subscribe response. */
export const MAX_BATCH = 100;
/** Most messages one answer looks at per channel when a filter may drop some (bounds the work of one poll). */
export const MAX_SCAN = 1_000;

/** A message and the subscription name it was delivered through (`b`). */
export interface Delivery {
  readonly message: StoredMessage;
  readonly match: string;
}

/** How a finished request is answered. `cursor` is the timetoken text for `t.t` / element 1. */
export type Answer = (deliveries: readonly Delivery[], cursor: string) => void;

/** A subscribe request as the registry sees it. */
export interface SubscribeRequest {
  /** Watch keys (see `subscription.ts`): a publish that wakes one of them answers the request. */
  readonly keys: readonly string[];
  /** Where messages are read from, expanded when the request is answered (groups change while it waits). */
  readonly sources: () => readonly Source[];
  /** Resume after this token; undefined for a handshake. */
  readonly cursor: bigint | undefined;
  /** The subscriber's filter: a message it refuses is skipped (never presence events). */
  readonly accept?: ((message: StoredMessage) => boolean) | undefined;
  readonly answer: Answer;
  /**
   * Asked before a parked request is answered: false means the request may no longer read (a revoked grant, issue 9
   * item 13) and has been answered with the refusal instead; nothing is delivered.
   */
  readonly recheck?: (() => boolean) | undefined;
  /** Called once when the request stops waiting, however it ends (presence uses it to unpark the uuid). */
  readonly finished?: (() => void) | undefined;
}

/** A parked request. */
export interface ParkedRequest {
  readonly request: SubscribeRequest;
  /** Resume point; moves past messages the filter refused while the request waits. */
  cursor: bigint;
  /** When it is answered empty (`performance.now()` ms). */
  readonly deadline: number;
}

/** What `collect` found: the deliveries, and the token up to which every message was looked at. */
export interface Collected {
  readonly deliveries: Delivery[];
  /** The last message examined (delivered or refused by the filter), or undefined when none was. */
  readonly through: StoredMessage | undefined;
}

const PRESENCE_CHANNEL = /-pnpres$/;

/** Parks, wakes and times out subscribe long-polls. */
export class SubscribeRegistry {
  readonly #byKey = new Map<string, Set<ParkedRequest>>();
  readonly #parked = new Set<ParkedRequest>();
  readonly #table: ChannelTable;
  readonly #tokens: TimetokenSource;
  readonly #nowMs: () => number;
  readonly #pollTimeoutMs: number;
  /**
   * One timer for every parked request, not one each (docs/performance.md §3): every poll waits the same
   * `pollTimeoutMs`, so deadlines grow in parking order, which is `#parked`'s (a Set iterates in insertion order).
   * The timer is armed for the oldest deadline; when it fires, the due requests are at the front.
   */
  #timer: NodeJS.Timeout | undefined;

  constructor(table: ChannelTable, tokens: TimetokenSource, nowMs: () => number, pollTimeoutMs: number) {
    this.#table = table;
    this.#tokens = tokens;
    this.#nowMs = nowMs;
    this.#pollTimeoutMs = pollTimeoutMs;
  }

  /** Number of parked requests. */
  get parked(): number {
    return this.#parked.size;
  }

  /** Answers now or parks; returns the parked handle (for `cancel`) or undefined when answered. */
  serve(request: SubscribeRequest): ParkedRequest | undefined {
    if (request.cursor === undefined) {
      request.answer([], this.#tokens.next().text);
      request.finished?.();
      return undefined;
    }
    const ready = this.collect(request.sources(), request.cursor, request.accept);
    if (ready.deliveries.length > 0) {
      request.answer(ready.deliveries, cursorAfter(ready));
      request.finished?.();
      return undefined;
    }
    const deadline = performance.now() + this.#pollTimeoutMs;
    const parked: ParkedRequest = { request, cursor: ready.through?.tt ?? request.cursor, deadline };
    this.#parked.add(parked);
    if (this.#timer === undefined) this.#arm(deadline);
    for (const key of request.keys) {
      let set = this.#byKey.get(key);
      if (!set) {
        set = new Set();
        this.#byKey.set(key, set);
      }
      set.add(parked);
    }
    return parked;
  }

  /** Messages were appended under watch keys `keys`: answer everything parked on them. */
  changed(keys: readonly string[]): void {
    for (const key of keys) {
      const set = this.#byKey.get(key);
      if (!set) continue;
      for (const parked of [...set]) this.wake(parked);
    }
  }

  /** The client went away: forget the request without answering. */
  cancel(parked: ParkedRequest): void {
    this.finish(parked, false);
  }

  /** Answers every parked request (shutdown). */
  closeAll(): void {
    for (const parked of [...this.#parked]) this.finish(parked, true);
  }

  /**
   * Up to `MAX_BATCH` deliveries after `cursor` from `sources`, merged in token order, skipping what `accept`
   * refuses. Each source is read up to `MAX_SCAN` messages (`MAX_BATCH` without a filter); past the first source
   * that had more, nothing is looked at, so no message is ever skipped unexamined.
   */
  collect(sources: readonly Source[], cursor: bigint, accept?: (m: StoredMessage) => boolean): Collected {
    const nowMs = this.#nowMs();
    const limit = accept ? MAX_SCAN : MAX_BATCH;
    let pool: Delivery[] = [];
    let lists = 0;
    let horizon: bigint | undefined;
    for (const { key, match } of sources) {
      const found = this.#table.read(key, (b) => b.queue.after(cursor, nowMs, limit));
      if (!found || found.length === 0) continue;
      if (found.length === limit) {
        const last = found[found.length - 1]!.tt;
        if (horizon === undefined || last < horizon) horizon = last;
      }
      const tagged = found.map((message) => ({ message, match }));
      pool = lists === 0 ? tagged : pool.concat(tagged);
      lists++;
    }
    if (lists > 1) pool.sort((a, b) => (a.message.tt < b.message.tt ? -1 : a.message.tt > b.message.tt ? 1 : 0));
    const deliveries: Delivery[] = [];
    let through: StoredMessage | undefined;
    for (const d of pool) {
      if (horizon !== undefined && d.message.tt > horizon) break;
      through = d.message;
      if (accept && !PRESENCE_CHANNEL.test(d.message.channel) && !accept(d.message)) continue;
      deliveries.push(d);
      if (deliveries.length === MAX_BATCH) break;
    }
    return { deliveries, through };
  }

  /**
   * A publish touched a parked request. Without a filter it is answered. With one, it is answered only when the
   * filter lets something through; otherwise it keeps waiting, its cursor moved past what the filter refused.
   */
  private wake(parked: ParkedRequest): void {
    if (!parked.request.accept) {
      this.finish(parked, true);
      return;
    }
    const found = this.collect(parked.request.sources(), parked.cursor, parked.request.accept);
    if (found.deliveries.length > 0) this.finish(parked, true, found);
    else if (found.through) parked.cursor = found.through.tt;
  }

  #arm(deadline: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, deadline - performance.now()));
  }

  /** Answers every request whose deadline passed (the front of `#parked`), then re-arms for the next one. */
  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (const parked of this.#parked) {
      // Timers may fire a little early (ms rounding): within 1 ms counts as due, as it did with one timer each.
      if (parked.deadline > now + 1) {
        if (this.#timer === undefined) this.#arm(parked.deadline);
        return;
      }
      this.finish(parked, true);
    }
  }

  private finish(parked: ParkedRequest, answer: boolean, collected?: Collected): void {
    if (!this.#parked.delete(parked)) return;
    if (this.#parked.size === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    for (const key of parked.request.keys) {
      const set = this.#byKey.get(key);
      if (!set) continue;
      set.delete(parked);
      if (set.size === 0) this.#byKey.delete(key);
    }
    if (answer && (parked.request.recheck?.() ?? true)) {
      const found = collected ?? this.collect(parked.request.sources(), parked.cursor, parked.request.accept);
      if (found.deliveries.length > 0) parked.request.answer(found.deliveries, cursorAfter(found));
      else {
        // The newest of the request's cursor, what was examined, and the last token issued (BigInt: no Math.max).
        let newest = this.#tokens.last();
        const seen = found.through?.tt ?? parked.cursor;
        if (seen > newest) newest = seen;
        parked.request.answer([], newest.toString());
      }
    }
    parked.request.finished?.();
  }
}

/** The cursor of an answer: the last message examined (delivered, or refused by the filter after the last delivery). */
function cursorAfter(found: Collected): string {
  return found.through?.timetoken ?? found.deliveries[found.deliveries.length - 1]!.message.timetoken;
}
