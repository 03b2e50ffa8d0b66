/**
 * `HeartbeatLoop`: the driver of the presence heartbeat machine (`heartbeat-machine.ts`), built like
 * `SubscribeLoop` on the same `MachineDriver` (`driver.ts`): it turns calls, settled requests and timer ticks into
 * events, executes the machine's commands through the injected `Transport` and `Scheduler`, queues events raised
 * while commands run, and never lets a promise reject unhandled. Requests are built with `buildHeartbeat` and
 * checked with `parseHeartbeat`.
 */
import { PubnubStateError, PubnubValidationError } from '../errors.js';
import { buildHeartbeat, MAX_PRESENCE_TIMEOUT, parseHeartbeat } from '../presence/index.js';
import type { InFlight } from '../transport.js';
import { asError, MachineDriver, type OwnCommandHandlers } from './driver.js';
import {
  type HeartbeatCommand,
  type HeartbeatEvent,
  type HeartbeatStatus,
  initialHeartbeatState,
  stepHeartbeat,
} from './heartbeat-machine.js';
import type { LoopSeams } from './loop-options.js';

/** Options of {@link HeartbeatLoop}. */
export interface HeartbeatLoopOptions extends LoopSeams {
  /** Presence timeout in seconds (1–320), sent as `heartbeat`; 0 disables the loop. */
  readonly heartbeat: number;
  /** Time between heartbeats in ms. @default (heartbeat / 2 − 1) s, at least 1 s (docs/protocol.md §8.4) */
  readonly intervalMs?: number;
  /** Presence state per channel, read before every request. @default not sent */
  readonly state?: () => Readonly<Record<string, unknown>> | undefined;
  /** Receives `heartbeatFailed` statuses. @default none */
  readonly onStatus?: (status: HeartbeatStatus) => void;
}

/** Sends `/heartbeat` every interval while there are channels or groups to announce. */
export class HeartbeatLoop {
  readonly #options: HeartbeatLoopOptions;
  readonly #intervalMs: number;
  #state = initialHeartbeatState;
  readonly #driver: MachineDriver<HeartbeatEvent>;

  /**
   * Creates an idle loop; nothing is sent until {@link setSubscriptions}.
   * @throws PubnubValidationError when `heartbeat` is not 0 or a whole number of seconds from 1 to 320
   */
  constructor(options: HeartbeatLoopOptions) {
    const { heartbeat } = options;
    if (!Number.isInteger(heartbeat) || heartbeat < 0 || heartbeat > MAX_PRESENCE_TIMEOUT) {
      throw new PubnubValidationError('heartbeat', `heartbeat must be 0 or 1–${MAX_PRESENCE_TIMEOUT} seconds`);
    }
    this.#options = options;
    this.#intervalMs = heartbeat === 0 ? 0 : (options.intervalMs ?? Math.max(1, heartbeat / 2 - 1) * 1000);
    this.#driver = new MachineDriver('heartbeat loop', options.scheduler, options.env.logger, (event) => {
      const { state, commands } = stepHeartbeat(this.#state, event, { intervalMs: this.#intervalMs });
      this.#state = state;
      for (const command of commands) this.#driver.run(command, this.#own);
    });
  }

  /** The interval in ms (0 when disabled). */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /**
   * Sets what to announce (`-pnpres` names are ignored). A new set sends a heartbeat at once; an empty set stops.
   * @throws PubnubValidationError for an invalid name (checked before anything changes)
   * @throws PubnubStateError after {@link stop}
   */
  setSubscriptions(channels: readonly string[], groups: readonly string[] = []): void {
    if (this.#driver.closed) throw new PubnubStateError('the heartbeat loop is stopped', { operation: 'heartbeat' });
    if (this.#intervalMs > 0) this.#build(channels, groups);
    this.#driver.dispatch({ type: 'subsChanged', channels, groups });
  }

  /** Stops for good: aborts the heartbeat in flight and cancels the tick. Safe to call twice. */
  stop(): void {
    if (this.#driver.closed) return;
    this.#driver.dispatch({ type: 'subsChanged', channels: [], groups: [] });
    this.#driver.close();
  }

  #build(channels: readonly string[], groups: readonly string[]) {
    const { heartbeat, state, context } = this.#options;
    const current = state?.();
    return buildHeartbeat(
      { channels, channelGroups: groups, heartbeat, ...(current === undefined ? {} : { state: current }) },
      context(),
    );
  }

  /** This loop's half of the shared command switch (`MachineDriver.run`). */
  readonly #own: OwnCommandHandlers<HeartbeatCommand> = {
    send: (c) => this.#send(c.requestId, c.channels, c.groups),
    emitStatus: (c) => this.#driver.listen('onStatus', () => this.#options.onStatus?.(c.status)),
  };

  #send(requestId: number, channels: readonly string[], groups: readonly string[]): void {
    let inFlight: InFlight;
    try {
      const request = this.#build(channels, groups);
      // Nothing left to announce once `-pnpres` names are dropped: count it as a beat done.
      if (request === undefined) {
        this.#driver.dispatch({ type: 'responseArrived', requestId });
        return;
      }
      inFlight = this.#options.transport.send(request);
    } catch (err) {
      this.#driver.dispatch({ type: 'requestFailed', requestId, error: asError(err) });
      return;
    }
    this.#driver.track(requestId, inFlight, (res) => {
      parseHeartbeat(res);
      return { type: 'responseArrived', requestId };
    });
  }
}
