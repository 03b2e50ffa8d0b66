/**
 * The message as the catch-up queue keeps it (`StoredMessage`), with its v2 envelope text (docs/protocol.md §2.4)
 * built on first read instead of at publish.
 *
 * Why lazy: most publishes are never delivered from the queue while they are in it (nobody parked, or nobody
 * subscribed at all), yet each one built, flattened and kept a ~250-byte envelope; held by a 10,000-message queue
 * that text also survived the young-generation collections, so the publish path paid for copying it too
 * (docs/performance.md §3, publish ingest). The first delivery builds it once and keeps it, so a fan-out still
 * builds it once per message. `matchAt` and `bytes` are computed at publish from the texts' lengths, exactly as
 * when the envelope was built then: the queue's byte budget sees the same numbers.
 *
 * Envelope fields: `a` shard "1", `f` flags 0, `e` the message type (1 signal, 3 message-action event, 4 file; absent
 * for a plain message), `i` publisher uuid, `s` sequence number, `p` the publish timetoken with region 1 (quirk 1:
 * regions are ≥ 1), `k` subscribe key, `c` channel, `d` payload, `u` meta, `b` the subscription match — the channel
 * itself here, which is what the JS SDK filters on for plain and `-pnpres` channels (quirk 3); a delivery through a
 * group or pattern names that instead (`envelopeFor`) — and `cmt` custom message type.
 */
import { MATCH_FIELD, type StoredMessage } from './message-queue.js';

const HEAD = '{"a":"1","f":0';
const TYPE = ',"e":';
const PUBLISHER = ',"i":';
const SEQUENCE = ',"s":';
const TIMETOKEN = ',"p":{"t":"';
const SUBKEY = '","r":1},"k":';
const CHANNEL = ',"c":';
const PAYLOAD = ',"d":';
const META = ',"u":';
const CUSTOM_TYPE = ',"cmt":';

/** What a message's envelope is built from, beyond the fields `StoredMessage` keeps. */
export interface BusMessageInit {
  readonly tt: bigint;
  readonly timetoken: string;
  readonly subKey: string;
  readonly channel: string;
  readonly payload: string;
  readonly meta: string | undefined;
  readonly publisher: string | undefined;
  readonly seqn: number | undefined;
  readonly customType: string | undefined;
  /** Envelope `e`, undefined for a plain message. */
  readonly type: number | undefined;
}

/** A queued message whose envelope is built when first read. */
export class BusMessage implements StoredMessage {
  readonly tt: bigint;
  readonly channel: string;
  readonly payload: string;
  readonly meta: string | undefined;
  readonly publisher: string | undefined;
  readonly matchAt: number;
  readonly bytes: number;
  readonly #subKey: string;
  readonly #seqn: number | undefined;
  readonly #customType: string | undefined;
  readonly #type: number | undefined;
  #timetoken: string | undefined = undefined;
  #envelope: string | undefined = undefined;

  constructor(m: BusMessageInit) {
    this.tt = m.tt;
    this.channel = m.channel;
    // Flattened in place (a read of one character), so the text the queue and the store share is one piece.
    this.payload = flat(m.payload);
    this.meta = m.meta;
    this.publisher = m.publisher;
    this.#subKey = m.subKey;
    this.#seqn = m.seqn;
    this.#customType = m.customType;
    this.#type = m.type;
    // The lengths of the texts `envelope` builds (same pieces), without building them.
    const channelLength = quotedLength(m.channel);
    let head = HEAD.length + TIMETOKEN.length + m.timetoken.length + SUBKEY.length + quotedLength(m.subKey);
    head += CHANNEL.length + channelLength + PAYLOAD.length;
    if (m.type !== undefined) head += TYPE.length + String(m.type).length;
    if (m.publisher !== undefined) head += PUBLISHER.length + quotedLength(m.publisher);
    if (m.seqn !== undefined) head += SEQUENCE.length + String(m.seqn).length;
    const meta = m.meta === undefined ? 0 : META.length + m.meta.length;
    let tail = MATCH_FIELD.length + channelLength + 1;
    if (m.customType !== undefined) tail += CUSTOM_TYPE.length + quotedLength(m.customType);
    this.matchAt = head + m.payload.length + meta;
    this.bytes = 2 * (head + meta + tail + 2 * m.payload.length + (m.meta?.length ?? 0)) + 160;
  }

  /**
   * `tt` as decimal text, made on first read (a delivery) and kept; the publish's acknowledgement uses the text the
   * token source issued, so a message nobody receives holds no copy of it (docs/performance.md §3).
   */
  get timetoken(): string {
    if (this.#timetoken === undefined) this.#timetoken = this.tt.toString();
    return this.#timetoken;
  }

  /** The complete v2 envelope JSON text, with `b` = the channel (built on first read, then kept). */
  get envelope(): string {
    if (this.#envelope === undefined) this.#envelope = BusMessage.#build(this);
    return this.#envelope;
  }

  /**
   * Static, not an instance method: V8 marks every instance of a class with private instance methods (a brand
   * field), 8 bytes per queued message (docs/performance.md §4).
   */
  static #build(m: BusMessage): string {
    const channel = JSON.stringify(m.channel);
    let text = HEAD;
    if (m.#type !== undefined) text += TYPE + m.#type;
    if (m.publisher !== undefined) text += PUBLISHER + JSON.stringify(m.publisher);
    if (m.#seqn !== undefined) text += SEQUENCE + m.#seqn;
    text += `${TIMETOKEN}${m.timetoken}${SUBKEY}${JSON.stringify(m.#subKey)}${CHANNEL}${channel}${PAYLOAD}`;
    text += m.payload;
    if (m.meta !== undefined) text += META + m.meta;
    text += MATCH_FIELD + channel;
    if (m.#customType !== undefined) text += CUSTOM_TYPE + JSON.stringify(m.#customType);
    text += '}';
    return flat(text);
  }
}

/**
 * `JSON.stringify(text).length`, counted without building the text (three calls per publish were a visible part of
 * the ingest profile, docs/performance.md §3): the quotes, two units for `\"`, `\\` and the short escapes
 * (`\b \f \n \r \t`), six for any other control character and for a lone surrogate (`\uXXXX`), one for every
 * other UTF-16 unit (a surrogate pair is written as it is).
 */
function quotedLength(text: string): number {
  let length = text.length + 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) continue;
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09) length += 1;
    else if (c < 0x20) length += 5;
    else if (c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else length += 5; // a lone surrogate
  }
  return length;
}

/**
 * `text` flattened: built by `+`, a string is a tree of pieces (32 bytes a node) until something reads its
 * characters. The envelope is flattened once when built, so a message waiting in the catch-up queue after its first
 * delivery holds one flat text instead of a dozen nodes (docs/performance.md §3).
 */
function flat(text: string): string {
  // Reading a character flattens; the result is kept so an optimising compiler cannot drop the read as unused.
  flattened ^= text.charCodeAt(0);
  return text;
}

// biome-ignore lint/correctness/noUnusedVariables: a write-only sink on purpose (see `flat`): it is never read.
let flattened = 0;
