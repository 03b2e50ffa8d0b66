/**
 * A presence event as the `{ch}-pnpres` catch-up queue keeps it (docs/protocol.md §3): the event's fields, with its
 * texts — the payload `{"action":…,"timestamp":…,"uuid":…,"occupancy":…}`, the timetoken's decimal text and the
 * v2 envelope — made when something reads them rather than at the event.
 *
 * Why: every new uuid that subscribes is a `join` waiting in that queue until it ages out (`queueTtlMs`), so with
 * 10,000 idle subscribers, each its own uuid, the queue holds 10,000 of them that nobody may ever read. Keeping the
 * fields (the uuid is the string presence already holds) instead of the texts is about 150 bytes less per idle
 * subscriber (docs/performance.md §3, parked polls). The texts read back are exactly those built before: the
 * payload is what `JSON.stringify` gave for the event object, and the envelope, its match offset and the byte count
 * the queue's budget uses come from a `BusMessage` of those texts (`bus-message.ts`), made when one of them is read
 * and not kept, so the format has one definition.
 */
import { BusMessage } from './bus-message.js';
import type { StoredMessage } from './message-queue.js';
import type { PresenceEvent } from './presence-registry.js';

/** A queued presence event whose texts are built when read; the envelope is kept once built, as `BusMessage` does. */
export class PresenceMessage implements StoredMessage {
  readonly tt: bigint;
  readonly channel: string;
  readonly #subKey: string;
  readonly #action: PresenceEvent['action'];
  readonly #timestamp: number;
  /** The state of a `state-change`, as JSON text (taken when the event happened); undefined otherwise. */
  readonly #data: string | undefined;
  readonly #uuid: string;
  readonly #occupancy: number;
  #envelope: string | undefined = undefined;

  constructor(subKey: string, channel: string, event: PresenceEvent, tt: bigint) {
    this.tt = tt;
    this.channel = channel;
    this.#subKey = subKey;
    this.#action = event.action;
    this.#timestamp = event.timestamp;
    this.#data = event.data === undefined ? undefined : JSON.stringify(event.data);
    this.#uuid = event.uuid;
    this.#occupancy = event.occupancy;
  }

  /** As a `BusMessage` of these texts counts it (the queue reads it when appending and when dropping). */
  get bytes(): number {
    return PresenceMessage.#full(this).bytes;
  }

  /** As in a `BusMessage` of these texts (read only for a delivery through a group or a pattern). */
  get matchAt(): number {
    return PresenceMessage.#full(this).matchAt;
  }

  get timetoken(): string {
    return this.tt.toString();
  }

  /** The event object's JSON: keys in `PresenceRegistry`'s order, `data` only for a state change. */
  get payload(): string {
    const data = this.#data === undefined ? '' : `,"data":${this.#data}`;
    const uuid = JSON.stringify(this.#uuid);
    return `{"action":"${this.#action}","timestamp":${this.#timestamp}${data},"uuid":${uuid},"occupancy":${this.#occupancy}}`;
  }

  get meta(): undefined {
    return undefined;
  }

  get publisher(): undefined {
    return undefined;
  }

  get envelope(): string {
    if (this.#envelope === undefined) this.#envelope = PresenceMessage.#full(this).envelope;
    return this.#envelope;
  }

  /** Static for the reason `BusMessage`'s builder is: no brand field per queued event (docs/performance.md §4). */
  static #full(m: PresenceMessage): BusMessage {
    return new BusMessage({
      tt: m.tt,
      timetoken: m.timetoken,
      subKey: m.#subKey,
      channel: m.channel,
      payload: m.payload,
      meta: undefined,
      publisher: undefined,
      seqn: undefined,
      customType: undefined,
      type: undefined,
    });
  }
}
