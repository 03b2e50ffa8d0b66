/**
 * What the subscribe machine asks for: commands, imperatives (docs/architecture.md §4, §9), and the statuses it reports. The
 * driver executes commands in order; it never decides anything itself.
 */
import type { Timetoken } from '../timetoken.js';
import type { MessageIdentity } from './dedupe-window.js';
import type { PollCursor } from './events.js';

/**
 * Send one v2 subscribe request. Without `cursor` it is a handshake (no `tt`, docs/protocol.md §2.4 quirk 2); with one it
 * is a long-poll from `cursor.timetoken` with `tr = cursor.region`.
 */
export interface PollCommand {
  readonly type: 'poll';
  /** Identifies the request in the `responseArrived` / `requestFailed` event it settles with. */
  readonly requestId: number;
  readonly channels: readonly string[];
  readonly groups: readonly string[];
  readonly cursor?: PollCursor;
  /** Sent as `filter-expr` when present. */
  readonly filterExpression?: string;
}

/** Abort the request `requestId`; whatever it settles with later is stale and will be dropped. */
export interface AbortCommand {
  readonly type: 'abort';
  readonly requestId: number;
}

/** Start a one-shot timer; when it fires, feed `timerFired { timerId }`. */
export interface StartTimerCommand {
  readonly type: 'startTimer';
  readonly timerId: number;
  readonly delayMs: number;
}

/** Cancel the timer `timerId`. */
export interface CancelTimerCommand {
  readonly type: 'cancelTimer';
  readonly timerId: number;
}

/**
 * Deliver the fresh messages of one response to the listener, one by one, in this order: wire order, each once. One
 * command per response (never empty), not per message: the driver walks the batch (issue 4's per-message CPU).
 */
export interface EmitMessagesCommand<M extends MessageIdentity = MessageIdentity> {
  readonly type: 'emitMessages';
  readonly messages: readonly M[];
}

/** Deliver one status to the listener. */
export interface EmitStatusCommand {
  readonly type: 'emitStatus';
  readonly status: SubscribeStatus;
}

/** Every command the subscribe machine issues. */
export type SubscribeCommand<M extends MessageIdentity = MessageIdentity> =
  | PollCommand
  | AbortCommand
  | StartTimerCommand
  | CancelTimerCommand
  | EmitMessagesCommand<M>
  | EmitStatusCommand;

/** The subscription a status is about. */
export interface SubscriptionSet {
  readonly channels: readonly string[];
  readonly groups: readonly string[];
}

/**
 * A change in the connection's life, for the listener (the seed's `connect`, `disconnect`, `reconnect`, `error`
 * callbacks, docs/architecture.md §5, plus `subscriptionChanged` and `gap`).
 * - `connected`: the first handshake of a session succeeded.
 * - `subscriptionChanged`: the handshake for a changed channel set succeeded, with no outage in between.
 * - `reconnected`: the first success after an outage, a `disconnected { reason: 'requested' }` or an `error`.
 * - `disconnected`: `reason: 'failure'` at the first failure of an outage (retries follow), `'requested'` on
 *   `disconnectRequested`, `'unsubscribed'` when the channel set became empty.
 * - `error`: a fatal failure (400/403/404/413, …), or `retry.maxAttempts` retryable failures in a row (then
 *   `attempts` is set); the machine stops until `reconnectRequested` or `subsChanged`.
 * - `gap`: an outage outlived the service's catch-up window, or the service lost what it had (see `reason`); messages
 *   after `from` up to `to` may be lost and can be fetched from history.
 */
export type SubscribeStatus =
  | ({
      readonly category: 'connected' | 'subscriptionChanged' | 'reconnected';
      readonly cursor: PollCursor;
    } & SubscriptionSet)
  | ({ readonly category: 'disconnected'; readonly reason: 'failure'; readonly error: Error } & SubscriptionSet)
  | ({ readonly category: 'disconnected'; readonly reason: 'requested' | 'unsubscribed' } & SubscriptionSet)
  | ({
      readonly category: 'error';
      /** The fatal failure, or the last of the retryable failures that used up `retry.maxAttempts`. */
      readonly error: Error;
      /** Set when the loop gave up retrying: the retryable failures in a row, `maxAttempts` of them. */
      readonly attempts?: number;
    } & SubscriptionSet)
  | ({
      readonly category: 'gap';
      /**
       * Why messages may be missing: `catchUpWindow`, the outage outlived the service's catch-up window; or
       * `serviceLost`, the service's first answer after the break came from another region or from behind the kept
       * cursor, so it lost what it held (a restart), however short the outage.
       */
      readonly reason: 'catchUpWindow' | 'serviceLost';
      /** The cursor the loop resumed from: the last message seen is at or before it. */
      readonly from: Timetoken;
      /** The cursor of the first response after the outage: messages after it are delivered normally. */
      readonly to: Timetoken;
      /** How long the outage lasted by the injected clock, in ms. */
      readonly outageMs: number;
    } & SubscriptionSet);
