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
import type { PreparedReply } from './reply.js';
import { smallInteger } from './small-integer.js';
import type { Source } from './subscription.js';
import { SubscriptionTable } from './subscription-table.js';
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

/**
 * A subscribe long-poll as the registry sees it. One object per poll, with its behaviour on its prototype (no
 * closures per poll: docs/performance.md §3); the registry writes `cursor` and `deadline`, the owner the rest.
 */
export interface Poll {
  /** Watch keys (see `subscription.ts`): a publish that wakes one of them answers the poll. Shared between polls. */
  readonly keys: readonly string[];
  /** Resume after this token; undefined for a handshake. Moves past messages the filter refused while parked. */
  cursor: bigint | undefined;
  /** When a parked poll is answered empty (`performance.now()` ms); set by `serve`. */
  deadline: number;
  /** The subscriber's filter: a message it refuses is skipped (never presence events). */
  readonly accept: ((message: StoredMessage) => boolean) | undefined;
  /** Where messages are read from, expanded when the poll is answered (groups change while it waits). */
  sources(): readonly Source[];
  /**
   * The answer's format. Polls of the same format whose `sources()` is the same array get the same bytes for the same
   * cursor when they have no filter: a fan-out builds that answer once (`changed`).
   */
  readonly format: string;
  /** Sends the answer; `cursor` is the timetoken text for `t.t` / element 1. Returns what it wrote. */
  answer(deliveries: readonly Delivery[], cursor: string): PreparedReply;
  /** Writes an answer already built for another poll that gets the same bytes. */
  resend(prepared: PreparedReply): void;
  /**
   * Asked before a parked poll is answered: false means it may no longer read (a revoked grant, issue 9 item 13)
   * and has been answered with the refusal instead; nothing is delivered.
   */
  recheck(): boolean;
  /** Called once when the poll stops waiting, however it ends (presence unparks the uuid). */
  finished(): void;
}

/** What `collect` found: the deliveries, and the token up to which every message was looked at. */
export interface Collected {
  readonly deliveries: Delivery[];
  /** The last message examined (delivered or refused by the filter), or undefined when none was. */
  readonly through: StoredMessage | undefined;
}

const PRESENCE_CHANNEL = /-pnpres$/;

/** The last answer a fan-out wrote, with what made it: reused for the next poll that would get the same bytes. */
interface SharedAnswer {
  readonly sources: readonly Source[];
  readonly cursor: bigint;
  readonly format: string;
  readonly prepared: PreparedReply;
}

/** Parks, wakes and times out subscribe long-polls. */
export class SubscribeRegistry {
  /**
   * The index, two levels deep (docs/performance.md §3): watch key → the watch-key arrays parked under it, and
   * watch-key array → its parked polls. Polls of one subscription share their `keys` array, so a poll enters and
   * leaves one `Set`, whatever the number of its channels; the per-key sets change only when a subscription's
   * first poll parks or its last one leaves. A fan-out also meets the polls of one subscription together.
   */
  readonly #byKey = new Map<string, Set<readonly string[]>>();
  readonly #byKeys = new Map<readonly string[], Set<Poll>>();
  readonly #parked = new Set<Poll>();
  /** Subscriptions shared by the polls in flight (`subscription-table.ts`). */
  readonly subscriptions = new SubscriptionTable();
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
  /**
   * While `changed` answers: the last answer written. Polls of one subscription, parked from the same cursor, all get
   * the same deliveries and so the same bytes; the batch is collected and the body and headers built once for all
   * of them (docs/performance.md §3). Only within one `changed` call: after it, the table holds other messages.
   */
  #shared: SharedAnswer | undefined;
  #fanningOut = false;

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

  /** Answers now or parks; returns true when the poll was parked (then `cancel` it if the client goes away). */
  serve(poll: Poll): boolean {
    if (poll.cursor === undefined) {
      poll.answer([], this.#tokens.next().text);
      poll.finished();
      return false;
    }
    const ready = this.collect(poll.sources(), poll.cursor, poll.accept);
    if (ready.deliveries.length > 0) {
      poll.answer(ready.deliveries, cursorAfter(ready));
      poll.finished();
      return false;
    }
    if (ready.through) poll.cursor = ready.through.tt;
    // Whole milliseconds (`small-integer.ts`): stored in the poll itself rather than in a number box per poll.
    poll.deadline = smallInteger(Math.ceil(performance.now() + this.#pollTimeoutMs));
    this.#parked.add(poll);
    if (this.#timer === undefined) this.#arm(poll.deadline);
    const group = this.#byKeys.get(poll.keys);
    if (group) group.add(poll);
    else {
      this.#byKeys.set(poll.keys, new Set([poll]));
      for (const key of poll.keys) {
        let set = this.#byKey.get(key);
        if (!set) {
          set = new Set();
          this.#byKey.set(key, set);
        }
        set.add(poll.keys);
      }
    }
    return true;
  }

  /** Messages were appended under watch keys `keys`: answer everything parked on them. */
  changed(keys: readonly string[]): void {
    const outer = this.#fanningOut;
    this.#fanningOut = true;
    this.#shared = undefined;
    try {
      for (const key of keys) {
        const groups = this.#byKey.get(key);
        if (!groups) continue;
        // A Set may lose entries while it is iterated (each answered poll leaves it): no copy needed.
        for (const group of groups) {
          const polls = this.#byKeys.get(group);
          if (polls) for (const poll of polls) this.wake(poll);
        }
      }
    } finally {
      this.#shared = undefined;
      this.#fanningOut = outer;
    }
  }

  /** The client went away: forget the poll without answering (nothing happens when it is no longer parked). */
  cancel(poll: Poll): void {
    this.finish(poll, false);
  }

  /** Answers every parked request (shutdown). */
  closeAll(): void {
    for (const poll of [...this.#parked]) this.finish(poll, true);
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
  private wake(poll: Poll): void {
    if (!poll.accept) {
      this.finish(poll, true);
      return;
    }
    const found = this.collect(poll.sources(), poll.cursor!, poll.accept);
    if (found.deliveries.length > 0) this.finish(poll, true, found);
    else if (found.through) poll.cursor = found.through.tt;
  }

  #arm(deadline: number): void {
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, deadline - performance.now()));
  }

  /** Answers every request whose deadline passed (the front of `#parked`), then re-arms for the next one. */
  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (const poll of this.#parked) {
      // Timers may fire a little early (ms rounding): within 1 ms counts as due, as it did with one timer each.
      if (poll.deadline > now + 1) {
        if (this.#timer === undefined) this.#arm(poll.deadline);
        return;
      }
      this.finish(poll, true);
    }
  }

  private finish(poll: Poll, answer: boolean, collected?: Collected): void {
    if (!this.#parked.delete(poll)) return;
    if (this.#parked.size === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const group = this.#byKeys.get(poll.keys);
    if (group?.delete(poll) && group.size === 0) {
      this.#byKeys.delete(poll.keys);
      for (const key of poll.keys) {
        const set = this.#byKey.get(key);
        if (!set) continue;
        set.delete(poll.keys);
        if (set.size === 0) this.#byKey.delete(key);
      }
    }
    if (answer && poll.recheck()) {
      const cursor = poll.cursor!;
      // A filter's poll was collected by `wake` (and never shares: its filter decides its deliveries).
      const sources = collected ? undefined : poll.sources();
      const shared = this.#shared;
      if (
        shared !== undefined &&
        shared.sources === sources &&
        shared.cursor === cursor &&
        shared.format === poll.format &&
        poll.accept === undefined
      ) {
        poll.resend(shared.prepared);
        poll.finished();
        return;
      }
      const found = collected ?? this.collect(sources!, cursor, poll.accept);
      if (found.deliveries.length > 0) {
        const prepared = poll.answer(found.deliveries, cursorAfter(found));
        if (this.#fanningOut && sources !== undefined && poll.accept === undefined) {
          this.#shared = { sources, cursor, format: poll.format, prepared };
        }
      } else {
        // The newest of the poll's cursor, what was examined, and the last token issued (BigInt: no Math.max).
        let newest = this.#tokens.last();
        const seen = found.through?.tt ?? cursor;
        if (seen > newest) newest = seen;
        poll.answer([], newest.toString());
      }
    }
    poll.finished();
  }
}

/** The cursor of an answer: the last message examined (delivered, or refused by the filter after the last delivery). */
function cursorAfter(found: Collected): string {
  return found.through?.timetoken ?? found.deliveries[found.deliveries.length - 1]!.message.timetoken;
}
