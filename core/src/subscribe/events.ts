/**
 * What the subscribe machine is fed: events, past-tense facts (docs/architecture.md §4, §9). The driver (`loop.ts`) turns
 * caller calls, responses, failures and timers into these; `step()` alone decides what they mean.
 *
 * The machine is generic over the message type `M`: it only needs a message's identity (`MessageIdentity`, for
 * de-duplication) and never looks inside. This keeps it independent of the wire parser in `operations/`, whose
 * `SubscribeResult` is a `PollOutcome<SubscribeEnvelope>`.
 */
import type { Timetoken } from '../timetoken.js';
import type { MessageIdentity } from './dedupe-window.js';

/**
 * Where the next long-poll resumes: the response's `t.t` and `t.r` (docs/protocol.md §2.4). Structurally the same as
 * `SubscribeCursor` in `operations/`.
 */
export interface PollCursor {
  /** Cursor timetoken (a string: 17 digits exceed 2^53, docs/protocol.md §8.2). */
  readonly timetoken: Timetoken;
  /** Cursor region, sent back as `tr`. */
  readonly region: number;
}

/** A parsed long-poll response: the next cursor and the batch, in wire order. */
export interface PollOutcome<M extends MessageIdentity = MessageIdentity> {
  readonly cursor: PollCursor;
  readonly messages: readonly M[];
}

/**
 * The caller set the subscription to exactly these channels and groups (an empty pair means "none"), filtered by
 * `filterExpression` on the service (`filter-expr`, docs/protocol.md §2.4). A new filter is a new subscription: it
 * re-handshakes like a new channel set.
 */
export interface SubsChanged {
  readonly type: 'subsChanged';
  readonly channels: readonly string[];
  readonly groups: readonly string[];
  /** The service-side filter; `undefined` or `""` for none. */
  readonly filterExpression?: string | undefined;
}

/** The request `requestId` (from a `poll` command) answered, and the answer parsed. */
export interface ResponseArrived<M extends MessageIdentity = MessageIdentity> {
  readonly type: 'responseArrived';
  readonly requestId: number;
  readonly result: PollOutcome<M>;
}

/** The request `requestId` failed: no response, an error response, or a body that did not parse. */
export interface RequestFailed {
  readonly type: 'requestFailed';
  readonly requestId: number;
  readonly error: Error;
}

/** The timer `timerId` (from a `startTimer` command) fired. */
export interface TimerFired {
  readonly type: 'timerFired';
  readonly timerId: number;
}

/** The caller asked to stop receiving but keep the subscription and cursor (the seed's disconnect). */
export interface DisconnectRequested {
  readonly type: 'disconnectRequested';
}

/** The caller asked to receive again: after `disconnectRequested`, after a fatal error, or to skip a backoff wait. */
export interface ReconnectRequested {
  readonly type: 'reconnectRequested';
}

/** Every event the subscribe machine accepts. */
export type SubscribeEvent<M extends MessageIdentity = MessageIdentity> =
  | SubsChanged
  | ResponseArrived<M>
  | RequestFailed
  | TimerFired
  | DisconnectRequested
  | ReconnectRequested;
