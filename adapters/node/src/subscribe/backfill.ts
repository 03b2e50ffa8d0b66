/**
 * Gap backfill, the fetch half (docs/architecture.md §4: "when a reconnect may have skipped messages … emit a `gap` status and
 * backfill from history when the caller opted in"). Given a channel and a gap `{ from, to }`, fetch the stored
 * messages in `(from, to]` and turn them into envelopes the subscription can deliver as if they had come live.
 *
 * The fetch is the one catch-up engine's (`catch-up.ts`): the span `(from, to]` (the message at `from` was already
 * delivered: the cursor is ≥ every message of its batch, docs/protocol.md §2.4), the newest `maxMessages` kept, so
 * when the cap cuts the range short, what is kept is the part next to the live stream and the hole is at the old
 * end, where the outage began. History v3 carries the publisher and `meta`, so backfilled envelopes have both;
 * signals and presence events are not stored at all, and the publish region is unknown (set to 0).
 *
 * Groups (issue 12: catch-up holds for group members too): the client does not track membership, so a gap resolves
 * each group's channels with the registry's `listChannels` request at backfill time (the members now, which may
 * differ from the members during the outage: a channel removed meanwhile is not fetched) and fetches each member
 * over the same range, delivered with `subscription` = the group, as the live envelope names it.
 */
import {
  compareTimetokens,
  isPresenceChannel,
  PubnubAbortError,
  PubnubValidationError,
  type RequestContext,
  type SubscribeEnvelope,
  type Timetoken,
} from '@pubkit/core';
import { catchUp, catchUpKey } from '../catch-up.js';
import { requestGroupChannels } from '../channel-groups-api.js';
import type { ClientRuntime } from '../runtime.js';
import { type IterateHistoryOptions, iterateHistory } from '../storage-api.js';

/** Options of gap backfill, given per subscription as `subscribe(channels, { backfill })`. */
export interface BackfillOptions {
  /**
   * Most messages fetched per channel for one gap; when more were stored, the newest are kept (those next to the
   * live stream). @default 1000
   */
  readonly maxMessages?: number | undefined;
}

/** Default of {@link BackfillOptions.maxMessages}. */
export const DEFAULT_BACKFILL_MAX_MESSAGES = 1000;

/**
 * Resolves the `backfill` subscribe option to a per-channel cap, or `undefined` when backfill is off.
 * @throws PubnubValidationError when `backfill` is not a boolean or an object, or `maxMessages` is not a whole
 *   number ≥ 1
 */
export function resolveBackfillCap(option: boolean | BackfillOptions | undefined): number | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return DEFAULT_BACKFILL_MAX_MESSAGES;
  if (typeof option !== 'object' || option === null) {
    throw new PubnubValidationError('backfill', 'backfill must be true, false or { maxMessages }', {
      operation: 'subscribe',
    });
  }
  const cap = option.maxMessages ?? DEFAULT_BACKFILL_MAX_MESSAGES;
  if (!Number.isSafeInteger(cap) || cap < 1) {
    throw new PubnubValidationError('backfill.maxMessages', 'backfill.maxMessages must be a whole number >= 1', {
      operation: 'subscribe',
    });
  }
  return cap;
}

/** One channel's part of a gap. */
export interface GapRange {
  readonly channel: string;
  /** Exclusive: the cursor the loop resumed from. */
  readonly from: Timetoken;
  /** Inclusive: the cursor of the first response after the outage. */
  readonly to: Timetoken;
  /** Most messages to fetch (≥ 1). */
  readonly maxMessages: number;
}

/**
 * Fetches the stored messages of `range`, oldest first, at most `maxMessages` (the newest of them), through the
 * one catch-up engine (`catch-up.ts`).
 * @throws never synchronously: rejects with the history request's error (`PubnubServiceError`,
 *   `PubnubAccessDeniedError` without read access, a transport error, `PubnubAbortError` when `signal` aborts)
 */
export async function fetchGap(
  runtime: ClientRuntime,
  ctx: RequestContext,
  range: GapRange,
  signal?: AbortSignal,
): Promise<SubscribeEnvelope[]> {
  const { channel, from, to, maxMessages } = range;
  const source = { iterateHistory: (span: IterateHistoryOptions) => iterateHistory(runtime, ctx, span) };
  const { messages } = await catchUp(source, { channel, after: from, through: to, limit: maxMessages, signal });
  return messages.map((m) => ({
    channel,
    subscription: channel,
    timetoken: m.timetoken,
    region: 0,
    ...(m.uuid !== undefined ? { publisher: m.uuid } : {}),
    message: m.message,
    ...(m.meta !== undefined ? { meta: m.meta } : {}),
    eventType: m.messageType === 4 ? 'file' : 'message',
    ...(m.error !== undefined ? { error: m.error } : {}),
  }));
}

/** What one handle wants backfilled for a gap: its named channels and its groups (no `-pnpres`), and its cap. */
export interface BackfillWant {
  readonly channels: readonly string[];
  readonly groups: readonly string[];
  /** Most messages kept per channel (the handle's `maxMessages`). */
  readonly cap: number;
}

/** One failed part of a backfill: a group's list call or a channel's history fetch. */
export interface BackfillFailure {
  /** The group or channel whose request failed. */
  readonly name: string;
  readonly error: unknown;
}

/** What one handle receives from a backfill: envelopes in timetoken order, each once, and what failed. */
export interface BackfillPart {
  readonly fetched: SubscribeEnvelope[];
  readonly failures: BackfillFailure[];
}

/**
 * Runs the backfill of one gap for every handle that wants it: one `listChannels` per group and one history fetch
 * per channel (at the largest cap that wants it), shared by the handles. A failed list call is one failure for each
 * handle of that group, never retried; an abort through `signal` is not a failure.
 * @returns per handle, a promise of its part; never rejects
 */
export function backfillGap<K>(
  runtime: ClientRuntime,
  ctx: RequestContext,
  gap: { readonly from: Timetoken; readonly to: Timetoken },
  wants: ReadonlyMap<K, BackfillWant>,
  signal: AbortSignal,
): Map<K, Promise<BackfillPart>> {
  const lists = new Map<string, Promise<readonly string[]>>();
  for (const want of wants.values()) {
    for (const group of want.groups) {
      if (lists.has(group)) continue;
      const members = Promise.resolve()
        .then(() => requestGroupChannels(runtime, ctx, group, signal))
        .then((r) => r.channels.filter((c) => !isPresenceChannel(c)));
      lists.set(group, members);
    }
  }
  // The caps of member channels are known once every list is in, so the fetches start after the lists.
  const planned = settle(lists).then((members) => {
    const caps = new Map<string, number>();
    for (const want of wants.values()) {
      for (const [channel] of sourcesOf(want, members)) caps.set(channel, Math.max(want.cap, caps.get(channel) ?? 0));
    }
    const fetches = new Map<string, Promise<SubscribeEnvelope[]>>();
    for (const [channel, maxMessages] of caps) {
      fetches.set(channel, fetchGap(runtime, ctx, { channel, ...gap, maxMessages }, signal));
    }
    return { members, fetches };
  });
  const aborted = (err: unknown) => err instanceof PubnubAbortError && signal.aborted;
  const parts = new Map<K, Promise<BackfillPart>>();
  for (const [key, want] of wants) {
    const part = planned.then(async ({ members, fetches }) => {
      const failures: BackfillFailure[] = [];
      for (const group of want.groups) {
        const listed = members.get(group);
        if (listed?.status === 'rejected' && !aborted(listed.reason))
          failures.push({ name: group, error: listed.reason });
      }
      const sources = sourcesOf(want, members);
      const results = await Promise.allSettled(sources.map(([channel]) => fetches.get(channel)!));
      const seen = new Set<string>();
      const fetched: SubscribeEnvelope[] = [];
      for (const [i, result] of results.entries()) {
        const [channel, subscription] = sources[i]!;
        if (result.status === 'rejected') {
          if (!aborted(result.reason)) failures.push({ name: channel, error: result.reason });
          continue;
        }
        for (const m of result.value.slice(-want.cap)) {
          // A channel named and also reached through a group (or two groups) is delivered once, by the first source.
          const k = catchUpKey(m.channel, m.timetoken);
          if (seen.has(k)) continue;
          seen.add(k);
          fetched.push(subscription === channel ? m : { ...m, subscription });
        }
      }
      // Channels were fetched separately: one timetoken order across them (BigInt, docs/protocol.md §8.2).
      fetched.sort((a, b) => compareTimetokens(a.timetoken, b.timetoken));
      return { fetched, failures };
    });
    parts.set(key, part);
  }
  return parts;
}

/** A want's `[channel, subscription]` pairs: its named channels first, then the members of its listed groups. */
function sourcesOf(
  want: BackfillWant,
  members: ReadonlyMap<string, PromiseSettledResult<readonly string[]>>,
): [string, string][] {
  const out: [string, string][] = want.channels.map((c) => [c, c]);
  for (const group of want.groups) {
    const listed = members.get(group);
    if (listed?.status === 'fulfilled') for (const c of listed.value) out.push([c, group]);
  }
  return out;
}

async function settle<V>(promises: ReadonlyMap<string, Promise<V>>): Promise<Map<string, PromiseSettledResult<V>>> {
  const keys = [...promises.keys()];
  const results = await Promise.allSettled([...promises.values()]);
  return new Map(keys.map((k, i) => [k, results[i]!]));
}
