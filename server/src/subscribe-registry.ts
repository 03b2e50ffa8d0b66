/**
 * The long-poll registry: subscribe requests waiting for messages (docs/protocol.md §2.3, §2.4, §8.2).
 *
 * Theory of operation
 * -------------------
 * A subscribe request names channel keys and a cursor. `serve` answers it at once when it is a handshake (no
 * cursor: answer with a fresh token and no messages, quirk 2) or when the catch-up queues already hold messages
 * after the cursor (quirk 18). Otherwise the request is parked: indexed under each of its channel keys, with a
 * poll timer. Exactly one of three things then finishes it, and finishing removes it from every index first:
 *
 *   - `changed(key)` after a publish on one of its channels: it is answered with the messages after its cursor —
 *     after `recheck`, so a read permission revoked while it waited is refused (403) rather than delivered;
 *   - its timer fires: it is answered with no messages and a cursor no older than the last token issued;
 *   - `cancel` when the client went away (the socket closed): nothing is written.
 *
 * `closeAll` answers every parked request empty (server shutdown). A batch holds at most 100 messages, merged
 * across channels in token order; the returned cursor is the token of the last message delivered, so a client
 * that got a truncated batch resumes exactly after it and nothing is skipped or repeated.
 */
import type { ChannelTable } from './channel-table.js';
import type { StoredMessage } from './message-queue.js';
import type { TimetokenSource } from './timetoken-source.js';

/** Most messages in one subscribe response. */
export const MAX_BATCH = 100;

/** How a finished request is answered. `cursor` is the timetoken text for `t.t` / element 1. */
export type Answer = (messages: readonly StoredMessage[], cursor: string) => void;

/** A subscribe request as the registry sees it. */
export interface SubscribeRequest {
  /** Channel keys (see `channelKey`) the request listens on, including `-pnpres` channels. */
  readonly keys: readonly string[];
  /** Resume after this token; undefined for a handshake. */
  readonly cursor: bigint | undefined;
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
  readonly cursor: bigint;
  timer: NodeJS.Timeout | undefined;
}

/** Parks, wakes and times out subscribe long-polls. */
export class SubscribeRegistry {
  readonly #byKey = new Map<string, Set<ParkedRequest>>();
  readonly #parked = new Set<ParkedRequest>();
  readonly #table: ChannelTable;
  readonly #tokens: TimetokenSource;
  readonly #nowMs: () => number;
  readonly #pollTimeoutMs: number;

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
    const ready = this.collect(request.keys, request.cursor);
    if (ready.length > 0) {
      request.answer(ready, ready[ready.length - 1]!.timetoken);
      request.finished?.();
      return undefined;
    }
    const parked: ParkedRequest = { request, cursor: request.cursor, timer: undefined };
    parked.timer = setTimeout(() => this.finish(parked, true), this.#pollTimeoutMs);
    this.#parked.add(parked);
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

  /** A message was appended to `key`: answer everything parked on it. */
  changed(key: string): void {
    const set = this.#byKey.get(key);
    if (!set) return;
    for (const parked of [...set]) this.finish(parked, true);
  }

  /** The client went away: forget the request without answering. */
  cancel(parked: ParkedRequest): void {
    this.finish(parked, false);
  }

  /** Answers every parked request (shutdown). */
  closeAll(): void {
    for (const parked of [...this.#parked]) this.finish(parked, true);
  }

  /** Up to `MAX_BATCH` messages after `cursor` on `keys`, merged in token order. */
  collect(keys: readonly string[], cursor: bigint): StoredMessage[] {
    const nowMs = this.#nowMs();
    let merged: StoredMessage[] = [];
    let lists = 0;
    for (const key of keys) {
      const found = this.#table.read(key, (b) => b.queue.after(cursor, nowMs, MAX_BATCH));
      if (!found || found.length === 0) continue;
      merged = lists === 0 ? found : merged.concat(found);
      lists++;
    }
    if (lists > 1) {
      merged.sort((a, b) => (a.tt < b.tt ? -1 : a.tt > b.tt ? 1 : 0));
      if (merged.length > MAX_BATCH) merged.length = MAX_BATCH;
    }
    return merged;
  }

  private finish(parked: ParkedRequest, answer: boolean): void {
    if (!this.#parked.delete(parked)) return;
    clearTimeout(parked.timer);
    parked.timer = undefined;
    for (const key of parked.request.keys) {
      const set = this.#byKey.get(key);
      if (!set) continue;
      set.delete(parked);
      if (set.size === 0) this.#byKey.delete(key);
    }
    if (answer && (parked.request.recheck?.() ?? true)) {
      const messages = this.collect(parked.request.keys, parked.cursor);
      // The newer of the request's cursor and the last token issued (BigInt: Math.max does not apply).
      let newest = this.#tokens.last();
      if (parked.cursor > newest) newest = parked.cursor;
      const cursor = messages.length > 0 ? messages[messages.length - 1]!.timetoken : newest.toString();
      parked.request.answer(messages, cursor);
    }
    parked.request.finished?.();
  }
}
