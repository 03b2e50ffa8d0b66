/**
 * The channel-group registry of every subscribe key (docs/protocol.md §2.11, issue 12): group → channels, and the
 * reverse index channel → groups that publish uses to wake the subscribers of a group.
 *
 * Theory of operation
 * -------------------
 * The registry is the in-memory form; a `RecordSink` (the server's storage records, when one is wired) receives a
 * write-through of each group as it changes — `[channels…]` JSON under the key `{sub}\0{group}`, `undefined` when
 * the group is gone — and `load` rebuilds the registry from those records at start-up. Reads never touch the sink,
 * so subscribe and publish stay synchronous.
 *
 * Limits, as PubNub documents them (server/README.md "Limits"): at most `MAX_CHANNELS_PER_CALL` channels in one
 * add or remove, at most `MAX_CHANNELS_PER_GROUP` channels in a group. Memory is bounded by `maxBytes` across every
 * subscribe key (names as UTF-16 plus the index entries). A call that would cross any of them changes nothing.
 * A group exists while it holds at least one channel: removing its last channel deletes it, as PubNub does.
 */

/** Most channels one add or remove may name (PubNub: "up to 200 channels per API call"). */
export const MAX_CHANNELS_PER_CALL = 200;
/** Most channels one group may hold (PubNub's default per-group limit). */
export const MAX_CHANNELS_PER_GROUP = 2_000;

/** Where changes are written through (the server's storage records; see `storage`). */
export interface RecordSink {
  putRecord(kind: string, key: string, value: string | undefined): Promise<void>;
  records(kind: string): [key: string, value: string][];
}

/** The record kind channel groups are kept under. */
export const GROUP_RECORD_KIND = 'channel-group';

/** Why an add was refused. */
export type AddRefusal = 'too-many-per-call' | 'group-full' | 'memory-full';

/** Approximate bytes of one (group, channel) membership: both names twice (forward and reverse index) plus slots. */
function membershipBytes(group: string, channel: string): number {
  return 4 * (group.length + channel.length) + 160;
}

function keyOf(subKey: string, name: string): string {
  return `${subKey}\u0000${name}`;
}

/** Channel groups of every subscribe key. */
export class ChannelGroupRegistry {
  /** `{sub}\0{group}` → channels, in insertion order. */
  readonly #groups = new Map<string, Set<string>>();
  /** `{sub}\0{channel}` → groups holding it. */
  readonly #byChannel = new Map<string, Set<string>>();
  readonly #maxBytes: number;
  readonly #sink: RecordSink | undefined;
  #bytes = 0;

  constructor(maxBytes: number, sink?: RecordSink) {
    this.#maxBytes = maxBytes;
    this.#sink = sink;
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Rebuilds the registry from the sink's records (start-up). Records that do not parse are skipped. */
  load(): void {
    if (!this.#sink) return;
    for (const [key, value] of this.#sink.records(GROUP_RECORD_KIND)) {
      const cut = key.indexOf('\u0000');
      let channels: unknown;
      try {
        channels = JSON.parse(value);
      } catch {
        continue;
      }
      if (cut < 0 || !Array.isArray(channels)) continue;
      const names = channels.filter((c): c is string => typeof c === 'string');
      this.apply(key.slice(0, cut), key.slice(cut + 1), names);
    }
  }

  /** Channels of a group, in the order they were added (empty for an unknown group). */
  channels(subKey: string, group: string): readonly string[] {
    const set = this.#groups.get(keyOf(subKey, group));
    return set ? [...set] : [];
  }

  /** True when the group holds at least one channel. */
  has(subKey: string, group: string): boolean {
    return this.#groups.has(keyOf(subKey, group));
  }

  /** Groups that hold `channel` (a plain channel name, never `-pnpres`). */
  groupsOf(subKey: string, channel: string): ReadonlySet<string> | undefined {
    return this.#byChannel.get(keyOf(subKey, channel));
  }

  /** Every group of a subscribe key. */
  groups(subKey: string): string[] {
    const prefix = keyOf(subKey, '');
    const out: string[] = [];
    for (const key of this.#groups.keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length));
    return out;
  }

  /**
   * Adds channels to a group (creating it). Returns the refusal, changing nothing, when the call names more than
   * `MAX_CHANNELS_PER_CALL`, the group would pass `MAX_CHANNELS_PER_GROUP`, or memory would pass `maxBytes`.
   */
  add(subKey: string, group: string, channels: readonly string[]): Promise<void> | AddRefusal {
    if (channels.length > MAX_CHANNELS_PER_CALL) return 'too-many-per-call';
    const existing = this.#groups.get(keyOf(subKey, group));
    const fresh = channels.filter((c) => !existing?.has(c));
    if ((existing?.size ?? 0) + fresh.length > MAX_CHANNELS_PER_GROUP) return 'group-full';
    let cost = 0;
    for (const c of fresh) cost += membershipBytes(group, c);
    if (this.#bytes + cost > this.#maxBytes) return 'memory-full';
    this.apply(subKey, group, fresh);
    return this.persist(subKey, group);
  }

  /** Removes channels from a group; the group goes when it is empty. */
  remove(subKey: string, group: string, channels: readonly string[]): Promise<void> {
    const key = keyOf(subKey, group);
    const set = this.#groups.get(key);
    if (!set) return Promise.resolve();
    for (const channel of channels) {
      if (!set.delete(channel)) continue;
      this.#bytes -= membershipBytes(group, channel);
      this.unindex(subKey, group, channel);
    }
    if (set.size === 0) this.#groups.delete(key);
    return this.persist(subKey, group);
  }

  /** Deletes a group. */
  delete(subKey: string, group: string): Promise<void> {
    return this.remove(subKey, group, this.channels(subKey, group));
  }

  private apply(subKey: string, group: string, channels: readonly string[]): void {
    const key = keyOf(subKey, group);
    let set = this.#groups.get(key);
    for (const channel of channels) {
      if (set?.has(channel)) continue;
      if (!set) {
        set = new Set();
        this.#groups.set(key, set);
      }
      set.add(channel);
      this.#bytes += membershipBytes(group, channel);
      const ck = keyOf(subKey, channel);
      let groups = this.#byChannel.get(ck);
      if (!groups) {
        groups = new Set();
        this.#byChannel.set(ck, groups);
      }
      groups.add(group);
    }
  }

  private unindex(subKey: string, group: string, channel: string): void {
    const ck = keyOf(subKey, channel);
    const groups = this.#byChannel.get(ck);
    groups?.delete(group);
    if (groups?.size === 0) this.#byChannel.delete(ck);
  }

  private persist(subKey: string, group: string): Promise<void> {
    if (!this.#sink) return Promise.resolve();
    const set = this.#groups.get(keyOf(subKey, group));
    return this.#sink.putRecord(GROUP_RECORD_KIND, keyOf(subKey, group), set ? JSON.stringify([...set]) : undefined);
  }
}
