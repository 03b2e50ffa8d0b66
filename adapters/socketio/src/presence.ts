/**
 * Presence of browser sockets, announced the way PubNub bounds it (docs/protocol.md §3: announce and interval
 * modes): while a channel has at most `announceMax` sockets, each join and leave is one `presence` event to every
 * socket on it; above that, joins and leaves are gathered and sent as one `interval` event per channel every
 * `intervalMs`, with the occupancy and the uuids that joined and left (left out, with `hereNowRefresh`, when more
 * than `maxDeltas` changed).
 *
 * Why: one event per join to every member is quadratic. 2,000 sockets joining one channel would send ~2 million
 * frames and starve the event loop; in interval mode they cost one frame per socket per interval.
 */
import type { PresenceEvent } from './protocol.js';

/** The presence part of the bridge options, resolved. */
export interface PresencePolicy {
  readonly announceMax: number;
  readonly intervalMs: number;
  readonly maxDeltas: number;
}

/** The time source of the bridge (injected, so tests and the relay share one). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

interface Pending {
  readonly timer: ReturnType<typeof setTimeout>;
  readonly join: Set<string>;
  readonly leave: Set<string>;
  occupancy: number;
}

/** Decides, per channel, between announcing a change now and gathering it into the next interval event. */
export class PresenceAnnouncer {
  readonly #policy: PresencePolicy;
  readonly #clock: Clock;
  readonly #send: (channel: string, event: PresenceEvent) => void;
  readonly #pending = new Map<string, Pending>();

  constructor(policy: PresencePolicy, clock: Clock, send: (channel: string, event: PresenceEvent) => void) {
    this.#policy = policy;
    this.#clock = clock;
    this.#send = send;
  }

  /** Channels with an interval event scheduled (for tests and stats). */
  get scheduled(): number {
    return this.#pending.size;
  }

  /** A socket known as `uuid` joined or left `channel`, which now has `occupancy` sockets. */
  change(channel: string, action: 'join' | 'leave', uuid: string, occupancy: number): void {
    let pending = this.#pending.get(channel);
    if (pending === undefined && occupancy <= this.#policy.announceMax) {
      this.#send(channel, { channel, action, uuid, occupancy, timestamp: this.#seconds() });
      return;
    }
    if (pending === undefined) {
      const timer = setTimeout(() => this.#flush(channel), this.#policy.intervalMs);
      // unref: a scheduled presence summary must not keep a shutting-down process alive.
      timer.unref();
      pending = { timer, join: new Set(), leave: new Set(), occupancy };
      this.#pending.set(channel, pending);
    }
    pending.occupancy = occupancy;
    // A uuid that comes and goes within one interval is no change at all.
    const [added, removed] = action === 'join' ? [pending.join, pending.leave] : [pending.leave, pending.join];
    if (!removed.delete(uuid)) added.add(uuid);
  }

  /** Nobody is left on `channel`: nothing to tell anyone. */
  forget(channel: string): void {
    const pending = this.#pending.get(channel);
    if (pending === undefined) return;
    clearTimeout(pending.timer);
    this.#pending.delete(channel);
  }

  /** Cancels every scheduled interval event. */
  close(): void {
    for (const channel of [...this.#pending.keys()]) this.forget(channel);
  }

  #flush(channel: string): void {
    const pending = this.#pending.get(channel);
    if (pending === undefined) return;
    this.#pending.delete(channel);
    const { join, leave, occupancy } = pending;
    if (join.size === 0 && leave.size === 0) return;
    const deltas =
      join.size + leave.size > this.#policy.maxDeltas
        ? { hereNowRefresh: true }
        : { ...(join.size > 0 ? { join: [...join] } : {}), ...(leave.size > 0 ? { leave: [...leave] } : {}) };
    this.#send(channel, { channel, action: 'interval', uuid: '', occupancy, timestamp: this.#seconds(), ...deltas });
  }

  #seconds(): number {
    return Math.floor(this.#clock.now() / 1000);
  }
}
