/**
 * What a test peer received, in order, with a way to wait for an event without sleeping: `waitFor` resolves on
 * the first matching event already logged or still to come, and fails after a timeout it always clears.
 */
import { until as pollUntil } from '../../support/until.js';

/** Pushed event kinds of the protocol. */
export type PushKind = 'message' | 'presence' | 'file' | 'status';

/** One logged event. */
export interface Logged {
  readonly kind: PushKind;
  readonly payload: Record<string, unknown>;
}

type Match = (event: Logged) => boolean;

/** An ordered log of pushed events. */
export class EventLog {
  readonly events: Logged[] = [];
  #waiters: Array<{ match: Match; resolve: (event: Logged) => void }> = [];

  push(kind: PushKind, payload: Record<string, unknown>): void {
    const event = { kind, payload };
    this.events.push(event);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      if (waiter.match(event)) waiter.resolve(event);
      else this.#waiters.push(waiter);
    }
  }

  /** Payloads of one kind, in order. */
  of(kind: PushKind): Record<string, unknown>[] {
    return this.events.filter((e) => e.kind === kind).map((e) => e.payload);
  }

  /** The `message` field of every message event on `channel`. */
  messages(channel?: string): unknown[] {
    return this.of('message')
      .filter((p) => channel === undefined || p.channel === channel)
      .map((p) => p.message);
  }

  /** Resolves with the first event of `kind` for which `match` holds. */
  waitFor(
    kind: PushKind,
    match: (payload: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<Record<string, unknown>> {
    const test: Match = (e) => e.kind === kind && match(e.payload);
    const found = this.events.find(test);
    if (found !== undefined) return Promise.resolve(found.payload);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: test,
        resolve: (e: Logged) => {
          clearTimeout(timer);
          resolve(e.payload);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        const got = JSON.stringify(this.events.slice(-5)).slice(0, 400);
        reject(new Error(`no ${kind} event matched within ${timeoutMs} ms; the last events: ${got}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }
}

/** Polls `condition` every 10 ms until it holds; fails with `what` after `timeoutMs`. */
export function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  return pollUntil(condition, what, timeoutMs, 10);
}
