/**
 * Gap backfill, the ordering half: one subscription's gate between the live stream and its listener (docs/architecture.md §4:
 * messages in order, each once).
 *
 * While a backfill runs, live messages are held; when it ends, the fetched messages are merged into the held ones
 * by timetoken and everything is released at once. So backfilled messages reach the listener before every later
 * live message, in timetoken order. Why each message comes once:
 * - A fetched message that is also held (the reconnect's catch-up batch often overlaps the gap's range) is
 *   dropped in favour of the live copy, which has the publisher and region history lacks.
 * - After release, the gate remembers the keys it backfilled: when the loop resumes from the old cursor after a
 *   re-handshake (docs/protocol.md §8.2), catch-up messages of the range can arrive live *after* the backfill; those are
 *   dropped. The memory is bounded by what one gap fetched and is replaced by the next gap's.
 * Identity is (timetoken, channel, publisher), as the subscribe machine's window (`dedupe-window.ts`); history v2
 * carries no publisher, so a fetched message matches any live one with the same timetoken and channel.
 *
 * Gaps that overlap (a second outage while the first backfill runs) hold until the last one ends.
 */
import { compareTimetokens, type SubscribeEnvelope } from '@pubkit/core';
import { catchUpKey } from '../catch-up.js';

/** What the gate decided about one live message. */
export type GateDecision = 'deliver' | 'held' | 'duplicate';

/** Holds and merges one subscription's live and backfilled messages. */
export class BackfillGate {
  #pending = 0;
  #held: SubscribeEnvelope[] = [];
  /** `timetoken \n channel` → publishers of backfilled messages (`''` for history's missing publisher). */
  #backfilled = new Map<string, Set<string>>();
  #nextBackfilled = new Map<string, Set<string>>();

  /** True while at least one backfill is running. */
  get holding(): boolean {
    return this.#pending > 0;
  }

  /** Live messages held so far. */
  get heldCount(): number {
    return this.#held.length;
  }

  /** A backfill starts: from now on live messages are held. */
  begin(): void {
    if (this.#pending === 0) this.#nextBackfilled = new Map();
    this.#pending += 1;
  }

  /** Routes one live message: held during a backfill, dropped when a backfill already delivered it. */
  live(envelope: SubscribeEnvelope): GateDecision {
    if (matches(this.#backfilled, envelope) || matches(this.#nextBackfilled, envelope)) return 'duplicate';
    if (this.#pending > 0) {
      this.#held.push(envelope);
      return 'held';
    }
    return 'deliver';
  }

  /**
   * One backfill ended with `fetched` (oldest first; empty when it failed). Merges them into the held messages.
   * @returns the messages to deliver now, in order: empty while another backfill still runs
   */
  end(fetched: readonly SubscribeEnvelope[]): SubscribeEnvelope[] {
    const held = this.#held;
    const heldIndex = new Map<string, Set<string>>();
    for (const h of held) remember(heldIndex, h);
    const fresh = fetched.filter((m) => !matches(heldIndex, m));
    for (const m of fresh) remember(this.#nextBackfilled, m);
    this.#held = merge(held, fresh);
    this.#pending = Math.max(0, this.#pending - 1);
    if (this.#pending > 0) return [];
    this.#backfilled = this.#nextBackfilled;
    this.#nextBackfilled = new Map();
    const out = this.#held;
    this.#held = [];
    return out;
  }
}

/** The one de-duplication rule of catch-up (`catch-up.ts`): same channel and timetoken. */
function key(m: SubscribeEnvelope): string {
  return catchUpKey(m.channel, m.timetoken);
}

function remember(index: Map<string, Set<string>>, m: SubscribeEnvelope): void {
  const k = key(m);
  let publishers = index.get(k);
  if (publishers === undefined) {
    publishers = new Set();
    index.set(k, publishers);
  }
  publishers.add(m.publisher ?? '');
}

function matches(index: Map<string, Set<string>>, m: SubscribeEnvelope): boolean {
  const publishers = index.get(key(m));
  if (publishers === undefined) return false;
  return m.publisher === undefined || publishers.has('') || publishers.has(m.publisher);
}

/**
 * Merges two sequences by timetoken (BigInt: 17 digits exceed 2^53, docs/protocol.md §8.2). `live` keeps its wire order;
 * a fetched message goes before the first live one that is newer, and after live ones of the same timetoken.
 */
function merge(live: readonly SubscribeEnvelope[], fetched: readonly SubscribeEnvelope[]): SubscribeEnvelope[] {
  if (fetched.length === 0) return [...live];
  const out: SubscribeEnvelope[] = [];
  let i = 0;
  let j = 0;
  while (i < live.length && j < fetched.length) {
    if (compareTimetokens(fetched[j]!.timetoken, live[i]!.timetoken) < 0) out.push(fetched[j++]!);
    else out.push(live[i++]!);
  }
  while (i < live.length) out.push(live[i++]!);
  while (j < fetched.length) out.push(fetched[j++]!);
  return out;
}
