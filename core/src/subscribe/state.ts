/**
 * The subscribe machine's state: one immutable record (docs/architecture.md §4). `kind` is the state of the transition table in
 * `machine.ts`; the other fields are what the states share. Invariants `step()` keeps:
 * - `requestId` is set exactly in `handshaking` and `receiving` (one request in flight, never two);
 * - `timerId` is set exactly in `waiting`;
 * - `channels`/`groups` are empty exactly in `idle`; both are de-duplicated and sorted, as current SDKs send them
 *   (docs/protocol.md §2.4), so "the same set" is a plain comparison.
 */
import { type DedupeWindow, EMPTY_DEDUPE_WINDOW } from './dedupe-window.js';
import type { PollCursor } from './events.js';

/** The five states (docs/architecture.md §4). */
export type SubscribeStateKind = 'idle' | 'handshaking' | 'receiving' | 'waiting' | 'stopped';

/** The whole state of the subscribe machine. Plain data: compare, log or snapshot it freely. */
export interface SubscribeState {
  readonly kind: SubscribeStateKind;
  /** Subscribed channels (`-pnpres` names included), sorted. */
  readonly channels: readonly string[];
  /** Subscribed channel groups, sorted. */
  readonly groups: readonly string[];
  /**
   * The cursor to resume from: the last one received, kept across a channel-set change (docs/protocol.md §8.2) and across
   * outages. `undefined` before the first handshake of a session.
   */
  readonly cursor: PollCursor | undefined;
  /** True when `cursor.region` came from a handshake for the current set, so a retry may poll instead. */
  readonly synced: boolean;
  /** The request in flight (`handshaking`, `receiving`). */
  readonly requestId: number | undefined;
  /** The backoff timer running (`waiting`). */
  readonly timerId: number | undefined;
  /** The next request or timer id; ids are never reused, so a late answer can always be told stale. */
  readonly nextId: number;
  /** Consecutive retryable failures in the current outage (0 when healthy). Drives the backoff step. */
  readonly attempt: number;
  /** An outage, a requested disconnect or a fatal error happened since the last success: the next is a reconnect. */
  readonly interrupted: boolean;
  /** `connected` was already emitted in this session (a session ends when the set becomes empty). */
  readonly announced: boolean;
  /** Injected-clock time of the last successful response, for the `gap` rule. */
  readonly lastContactMs: number | undefined;
  /** Injected-clock time the request in flight was issued, for the pacing rule. */
  readonly polledAtMs: number | undefined;
  /** Long-polls in a row answered at once, empty, with the same cursor (pacing rule 3a); drives their delay. */
  readonly emptyRun: number;
  /** Recently delivered messages, for de-duplication. */
  readonly recent: DedupeWindow;
}

/** The state a new machine starts in: `idle`, nothing subscribed. */
export const initialSubscribeState: SubscribeState = Object.freeze({
  kind: 'idle',
  channels: [],
  groups: [],
  cursor: undefined,
  synced: false,
  requestId: undefined,
  timerId: undefined,
  nextId: 1,
  attempt: 0,
  interrupted: false,
  announced: false,
  lastContactMs: undefined,
  polledAtMs: undefined,
  emptyRun: 0,
  recent: EMPTY_DEDUPE_WINDOW,
});

/** De-duplicates and sorts a list of names. */
export function normalizeNames(names: readonly string[]): readonly string[] {
  return [...new Set(names)].sort();
}

/** True when two normalized lists are equal. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
