/**
 * What a `SubscribeLoop` is given: its seams (transport, scheduler, env, context), its listener, and its tuning,
 * each documented with its default (docs/architecture.md §9).
 */
import type { RequestContext } from '../context.js';
import type { Env } from '../env.js';
import type { SubscribeEnvelope } from '../operations/index.js';
import type { Scheduler, Transport } from '../transport.js';
import type { RetryPolicy } from './backoff.js';
import type { SubscribeStatus } from './commands.js';

/** Receives what the loop delivers. Both methods are optional; an exception thrown by either is logged and ignored. */
export interface SubscribeListener {
  /** One message or event (presence, signal, …), in order, each once. */
  onMessage?(envelope: SubscribeEnvelope): void;
  /** A change in the connection's life (`connected`, `reconnected`, `disconnected`, `error`, `gap`, …). */
  onStatus?(status: SubscribeStatus): void;
}

/** What both loops (`SubscribeLoop`, `HeartbeatLoop`) run on: the injected seams and the request context. */
export interface LoopSeams {
  readonly transport: Transport;
  readonly scheduler: Scheduler;
  /**
   * The subscribe loop uses the clock (outage length for `gap`), randomness (backoff jitter) and logger; the
   * heartbeat loop only the logger.
   */
  readonly env: Env;
  /** Read before every request, so a changed auth key or uuid applies to the next one. */
  readonly context: () => RequestContext;
}

/** Options of {@link SubscribeLoop}. */
export interface SubscribeLoopOptions extends LoopSeams {
  readonly listener: SubscribeListener;
  /** Presence timeout in seconds, sent as `heartbeat` on every poll (docs/protocol.md §2.4). @default not sent */
  readonly heartbeat?: number;
  /** Presence state per channel, read before every request and sent as `state`. @default not sent */
  readonly state?: () => Readonly<Record<string, unknown>> | undefined;
  /** Server-side filter expression (`filter-expr`); `SubscribeLoop.setFilterExpression` changes it. @default not sent */
  readonly filterExpression?: string;
  /**
   * Retries of failed polls: backoff and limit, as the client option `retry` (`RetryOptions` in `config.ts`), so
   * the client's resolved `config.retry` is passed as is; missing fields take their defaults. `false` never
   * retries (`maxAttempts: 0`): the first failure stops the loop with an `error` status.
   * @default { baseDelayMs: 1000, maxDelayMs: 32000, jitterMs: 1000, maxAttempts: Infinity }
   */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Outage length after which a reconnect reports `gap`, in ms. @default 900000 (15 minutes) */
  readonly catchUpWindowMs?: number;
  /** Size of the duplicate-message window. @default 256 */
  readonly dedupeWindowSize?: number;
}
