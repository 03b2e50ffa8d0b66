/**
 * The subscribe machine's tuning and the outside inputs of one step (docs/architecture.md §4), apart from the
 * machine so the table's handlers (`transitions.ts`) and the machine (`machine.ts`) both read them without
 * importing each other.
 */
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import type { SubscribeCommand } from './commands.js';
import { DEFAULT_DEDUPE_WINDOW_SIZE, type MessageIdentity } from './dedupe-window.js';
import type { SubscribeState } from './state.js';

/** Tuning of the subscribe machine. */
export interface SubscribeMachineOptions extends RetryPolicy {
  /**
   * How long an outage may last before a reconnect reports `gap`, in ms. The service keeps about 20 minutes (and at
   * most ~100 messages) per channel for catch-up (docs/protocol.md §12 quirk 18); the default keeps a 5-minute margin,
   * because the message cap can bite first on busy channels. @default 900000 (15 minutes)
   */
  readonly catchUpWindowMs: number;
  /** How many recent messages the de-duplication window remembers; 0 disables it. @default 256 */
  readonly dedupeWindowSize: number;
  /**
   * A long-poll answered sooner than this, with no message and the cursor unchanged, is an echo, not a hold: the
   * next poll waits (rule 3a), so a service that answers at once cannot drive a retry storm. @default 100
   */
  readonly instantPollMs: number;
}

/** The defaults of {@link SubscribeMachineOptions}. */
export const DEFAULT_SUBSCRIBE_OPTIONS: SubscribeMachineOptions = Object.freeze({
  ...DEFAULT_RETRY,
  catchUpWindowMs: 15 * 60 * 1000,
  dedupeWindowSize: DEFAULT_DEDUPE_WINDOW_SIZE,
  instantPollMs: 100,
});

/** The outside inputs of one step, drawn by the driver from the injected `Env` so `step` stays pure. */
export interface SubscribeStepContext {
  /** `env.clock.nowMs()` at the time of the event. */
  readonly nowMs: number;
  /** `env.random.unit()`: the jitter for a backoff delay, in [0, 1). */
  readonly jitter: number;
  /** @default DEFAULT_SUBSCRIBE_OPTIONS */
  readonly options?: SubscribeMachineOptions;
}

/** The result of one step: the next state and the commands to execute, in order. */
export interface SubscribeStep<M extends MessageIdentity = MessageIdentity> {
  readonly state: SubscribeState;
  readonly commands: readonly SubscribeCommand<M>[];
}

/** What a table row's handler is given besides the state and the event (`subscribe-table.ts`). */
export interface SubscribeInput {
  /** `SubscribeStepContext.nowMs`. */
  readonly nowMs: number;
  /** `SubscribeStepContext.jitter`. */
  readonly jitter: number;
  /** The machine's tuning, defaults filled in. */
  readonly options: SubscribeMachineOptions;
}
