/**
 * Presence for the in-memory service (docs/testing.md §2.3): who is in which channel, joined by a subscribe or a
 * heartbeat, gone by a leave or when their presence timeout passes on the virtual clock. Each change is an event on
 * `{channel}-pnpres` shaped as the real service's, `{ action, timestamp, uuid, occupancy }` (docs/protocol.md §3), so
 * a client's `presence` callback and listeners see joins, leaves and timeouts.
 */
import { isPresenceChannel, type Scheduler, type TimerHandle } from '@pubkit/core';

/** A presence event as delivered on `{channel}-pnpres`. */
export interface MemoryPresenceEvent {
  readonly action: 'join' | 'leave' | 'timeout';
  /** Unix seconds. */
  readonly timestamp: number;
  readonly uuid: string;
  readonly occupancy: number;
}

/** The presence timeout when a request names none, in seconds (the real service's default). */
export const DEFAULT_PRESENCE_TIMEOUT_SEC = 300;

/** Memberships with their expiry timers, on the service's clock. */
export class MemoryPresence {
  readonly #scheduler: Scheduler;
  readonly #nowMs: () => number;
  readonly #emit: (channel: string, event: MemoryPresenceEvent) => void;
  readonly #rooms = new Map<string, Map<string, TimerHandle>>();

  /** `emit` publishes an event on a channel's `-pnpres` channel. */
  constructor(scheduler: Scheduler, nowMs: () => number, emit: (channel: string, event: MemoryPresenceEvent) => void) {
    this.#scheduler = scheduler;
    this.#nowMs = nowMs;
    this.#emit = emit;
  }

  /** Uuids present in a channel. */
  occupants(channel: string): string[] {
    return [...(this.#rooms.get(channel)?.keys() ?? [])];
  }

  /** A subscribe or heartbeat of `uuid`: joins the channels it is not in, and restarts its timeout in all. */
  touch(channels: readonly string[], uuid: string, timeoutSec: number): void {
    for (const channel of channels) {
      if (isPresenceChannel(channel) || channel.endsWith('.*')) continue;
      const room = this.#rooms.get(channel) ?? new Map<string, TimerHandle>();
      if (room.size === 0) this.#rooms.set(channel, room);
      const known = room.get(uuid);
      if (known !== undefined) this.#scheduler.clearTimer(known);
      room.set(
        uuid,
        this.#scheduler.setTimer(timeoutSec * 1000, () => this.#remove(channel, uuid, 'timeout')),
      );
      if (known === undefined) this.#event(channel, 'join', uuid);
    }
  }

  /** `uuid` leaves the channels (an explicit leave). */
  leave(channels: readonly string[], uuid: string): void {
    for (const channel of channels) this.#remove(channel, uuid, 'leave');
  }

  /** Cancels every timeout (the service closes). */
  close(): void {
    for (const room of this.#rooms.values()) for (const timer of room.values()) this.#scheduler.clearTimer(timer);
    this.#rooms.clear();
  }

  #remove(channel: string, uuid: string, action: 'leave' | 'timeout'): void {
    const room = this.#rooms.get(channel);
    const timer = room?.get(uuid);
    if (room === undefined || timer === undefined) return;
    this.#scheduler.clearTimer(timer);
    room.delete(uuid);
    if (room.size === 0) this.#rooms.delete(channel);
    this.#event(channel, action, uuid);
  }

  #event(channel: string, action: MemoryPresenceEvent['action'], uuid: string): void {
    const occupancy = this.#rooms.get(channel)?.size ?? 0;
    this.#emit(channel, { action, timestamp: Math.floor(this.#nowMs() / 1000), uuid, occupancy });
  }
}
