/**
 * App Context storage (docs/protocol.md §14.1): users (`uuid`), channels and memberships of every subscribe key.
 *
 * Theory of operation
 * -------------------
 * The in-memory index is the form every read uses (listings filter and sort in memory, `objects/objects-page.ts`).
 * With a durable store (SQLite, `--data`) every change is also written through the storage records — one record
 * per object (`objects.uuid`, `objects.channel`) and per membership (`objects.membership`), keyed by the JSON text
 * of `[subKey, id]` or `[subKey, uuid, channel]` — and `load()` rebuilds the index from them at start-up, like the
 * channel-group registry. A memory store keeps no second copy.
 *
 * A change is applied to the index at once (so a conditional update checks its ETag against the latest value
 * without a lock) and the returned Promise settles when the records committed; if the commit fails, the change is
 * undone (unless a later change replaced it) and the Promise rejects with the `StorageError`, so the handler
 * answers 5xx and nothing changed. Writes of one call share one commit (the SQLite store batches per turn).
 *
 * Memory is bounded by `maxBytes` (an approximation of the index's size); a change past it rejects with
 * `STORAGE_FULL` (answered 507) and changes nothing.
 */
import type { RecordSink } from '../channel-groups.js';
import { StorageError } from './storage.js';

/** A custom value: flat JSON scalars only (docs/protocol.md §14.2). */
export type CustomValue = string | number | boolean | null;
/** The `custom` object of a user, channel or membership. */
export type Custom = Readonly<Record<string, CustomValue>>;
/** A user (`uuid`) or a channel. */
export type ObjectKind = 'uuid' | 'channel';

/** A stored user or channel. */
export interface StoredObject {
  readonly id: string;
  /** Standard fields of the kind (`name`, `email` …, `type`, `status`); absent ones are null on the wire. */
  readonly fields: Readonly<Record<string, string | null>>;
  readonly custom: Custom | null;
  /** ISO 8601 time of the last change. */
  readonly updated: string;
  readonly eTag: string;
}

/** A stored membership: a user in a channel. */
export interface StoredMembership {
  readonly uuid: string;
  readonly channel: string;
  readonly custom: Custom | null;
  readonly status: string | null;
  readonly type: string | null;
  readonly updated: string;
  readonly eTag: string;
}

/** A membership by its two ids. */
export interface MembershipKey {
  readonly uuid: string;
  readonly channel: string;
}

interface SubIndex {
  readonly uuid: Map<string, StoredObject>;
  readonly channel: Map<string, StoredObject>;
  /** uuid → channel → membership. */
  readonly byUuid: Map<string, Map<string, StoredMembership>>;
  /** channel → uuid → membership. */
  readonly byChannel: Map<string, Map<string, StoredMembership>>;
  /** The version of this subscribe key's last change (listing caches compare it). */
  changes: number;
}

/** One record written through: `value` undefined deletes it. */
interface ObjectRecord {
  readonly kind: string;
  readonly key: string;
  readonly value: string | undefined;
}

const MEMBERSHIP_RECORDS = 'objects.membership';

/**
 * Versions are drawn from one counter for every store of the process, so a version names one state of one store:
 * two servers in one process (tests) never share a cached listing (`objects/objects-page.ts`).
 */
let lastVersion = 0;
const EMPTY: ReadonlyMap<string, StoredMembership> = new Map();

/** Approximate bytes of a stored value in the index: its JSON (UTF-16) plus map slots. */
function sizeOf(value: StoredObject | StoredMembership): number {
  return 2 * JSON.stringify(value).length + 200;
}

/** The index of every subscribe key's App Context, written through to a durable store's records. */
export class ObjectsStore {
  readonly #subs = new Map<string, SubIndex>();
  readonly #sink: RecordSink | undefined;
  readonly #maxBytes: number;
  #bytes = 0;

  /** `sink`: the durable store's records (undefined for a memory store). */
  constructor(maxBytes: number, sink?: RecordSink) {
    this.#maxBytes = maxBytes;
    this.#sink = sink;
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Rebuilds the index from the sink's records (start-up). */
  load(): void {
    if (!this.#sink) return;
    for (const kind of ['uuid', 'channel'] as const) {
      for (const [key, value] of this.#sink.records(`objects.${kind}`)) {
        const [subKey] = JSON.parse(key) as [string];
        this.#setObject(subKey, kind, JSON.parse(value) as StoredObject);
      }
    }
    for (const [key, value] of this.#sink.records(MEMBERSHIP_RECORDS)) {
      const [subKey] = JSON.parse(key) as [string];
      this.#setMembership(subKey, JSON.parse(value) as StoredMembership);
    }
  }

  /** A number that changes whenever anything of `subKey` changes, unique across stores (0: never changed). */
  version(subKey: string): number {
    return this.#subs.get(subKey)?.changes ?? 0;
  }

  /** One user or channel. */
  object(subKey: string, kind: ObjectKind, id: string): StoredObject | undefined {
    return this.#subs.get(subKey)?.[kind].get(id);
  }

  /** Every user or every channel of a subscribe key, in no particular order. */
  objects(subKey: string, kind: ObjectKind): Iterable<StoredObject> {
    return this.#subs.get(subKey)?.[kind].values() ?? [];
  }

  /** One membership. */
  membership(subKey: string, key: MembershipKey): StoredMembership | undefined {
    return this.#subs.get(subKey)?.byUuid.get(key.uuid)?.get(key.channel);
  }

  /** A user's memberships. */
  membershipsOf(subKey: string, uuid: string): Iterable<StoredMembership> {
    return (this.#subs.get(subKey)?.byUuid.get(uuid) ?? EMPTY).values();
  }

  /** A channel's members. */
  membersOf(subKey: string, channel: string): Iterable<StoredMembership> {
    return (this.#subs.get(subKey)?.byChannel.get(channel) ?? EMPTY).values();
  }

  /** Stores a user or channel (replacing it); resolves once durable. @throws StorageError (rejects) */
  async putObject(subKey: string, kind: ObjectKind, value: StoredObject): Promise<void> {
    const before = this.object(subKey, kind, value.id);
    this.#reserve(sizeOf(value) - (before ? sizeOf(before) : 0));
    this.#setObject(subKey, kind, value);
    return this.#commit([this.#objectRecord(subKey, kind, value.id, value)], () => {
      if (this.object(subKey, kind, value.id) === value) this.#restoreObject(subKey, kind, value.id, before);
    });
  }

  /** Removes a user or channel; resolves to what was removed once durable. @throws StorageError (rejects) */
  async removeObject(subKey: string, kind: ObjectKind, id: string): Promise<StoredObject | undefined> {
    const before = this.object(subKey, kind, id);
    if (!before) return undefined;
    this.#restoreObject(subKey, kind, id, undefined);
    await this.#commit([this.#objectRecord(subKey, kind, id, undefined)], () => {
      if (this.object(subKey, kind, id) === undefined) this.#restoreObject(subKey, kind, id, before);
    });
    return before;
  }

  /**
   * Sets and removes memberships in one change; resolves to the removed ones that existed, once durable.
   * @throws StorageError (rejects) — nothing of the change is kept then
   */
  async changeMemberships(
    subKey: string,
    set: readonly StoredMembership[],
    remove: readonly MembershipKey[],
  ): Promise<StoredMembership[]> {
    const undo: (() => void)[] = [];
    const records: ObjectRecord[] = [];
    const removed: StoredMembership[] = [];
    let delta = 0;
    for (const m of set) {
      const before = this.membership(subKey, m);
      delta += sizeOf(m) - (before ? sizeOf(before) : 0);
    }
    this.#reserve(delta);
    for (const m of set) {
      const before = this.membership(subKey, m);
      this.#setMembership(subKey, m);
      records.push(this.#membershipRecord(subKey, m, m));
      undo.push(() => {
        if (this.membership(subKey, m) === m) this.#restoreMembership(subKey, m, before);
      });
    }
    for (const key of remove) {
      const before = this.membership(subKey, key);
      if (!before) continue;
      removed.push(before);
      this.#restoreMembership(subKey, key, undefined);
      records.push(this.#membershipRecord(subKey, key, undefined));
      undo.push(() => {
        if (this.membership(subKey, key) === undefined) this.#restoreMembership(subKey, key, before);
      });
    }
    await this.#commit(records, () => {
      for (const u of undo.reverse()) u();
    });
    return removed;
  }

  #reserve(delta: number): void {
    if (delta > 0 && this.#bytes + delta > this.#maxBytes) {
      throw new StorageError('STORAGE_FULL', `App Context is over its ${this.#maxBytes}-byte budget`);
    }
  }

  #objectRecord(subKey: string, kind: ObjectKind, id: string, value: StoredObject | undefined): ObjectRecord {
    return { kind: `objects.${kind}`, key: JSON.stringify([subKey, id]), value: value && JSON.stringify(value) };
  }

  #membershipRecord(subKey: string, key: MembershipKey, value: StoredMembership | undefined): ObjectRecord {
    const at = JSON.stringify([subKey, key.uuid, key.channel]);
    return { kind: MEMBERSHIP_RECORDS, key: at, value: value && JSON.stringify(value) };
  }

  /** Writes records through the sink; on failure runs `undo` and rethrows. */
  async #commit(records: readonly ObjectRecord[], undo: () => void): Promise<void> {
    const sink = this.#sink;
    if (!sink) return;
    try {
      await Promise.all(records.map((r) => sink.putRecord(r.kind, r.key, r.value)));
    } catch (err) {
      undo();
      throw err;
    }
  }

  #sub(subKey: string): SubIndex {
    let sub = this.#subs.get(subKey);
    if (!sub) {
      sub = { uuid: new Map(), channel: new Map(), byUuid: new Map(), byChannel: new Map(), changes: 0 };
      this.#subs.set(subKey, sub);
    }
    return sub;
  }

  #setObject(subKey: string, kind: ObjectKind, value: StoredObject): void {
    const sub = this.#sub(subKey);
    sub.changes = ++lastVersion;
    const map = sub[kind];
    const before = map.get(value.id);
    if (before) this.#bytes -= sizeOf(before);
    map.set(value.id, value);
    this.#bytes += sizeOf(value);
  }

  #restoreObject(subKey: string, kind: ObjectKind, id: string, value: StoredObject | undefined): void {
    if (value) {
      this.#setObject(subKey, kind, value);
      return;
    }
    const sub = this.#subs.get(subKey);
    const before = sub?.[kind].get(id);
    if (!sub || !before) return;
    sub.changes = ++lastVersion;
    sub[kind].delete(id);
    this.#bytes -= sizeOf(before);
  }

  #setMembership(subKey: string, m: StoredMembership): void {
    const sub = this.#sub(subKey);
    sub.changes = ++lastVersion;
    const before = sub.byUuid.get(m.uuid)?.get(m.channel);
    if (before) this.#bytes -= sizeOf(before);
    const channels = sub.byUuid.get(m.uuid) ?? new Map<string, StoredMembership>();
    sub.byUuid.set(m.uuid, channels.set(m.channel, m));
    const uuids = sub.byChannel.get(m.channel) ?? new Map<string, StoredMembership>();
    sub.byChannel.set(m.channel, uuids.set(m.uuid, m));
    this.#bytes += sizeOf(m);
  }

  #restoreMembership(subKey: string, key: MembershipKey, value: StoredMembership | undefined): void {
    if (value) {
      this.#setMembership(subKey, value);
      return;
    }
    const sub = this.#subs.get(subKey);
    const before = sub?.byUuid.get(key.uuid)?.get(key.channel);
    if (!sub || !before) return;
    sub.changes = ++lastVersion;
    this.#bytes -= sizeOf(before);
    const channels = sub.byUuid.get(key.uuid)!;
    channels.delete(key.channel);
    if (channels.size === 0) sub.byUuid.delete(key.uuid);
    const uuids = sub.byChannel.get(key.channel)!;
    uuids.delete(key.uuid);
    if (uuids.size === 0) sub.byChannel.delete(key.channel);
  }
}
