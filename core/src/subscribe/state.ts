/**
 * The subscribe machine's state: a discriminated union on `kind`, one immutable record per state of the transition
 * table (`subscribe-table.ts`, docs/architecture.md §4), each carrying only what it may carry:
 * - `idle` holds nothing but the id counter and the dedupe window (a new session starts "now");
 * - every other state holds a session: the subscribed set, the cursor and the outage bookkeeping;
 * - `handshaking` and `receiving` hold the one request in flight (`requestId`, `polledAtMs`), `waiting` the one
 *   timer (`timerId`); `stopped` holds neither;
 * - `receiving` always has a cursor that a handshake synced (it polls from it).
 * `channels`/`groups` are de-duplicated and sorted, as current SDKs send them (docs/protocol.md §2.4), so "the same
 * set" is a plain comparison.
 */
import { type DedupeWindow, EMPTY_DEDUPE_WINDOW } from './dedupe-window.js';
import type { PollCursor } from './events.js';

/** The five states (docs/architecture.md §4). */
export type SubscribeStateKind = 'idle' | 'handshaking' | 'receiving' | 'waiting' | 'stopped';

/** What every state holds. */
export interface StateAlways {
  /** The next request or timer id; ids are never reused, so a late answer can always be told stale. */
  readonly nextId: number;
  /** Recently delivered messages, for de-duplication (kept across sessions). */
  readonly recent: DedupeWindow;
}

/** Nothing subscribed. */
export interface IdleState extends StateAlways {
  readonly kind: 'idle';
}

/** What a session (any state but `idle`) holds. */
export interface SessionFields extends StateAlways {
  /** Subscribed channels (`-pnpres` names included, wildcard patterns as given), sorted; never empty with `groups`. */
  readonly channels: readonly string[];
  /** Subscribed channel groups (`-pnpres` names included), sorted. */
  readonly groups: readonly string[];
  /** The service-side filter (`filter-expr`) the set is polled with; `undefined` for none. */
  readonly filterExpression: string | undefined;
  /**
   * The cursor to resume from: the last one received, kept across a channel-set change (docs/protocol.md §8.2) and
   * across outages. `undefined` before the first handshake of a session has answered.
   */
  readonly cursor: PollCursor | undefined;
  /** True when `cursor.region` came from a handshake for the current set, so a retry may poll instead. */
  readonly synced: boolean;
  /** Consecutive retryable failures in the current outage (0 when healthy). Drives the backoff step. */
  readonly attempt: number;
  /** An outage, a requested disconnect or a fatal error happened since the last success: the next is a reconnect. */
  readonly interrupted: boolean;
  /** `connected` was already emitted in this session. */
  readonly announced: boolean;
  /** Injected-clock time of the last successful response, for the `gap` rule. */
  readonly lastContactMs: number | undefined;
  /** Long-polls in a row answered at once, empty, with the same cursor (pacing rule 3a); drives their delay. */
  readonly emptyRun: number;
}

/** What a state with a request in flight holds (one, never two: rule 1). */
export interface InFlightFields {
  /** The request in flight. */
  readonly requestId: number;
  /** Injected-clock time it was issued, for the pacing rule (3a). */
  readonly polledAtMs: number;
}

/** A handshake (no `tt`) is in flight. */
export interface HandshakingState extends SessionFields, InFlightFields {
  readonly kind: 'handshaking';
}

/** A long-poll from `cursor` is in flight. */
export interface ReceivingState extends SessionFields, InFlightFields {
  readonly kind: 'receiving';
  readonly cursor: PollCursor;
  readonly synced: true;
}

/** A backoff or pacing timer runs; nothing is in flight. */
export interface WaitingState extends SessionFields {
  readonly kind: 'waiting';
  /** The timer running. */
  readonly timerId: number;
}

/** Stopped by a fatal error, the retry limit or a requested disconnect: waits for a reconnect or a new set. */
export interface StoppedState extends SessionFields {
  readonly kind: 'stopped';
  readonly interrupted: true;
}

/** The whole state of the subscribe machine. Plain data: compare, log or snapshot it freely. */
export type SubscribeState = IdleState | HandshakingState | ReceivingState | WaitingState | StoppedState;

/** Any state but `idle`: a session is open. */
export type SessionState = Exclude<SubscribeState, IdleState>;

/** The state a new machine starts in: `idle`, nothing subscribed. */
export const initialSubscribeState: IdleState = Object.freeze({ kind: 'idle', nextId: 1, recent: EMPTY_DEDUPE_WINDOW });

/** The session fields of a state, without its kind and in-flight fields: what a transition carries over. */
export function sessionOf(state: SessionState): SessionFields {
  const { channels, groups, filterExpression, cursor, synced, attempt, interrupted, announced } = state;
  const { lastContactMs, emptyRun, nextId, recent } = state;
  return {
    channels,
    groups,
    filterExpression,
    cursor,
    synced,
    attempt,
    interrupted,
    announced,
    lastContactMs,
    emptyRun,
    nextId,
    recent,
  };
}

/** The subscribed set of a state (empty when `idle`). */
export function subscribedSet(state: SubscribeState): {
  readonly channels: readonly string[];
  readonly groups: readonly string[];
} {
  return state.kind === 'idle' ? { channels: [], groups: [] } : { channels: state.channels, groups: state.groups };
}

/** A filter as the session holds it: `""` is no filter. */
export function normalizeFilter(filterExpression: string | undefined): string | undefined {
  return filterExpression === '' ? undefined : filterExpression;
}

/** De-duplicates and sorts a list of names. */
export function normalizeNames(names: readonly string[]): readonly string[] {
  return [...new Set(names)].sort();
}

/** True when two normalized lists are equal. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
