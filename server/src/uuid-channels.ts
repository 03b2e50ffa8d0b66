/**
 * Which channels each uuid is present on, per subscribe key: presence's `where_now` index (docs/protocol.md §2.10).
 *
 * Most uuids are on one channel, and an idle server may hold one per parked long-poll, so a uuid on one channel is
 * stored as that channel's name alone (the same string the room keeps) and becomes a `Set` only when it joins a
 * second one (docs/performance.md §3). Nested maps keep the uuid itself as the key, not a key built per uuid.
 */
export class UuidChannels {
  readonly #bySubKey = new Map<string, Map<string, string | Set<string>>>();

  /** Records `uuid` on `channel`. */
  add(subKey: string, uuid: string, channel: string): void {
    let uuids = this.#bySubKey.get(subKey);
    if (!uuids) {
      uuids = new Map();
      this.#bySubKey.set(subKey, uuids);
    }
    const held = uuids.get(uuid);
    if (held === undefined) uuids.set(uuid, channel);
    else if (typeof held === 'string') {
      if (held !== channel) uuids.set(uuid, new Set([held, channel]));
    } else held.add(channel);
  }

  /** Forgets `uuid` on `channel`. */
  delete(subKey: string, uuid: string, channel: string): void {
    const uuids = this.#bySubKey.get(subKey);
    const held = uuids?.get(uuid);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === channel) uuids!.delete(uuid);
    } else {
      held.delete(channel);
      // Back to the single name, so a uuid that once had two channels costs no more than one that never did.
      if (held.size === 1) uuids!.set(uuid, held.values().next().value!);
    }
    if (uuids!.size === 0) this.#bySubKey.delete(subKey);
  }

  /** The channels of `uuid`, in the order it joined them. */
  channels(subKey: string, uuid: string): string[] {
    const held = this.#bySubKey.get(subKey)?.get(uuid);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : [...held];
  }
}
