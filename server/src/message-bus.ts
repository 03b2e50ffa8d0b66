/**
 * Where every message enters the server: user publishes, signals and presence events alike.
 *
 * `publish` issues the timetoken, keeps the message for the catch-up queue (its v2 envelope, docs/protocol.md §2.4,
 * is built on first delivery: `bus-message.ts`, where its fields are listed; the v1 element is the payload JSON
 * itself), appends to the channel's catch-up queue, hands a stored message to the store, and tells the subscribe
 * registry which channel changed. Subscribers are woken at once, in token order; the returned `committed` settles
 * when the store made the message durable, and the publish is acknowledged only then (docs/protocol.md §13.1).
 * Payload and meta are JSON texts already validated by the caller; they are spliced into the envelope as they are,
 * never re-serialised.
 */

import { BusMessage } from './bus-message.js';
import { type ChannelTable, channelKey } from './channel-table.js';
import type { StoredMessage } from './message-queue.js';
import { COMMITTED, type Storage, type StoredEntry } from './storage/storage.js';
import type { TimetokenSource } from './timetoken-source.js';

/** What to publish. */
export interface Publication {
  readonly subKey: string;
  readonly channel: string;
  /** Message JSON text. */
  readonly payload: string;
  /** Meta JSON text. */
  readonly meta?: string | undefined;
  /** Publisher uuid (`i`). */
  readonly publisher?: string | undefined;
  /** Sequence number (`s`). */
  readonly seqn?: number | undefined;
  /** Custom message type (`cmt`). */
  readonly customType?: string | undefined;
  /** Keep in history. */
  readonly store: boolean;
  /** Signal (`e: 1`). */
  readonly signal?: boolean | undefined;
  /**
   * Envelope message type `e` for other kinds: 3 a message-action event (never stored), 4 a file message (stored
   * with that type, docs/protocol.md §15.4).
   */
  readonly eventType?: number | undefined;
  /** History retention in hours (publish `ttl`). */
  readonly ttlHours?: number | undefined;
}

/** A published message and when it is durable. */
export interface Published {
  readonly message: StoredMessage;
  /** Its timetoken as decimal text (the acknowledgement's). */
  readonly timetoken: string;
  /**
   * Settles once the store committed the message; rejects with `StorageError`. `COMMITTED` (`storage/storage.ts`)
   * when it is durable already (a memory store) or not stored at all.
   */
  readonly committed: Promise<void>;
}

/** The message type of a file message, in the envelope (`e`) and in history (docs/protocol.md §15.4). */
export const FILE_MESSAGE_TYPE = 4;

/** Publishes into the channel table and the store, and wakes subscribers. */
export class MessageBus {
  readonly #tokens: TimetokenSource;
  readonly #table: ChannelTable;
  readonly #store: Storage;
  readonly #nowMs: () => number;
  readonly #changed: (key: string) => void;
  /** The publisher uuid of the last publish that named one. */
  #publisher: string | undefined;

  constructor(
    tokens: TimetokenSource,
    table: ChannelTable,
    store: Storage,
    nowMs: () => number,
    changed: (key: string) => void,
  ) {
    this.#tokens = tokens;
    this.#table = table;
    this.#store = store;
    this.#nowMs = nowMs;
    this.#changed = changed;
  }

  /** Publishes one message; returns it with its timetoken and its commit. */
  publish(p: Publication): Published {
    // One clock reading for the timetoken and the message's age (both clocks are the server's one clock).
    const nowMs = this.#nowMs();
    const token = this.#tokens.next(nowMs);
    const buffers = this.#table.open(channelKey(p.subKey, p.channel));
    // The message keeps the table's copies of the names (equal texts), and the publisher's uuid of the previous
    // publish when it is the same: a queued message holds no strings of its own but its payload and meta
    // (docs/performance.md §3, publish ingest).
    const channel = buffers.channel;
    if (p.publisher !== this.#publisher) this.#publisher = p.publisher;
    const publisher = this.#publisher;
    const message = buildMessage(p, buffers.subKey, channel, publisher, token.text, token.value);
    const expiresAtMs = p.ttlHours !== undefined && p.ttlHours > 0 ? nowMs + p.ttlHours * 3_600_000 : undefined;
    const committed =
      p.store && !p.signal && (p.eventType === undefined || p.eventType === FILE_MESSAGE_TYPE)
        ? this.#store.appendMessage(
            p.subKey,
            {
              channel,
              tt: token.value,
              payload: message.payload,
              meta: p.meta,
              publisher,
              messageType: p.eventType ?? 0,
              customType: p.customType,
              expiresAtMs,
            },
            buffers.key,
          )
        : COMMITTED;
    this.#table.push(buffers, message, nowMs);
    this.#changed(buffers.key);
    return { message, timetoken: token.text, committed };
  }

  /**
   * Publishes a message that `build` makes from the table's names and its timetoken, never stored:
   * presence events, which keep their fields rather than their texts while they wait in the queue
   * (`presence-message.ts`).
   */
  publishBuilt(
    subKey: string,
    channel: string,
    build: (subKey: string, channel: string, tt: bigint) => StoredMessage,
  ): StoredMessage {
    const nowMs = this.#nowMs();
    const tt = this.#tokens.next(nowMs).value;
    const buffers = this.#table.open(channelKey(subKey, channel));
    const message = build(buffers.subKey, buffers.channel, tt);
    this.#table.push(buffers, message, nowMs);
    this.#changed(buffers.key);
    return message;
  }

  /**
   * Puts a message read back from the store into its channel's catch-up queue, as it was published (its own
   * timetoken; its age from that timetoken), without storing it again or waking anyone: the catch-up restore after
   * a restart (`catch-up-restore.ts`). Messages must come oldest first.
   */
  restore(subKey: string, entry: StoredEntry, nowMs: number): void {
    const publishedAtMs = Math.min(nowMs, Number(entry.tt / 10_000n));
    const buffers = this.#table.open(channelKey(subKey, entry.channel));
    const message = buildMessage(
      {
        subKey,
        channel: entry.channel,
        payload: entry.payload,
        meta: entry.meta,
        publisher: entry.publisher,
        customType: entry.customType,
        // A file message keeps its envelope type (docs/protocol.md §15.4); plain messages are stored as 0.
        eventType: entry.messageType === 0 ? undefined : entry.messageType,
        store: true,
      },
      buffers.subKey,
      buffers.channel,
      entry.publisher,
      entry.tt.toString(),
      entry.tt,
    );
    this.#table.push(buffers, message, nowMs, publishedAtMs);
  }
}

/** The message as the catch-up queue keeps it; its envelope is built on first read (`bus-message.ts`). */
function buildMessage(
  p: Publication,
  subKey: string,
  channel: string,
  publisher: string | undefined,
  timetoken: string,
  tt: bigint,
): StoredMessage {
  return new BusMessage({
    tt,
    timetoken,
    subKey,
    channel,
    payload: p.payload,
    meta: p.meta,
    publisher,
    seqn: p.seqn,
    customType: p.customType,
    type: p.signal ? 1 : p.eventType,
  });
}
