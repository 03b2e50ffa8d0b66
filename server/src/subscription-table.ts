/**
 * Subscriptions shared between parked long-polls (docs/performance.md §3): polls that ask for the same channels and
 * groups of the same subscribe key hold one `SharedSubscription` — one target, one watch-key array, one access
 * need, one presence-room array — instead of a copy each.
 *
 * Theory of operation
 * -------------------
 * A subscribe request is identified by its subscribe key and its channel and channel-group parameters as decoded.
 * `find` returns the subscription already built for the same three (so a repeat request skips parsing: it was
 * validated when that subscription was built, and the same text parses the same way); otherwise the handler parses,
 * validates and builds one with `subscriptionOf`. A poll `hold`s its subscription while it is served and `release`s
 * it when it finishes; the table keeps an entry only while some poll holds it, so it never holds more entries than
 * polls in flight (bounded memory).
 *
 * What is shared depends only on the request's text. What depends on the channel-group registry, which changes
 * while polls wait, is not: a subscription with groups has no fixed sources (they are expanded when a poll is
 * answered) and no fixed presence rooms (each request computes its own, as it always did).
 */
import type { AccessNeed } from './access-control.js';
import type { ChannelGroupRegistry } from './channel-groups.js';
import type { ChannelTable } from './channel-table.js';
import { presenceRooms, type Source, type SubscribeTarget, sourcesOf, targetOf, watchKeys } from './subscription.js';

/** What every poll of one subscription shares. */
export interface SharedSubscription {
  /** The table key: subscribe key, channels and groups as asked. */
  readonly id: string;
  readonly target: SubscribeTarget;
  /** The registry keys its polls are parked under (`watchKeys`). */
  readonly keys: readonly string[];
  /** What the subscription reads, for Access Manager (docs/protocol.md §4). */
  readonly need: AccessNeed;
  /** True when it uses groups or wildcards: v1 then names the real channels apart (docs/protocol.md §2.3). */
  readonly routed: boolean;
  /** Its sources when they are named channels only (nothing to expand at answer time), else undefined. */
  readonly fixedSources: readonly Source[] | undefined;
  /** Its presence rooms when they do not depend on groups (`presenceRooms`), else undefined. */
  readonly fixedRooms: readonly string[] | undefined;
  /** Polls holding it. */
  holders: number;
}

/** The table key of a request: length-prefixed, so no channel or group text can make two requests collide. */
export function subscriptionId(subKey: string, channels: string, groups: string): string {
  return `${subKey.length}:${subKey}${channels.length}:${channels}${groups}`;
}

/**
 * Builds the shared part of a validated request (`channels`, `groups`: the parsed lists). The registry and table
 * are read only for what does not depend on them (a subscription without groups or patterns).
 */
export function subscriptionOf(
  id: string,
  subKey: string,
  channels: string[],
  groups: string[],
  registry: ChannelGroupRegistry,
  table: ChannelTable,
): SharedSubscription {
  const target = targetOf(subKey, channels, groups);
  const plain = target.groups.length === 0 && target.patterns.length === 0;
  return {
    id,
    target,
    keys: watchKeys(target),
    need: { subKey, channels, groups, permission: 'r' },
    routed: !plain,
    fixedSources: plain ? sourcesOf(target, registry, table) : undefined,
    fixedRooms: target.groups.length === 0 ? presenceRooms(target, registry) : undefined,
    holders: 0,
  };
}

/** The subscriptions held by polls in flight. */
export class SubscriptionTable {
  readonly #byId = new Map<string, SharedSubscription>();

  /** Number of subscriptions held. */
  get size(): number {
    return this.#byId.size;
  }

  /** The subscription held under `id`, if any poll holds one. */
  find(id: string): SharedSubscription | undefined {
    return this.#byId.get(id);
  }

  /** A poll starts using `s`; returns the table's copy (the first one held under its id). */
  hold(s: SharedSubscription): SharedSubscription {
    const held = this.#byId.get(s.id) ?? s;
    if (held.holders === 0) this.#byId.set(held.id, held);
    held.holders++;
    return held;
  }

  /** A poll holding `s` finished. */
  release(s: SharedSubscription): void {
    if (--s.holders === 0) this.#byId.delete(s.id);
  }
}
