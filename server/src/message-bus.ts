/**
 * Where every message enters the server: user publishes, signals and presence events alike.
 *
 * `publish` issues the timetoken, builds the wire texts once (the v1 element is the payload JSON itself, the v2
 * envelope is assembled here — docs/protocol.md §2.4), appends to the channel's catch-up queue, hands a stored message
 * to the store, and tells the subscribe registry which channel changed. Subscribers are woken at once, in token
 * order; the returned `committed` settles when the store made the message durable, and the publish is acknowledged
 * only then (docs/protocol.md §13.1). Payload and meta are JSON texts already validated by
 * the caller; they are spliced into the envelope as they are, never re-serialised.
 *
 * Envelope fields: `a` shard "1", `f` flags 0, `e` 1 for signals and 3 for message-action events (§13.5), `i` publisher uuid, `s` sequence number, `p` the
 * publish timetoken with region 1 (quirk 1: regions are ≥ 1), `k` subscribe key, `c` channel, `d` payload, `u`
 * meta, `b` the subscription match — the channel itself here, which is what the JS SDK filters on for plain and
 * `-pnpres` channels (quirk 3); a delivery through a group or pattern names that instead (`envelopeFor`) — and
 * `cmt` custom message type.
 */
import { type ChannelTable, channelKey } from './channel-table.js';
import { MATCH_FIELD, type StoredMessage } from './message-queue.js';
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
    const token = this.#tokens.next();
    const nowMs = this.#nowMs();
    const message = buildMessage(p, token.text, token.value, nowMs);
    const key = channelKey(p.subKey, p.channel);
    const expiresAtMs = p.ttlHours !== undefined && p.ttlHours > 0 ? nowMs + p.ttlHours * 3_600_000 : undefined;
    const committed =
      p.store && !p.signal && (p.eventType === undefined || p.eventType === FILE_MESSAGE_TYPE)
        ? this.#store.appendMessage(p.subKey, {
            channel: p.channel,
            tt: token.value,
            payload: p.payload,
            meta: p.meta,
            publisher: p.publisher,
            messageType: p.eventType ?? 0,
            customType: p.customType,
            expiresAtMs,
          })
        : COMMITTED;
    this.#table.append(key, message, nowMs);
    this.#changed(key);
    return { message, committed };
  }

  /**
   * Puts a message read back from the store into its channel's catch-up queue, as it was published (its own
   * timetoken; its age from that timetoken), without storing it again or waking anyone: the catch-up restore after
   * a restart (`catch-up-restore.ts`). Messages must come oldest first.
   */
  restore(subKey: string, entry: StoredEntry, nowMs: number): void {
    const publishedAtMs = Math.min(nowMs, Number(entry.tt / 10_000n));
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
      entry.tt.toString(),
      entry.tt,
      publishedAtMs,
    );
    this.#table.append(channelKey(subKey, entry.channel), message, nowMs);
  }
}

/** The message as the catch-up queue keeps it, wire texts built once (see the file header for the fields). */
function buildMessage(p: Publication, timetoken: string, tt: bigint, publishedAtMs: number): StoredMessage {
  const channel = JSON.stringify(p.channel);
  let head = '{"a":"1","f":0';
  if (p.signal) head += ',"e":1';
  else if (p.eventType !== undefined) head += `,"e":${p.eventType}`;
  if (p.publisher !== undefined) head += `,"i":${JSON.stringify(p.publisher)}`;
  if (p.seqn !== undefined) head += `,"s":${p.seqn}`;
  head += `,"p":{"t":"${timetoken}","r":1},"k":${JSON.stringify(p.subKey)},"c":${channel},"d":`;
  const meta = p.meta === undefined ? '' : `,"u":${p.meta}`;
  const matchAt = head.length + p.payload.length + meta.length;
  let tail = MATCH_FIELD + channel;
  if (p.customType !== undefined) tail += `,"cmt":${JSON.stringify(p.customType)}`;
  tail += '}';
  return {
    tt,
    timetoken,
    channel: p.channel,
    payload: p.payload,
    meta: p.meta,
    publisher: p.publisher,
    envelope: flat(head) + flat(p.payload) + meta + flat(tail),
    matchAt,
    publishedAtMs,
    bytes: 2 * (head.length + meta.length + tail.length + 2 * p.payload.length + (p.meta?.length ?? 0)) + 160,
  };
}

/**
 * `text` flattened: built by `+`, a string is a tree of pieces (32 bytes a node) until something reads its
 * characters (`JSON.stringify` also returns trees for longer texts). The envelope's head and tail, and the payload,
 * are flattened once at publish, so a message waiting in the catch-up queue — a presence join per new subscriber,
 * on an idle server — holds a few flat texts instead of a dozen nodes (docs/performance.md §3). A string is
 * flattened in place, so the payload and meta stay one text shared with the store.
 */
function flat(text: string): string {
  // Reading a character flattens; the result is kept so an optimising compiler cannot drop the read as unused.
  flattened ^= text.charCodeAt(0);
  return text;
}

let flattened = 0;
