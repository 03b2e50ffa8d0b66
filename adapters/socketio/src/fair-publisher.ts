/**
 * Publishing for sockets, fairly: each socket has at most `maxPendingPerSocket` publishes waiting or in flight
 * (one more is refused at once with `RATE_LIMITED`), and each channel sends at most `maxInFlightPerChannel` to
 * the client at a time, taking the next one from each waiting socket in turn.
 *
 * Why: the client's per-channel publish lane is shared by every socket and bounded (a full lane refuses). Without
 * this, one socket flooding a channel fills that lane and every other user's publish there fails. With it, the
 * lane never holds more than `maxInFlightPerChannel` of the bridge's publishes, a flooding socket is refused once
 * it has its share pending, and a quiet socket's publish waits for at most one publish of each other socket.
 *
 * Order: each socket's publishes to one channel leave in the order it sent them, and the client keeps per-channel
 * call order (docs/architecture.md §11), so they are stored in that order.
 */
import { BridgeFailure } from './requests.js';

/** The publish limits, resolved. */
export interface PublishPolicy {
  readonly maxPendingPerSocket: number;
  readonly maxInFlightPerChannel: number;
}

interface Job {
  readonly message: unknown;
  readonly resolve: (result: readonly unknown[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Lane {
  inFlight: number;
  /** Sockets with jobs waiting on this channel, in turn order; each socket's jobs in send order. */
  readonly waiting: Map<object, Job[]>;
}

/** Per-socket limits and round-robin turns in front of `publish`. */
export class FairPublisher {
  readonly #publish: (channel: string, message: unknown) => Promise<readonly unknown[]>;
  readonly #policy: PublishPolicy;
  readonly #lanes = new Map<string, Lane>();
  readonly #pending = new Map<object, number>();
  /** Publishes refused because their socket had its share pending. */
  limited = 0;

  constructor(publish: (channel: string, message: unknown) => Promise<readonly unknown[]>, policy: PublishPolicy) {
    this.#publish = publish;
    this.#policy = policy;
  }

  /** Publishes waiting for a turn or in flight, over every socket. */
  get pending(): number {
    let n = 0;
    for (const count of this.#pending.values()) n += count;
    return n;
  }

  /**
   * Queues `message` for `owner` (a socket's session) on `channel`; resolves with the client's publish result.
   * @throws BridgeFailure `RATE_LIMITED` (as a rejection) when `owner` already has its share pending
   */
  submit(owner: object, channel: string, message: unknown): Promise<readonly unknown[]> {
    const pending = this.#pending.get(owner) ?? 0;
    if (pending >= this.#policy.maxPendingPerSocket) {
      this.limited += 1;
      return Promise.reject(
        new BridgeFailure(
          'RATE_LIMITED',
          `at most ${this.#policy.maxPendingPerSocket} publishes may be pending per socket; wait for their acks`,
        ),
      );
    }
    this.#pending.set(owner, pending + 1);
    let lane = this.#lanes.get(channel);
    if (lane === undefined) {
      lane = { inFlight: 0, waiting: new Map() };
      this.#lanes.set(channel, lane);
    }
    const queued = lane;
    const promise = new Promise<readonly unknown[]>((resolve, reject) => {
      const jobs = queued.waiting.get(owner);
      if (jobs === undefined) queued.waiting.set(owner, [{ message, resolve, reject }]);
      else jobs.push({ message, resolve, reject });
    });
    this.#pump(channel, lane);
    return promise.finally(() => this.#release(owner));
  }

  /** Refuses everything `owner` still has waiting (its socket is gone); what is in flight completes. */
  forget(owner: object): void {
    for (const lane of this.#lanes.values()) {
      const jobs = lane.waiting.get(owner);
      if (jobs === undefined) continue;
      lane.waiting.delete(owner);
      for (const job of jobs) job.reject(new BridgeFailure('CLOSED', 'the socket is gone'));
    }
  }

  #pump(channel: string, lane: Lane): void {
    while (lane.inFlight < this.#policy.maxInFlightPerChannel && lane.waiting.size > 0) {
      // The first socket in turn order gives one job, then goes to the back of the line if it has more.
      const [owner, jobs] = lane.waiting.entries().next().value as [object, Job[]];
      lane.waiting.delete(owner);
      const job = jobs.shift()!;
      if (jobs.length > 0) lane.waiting.set(owner, jobs);
      lane.inFlight += 1;
      let sent: Promise<readonly unknown[]>;
      try {
        sent = this.#publish(channel, job.message);
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(job.resolve, job.reject).finally(() => {
        lane.inFlight -= 1;
        if (lane.inFlight > 0 || lane.waiting.size > 0) this.#pump(channel, lane);
        else if (this.#lanes.get(channel) === lane) this.#lanes.delete(channel);
      });
    }
  }

  #release(owner: object): void {
    const left = (this.#pending.get(owner) ?? 1) - 1;
    if (left > 0) this.#pending.set(owner, left);
    else this.#pending.delete(owner);
  }
}
