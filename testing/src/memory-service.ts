/**
 * The in-memory PubNub service behind a `TestNetwork` (docs/testing.md §2.3): it answers the requests real clients
 * send (already built by `@pubkit/core`, so it reads `PnRequest` objects, not sockets) with the wire bodies the real
 * service sends, on the virtual clock.
 *
 * What it implements, and why only that: the messaging loop a user's app runs in a test — `time`, `publish`, `fire`,
 * `signal`, `subscribe` (channels, `a.*` wildcards, `filter-expr`, cursors, 280 s long-polls that park on the
 * virtual clock), `heartbeat` and `leave`, with presence events (`memory-presence.ts`). Everything else (history,
 * presence queries, Access Manager, channel
 * groups, App Context, files) is answered with a PubNub-shaped 400 that names `startTestServer()`: the real server
 * has that logic, and `@pubkit/server`'s public entry offers it only over HTTP, so a second in-memory copy would
 * be a second implementation to keep in step (docs/testing.md §2.5).
 */
import {
  type Clock,
  type CompiledFilter,
  compileFilter,
  decodePathSegment,
  type PnRequest,
  type PnResponse,
  parseFilter,
  presenceChannel,
  type Scheduler,
  splitNameList,
  type TimerHandle,
} from '@pubkit/core';
import { DEFAULT_PRESENCE_TIMEOUT_SEC, MemoryPresence } from './memory-presence.js';

/** A message the service holds, as a test reads it back. */
export interface ServiceMessage {
  readonly channel: string;
  /** The publish timetoken (17 digits). */
  readonly timetoken: string;
  readonly message: unknown;
  /** The publisher's uuid. */
  readonly publisher?: string | undefined;
  readonly meta?: unknown;
  /** `signal` for signals; `message` for publish and fire. */
  readonly kind: 'message' | 'signal';
}

/** What `MemoryService.publish` takes besides channel and message. */
export interface ServicePublishOptions {
  /** The publisher uuid subscribers see. @default "pubkit-testing" */
  readonly publisher?: string | undefined;
  /** Publish `meta` (what filter expressions read). */
  readonly meta?: unknown;
  /** @default "message" */
  readonly kind?: 'message' | 'signal' | undefined;
}

/** One answer under way: `cancel` drops it (the client aborted, or a partition cut it off). */
export interface PendingAnswer {
  readonly response: Promise<PnResponse>;
  cancel(): void;
}

/** Options of `MemoryService`. */
export interface MemoryServiceOptions {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  /** How long a subscribe long-poll parks before an empty answer. @default 280000 */
  readonly longPollMs?: number | undefined;
  /** Messages kept per channel for catch-up; older ones are dropped first. @default 10000 */
  readonly maxMessagesPerChannel?: number | undefined;
  /** Called on every answer and every publish (the network's idle detection counts them). */
  readonly onActivity?: (() => void) | undefined;
}

/** At most this many envelopes per subscribe answer, as the real service (docs/protocol.md §2.4). */
const MAX_BATCH = 100;

interface Stored extends ServiceMessage {
  readonly tt: bigint;
}

interface Poll {
  readonly names: readonly string[];
  readonly filter: CompiledFilter | undefined;
  readonly cursor: bigint;
  readonly subscribeKey: string;
  readonly answer: (res: PnResponse) => void;
  timer: TimerHandle | undefined;
}

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json; charset=UTF-8' });
const reply = (status: number, body: unknown): PnResponse => ({ status, headers: JSON_HEADERS, body: text(body) });
const text = (body: unknown): string => (typeof body === 'string' ? body : JSON.stringify(body));

/** An in-memory PubNub service for the messaging loop, on a virtual clock. */
export class MemoryService {
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  readonly #longPollMs: number;
  readonly #maxPerChannel: number;
  readonly #onActivity: () => void;
  readonly #channels = new Map<string, Stored[]>();
  readonly #polls = new Set<Poll>();
  readonly #filters = new Map<string, CompiledFilter>();
  readonly #presence: MemoryPresence;
  #last = 0n;

  /** @default options.longPollMs 280000, options.maxMessagesPerChannel 10000 */
  constructor(options: MemoryServiceOptions) {
    this.#clock = options.clock;
    this.#scheduler = options.scheduler;
    this.#longPollMs = options.longPollMs ?? 280_000;
    this.#maxPerChannel = options.maxMessagesPerChannel ?? 10_000;
    this.#onActivity = options.onActivity ?? (() => {});
    this.#presence = new MemoryPresence(
      this.#scheduler,
      () => this.#clock.nowMs(),
      (channel, event) => this.#store({ channel: presenceChannel(channel), message: event, kind: 'message' }),
    );
  }

  /** Uuids present in a channel (joined by a subscribe or heartbeat, not yet left or timed out). */
  occupants(channel: string): string[] {
    return this.#presence.occupants(channel);
  }

  /** Subscribe long-polls parked, waiting for a message or their 280 s. */
  get parked(): number {
    return this.#polls.size;
  }

  /** The messages a channel holds, oldest first (a test's assertions read them). */
  messages(channel: string): readonly ServiceMessage[] {
    return (this.#channels.get(channel) ?? []).map(({ tt: _tt, ...message }) => message);
  }

  /** Publishes from the service side (no client): wakes parked subscribers. Returns the timetoken. */
  publish(channel: string, message: unknown, options: ServicePublishOptions = {}): string {
    const stored = this.#store({
      channel,
      message,
      publisher: options.publisher ?? 'pubkit-testing',
      meta: options.meta,
      kind: options.kind ?? 'message',
    });
    return stored.timetoken;
  }

  /** Answers one request. Never throws: a request it cannot read gets PubNub's 400. */
  handle(request: PnRequest): PendingAnswer {
    this.#onActivity();
    try {
      if (request.operation === 'subscribe') return this.#subscribe(request);
      return settled(this.#answer(request));
    } catch (err) {
      return settled(reply(400, { status: 400, error: true, message: (err as Error).message, service: 'Access' }));
    }
  }

  /** Answers every parked long-poll with an empty batch and clears every timer (long-polls, presence timeouts). */
  close(): void {
    for (const poll of [...this.#polls]) this.#release(poll, []);
    this.#presence.close();
  }

  #answer(request: PnRequest): PnResponse {
    switch (request.operation) {
      case 'time':
        return reply(200, `[${this.#now()}]`);
      case 'publish':
      case 'signal':
        return this.#publishRequest(request);
      case 'heartbeat':
        // /v2/presence/sub-key/{sub}/channel/{ch1,ch2}/heartbeat (docs/protocol.md §2.7)
        this.#touch(request, presenceNames(request));
        return reply(200, { status: 200, message: 'OK', service: 'Presence' });
      case 'leave': {
        const uuid = request.query.uuid;
        if (uuid !== undefined) this.#presence.leave(presenceNames(request), uuid);
        return reply(200, { status: 200, message: 'OK', action: 'leave', service: 'Presence' });
      }
      default:
        return reply(400, {
          status: 400,
          error: true,
          service: '@pubkit/testing',
          message: `the in-memory service does not implement ${request.operation}: use startTestServer() for it`,
        });
    }
  }

  #publishRequest(request: PnRequest): PnResponse {
    // /publish/{pub}/{sub}/0/{channel}/0[/{message}] and /signal/… (docs/protocol.md §2.2, §2.3)
    const parts = request.path.split('/');
    const channel = decodePathSegment(parts[5] ?? '');
    const raw = request.method === 'POST' ? request.body : decodePathSegment(parts[7] ?? '');
    const message = readJson(raw);
    if (channel === undefined || channel === '' || message === undefined) {
      return reply(400, [0, 'Invalid Message', String(this.#now())]);
    }
    const meta = request.query.meta === undefined ? undefined : readJson(request.query.meta);
    const kind = request.operation === 'signal' ? 'signal' : 'message';
    const stored = this.#store({
      channel,
      message: message.value,
      publisher: request.query.uuid,
      meta: meta?.value,
      kind,
    });
    return reply(200, [1, 'Sent', stored.timetoken]);
  }

  #subscribe(request: PnRequest): PendingAnswer {
    // /v2/subscribe/{sub}/{ch1,ch2}/0 with names encoded one by one (docs/protocol.md §2.4)
    const parts = request.path.split('/');
    const names = splitNameList(parts[4] ?? '').map((name) => decodePathSegment(name) ?? name);
    if (request.query['channel-group'] !== undefined) {
      return settled(reply(400, { status: 400, error: true, message: 'channel groups: use startTestServer()' }));
    }
    const expression = request.query['filter-expr'];
    const tt = request.query.tt;
    if (tt === undefined || tt === '0') {
      // The cursor first, then the join: a client sees its own join on its first poll, as from the real service.
      const handshake = this.#batch(this.#now(), []);
      this.#touch(request, names);
      return settled(handshake);
    }
    this.#touch(request, names);
    const poll: Poll = {
      names,
      filter: expression === undefined ? undefined : this.#filter(expression),
      cursor: BigInt(tt),
      subscribeKey: parts[3] ?? '',
      answer: () => {},
      timer: undefined,
    };
    const ready = this.#due(poll);
    if (ready.length > 0) return settled(this.#batchFor(poll, ready));
    let cancel = (): void => {};
    const response = new Promise<PnResponse>((resolve) => {
      const parked: Poll = { ...poll, answer: resolve };
      parked.timer = this.#scheduler.setTimer(this.#longPollMs, () => this.#release(parked, []));
      this.#polls.add(parked);
      cancel = () => {
        if (parked.timer !== undefined) this.#scheduler.clearTimer(parked.timer);
        this.#polls.delete(parked);
      };
    });
    return { response, cancel: () => cancel() };
  }

  /** A subscribe or heartbeat keeps its uuid present for its `heartbeat` seconds (default 300). */
  #touch(request: PnRequest, channels: readonly string[]): void {
    const uuid = request.query.uuid;
    if (uuid === undefined) return;
    const heartbeat = Number(request.query.heartbeat);
    const timeoutSec = Number.isInteger(heartbeat) && heartbeat > 0 ? heartbeat : DEFAULT_PRESENCE_TIMEOUT_SEC;
    this.#presence.touch(channels, uuid, timeoutSec);
  }

  #store(message: Omit<ServiceMessage, 'timetoken'>): Stored {
    const tt = this.#next();
    const stored: Stored = { ...message, timetoken: String(tt), tt };
    const log = this.#channels.get(message.channel) ?? [];
    if (log.length === 0) this.#channels.set(message.channel, log);
    log.push(stored);
    if (log.length > this.#maxPerChannel) log.splice(0, log.length - this.#maxPerChannel);
    this.#onActivity();
    for (const poll of [...this.#polls]) {
      if (!poll.names.some((name) => matches(name, message.channel))) continue;
      const ready = this.#due(poll);
      if (ready.length > 0) this.#release(poll, ready);
    }
    return stored;
  }

  /** Messages after the poll's cursor on its channels that pass its filter, oldest first. */
  #due(poll: Poll): Stored[] {
    const found: Stored[] = [];
    for (const [channel, log] of this.#channels) {
      if (!poll.names.some((name) => matches(name, channel))) continue;
      for (let i = log.length - 1; i >= 0 && log[i]!.tt > poll.cursor; i--) {
        const stored = log[i]!;
        if (poll.filter === undefined || passes(poll.filter, stored)) found.push(stored);
      }
    }
    return found.sort((a, b) => (a.tt < b.tt ? -1 : a.tt > b.tt ? 1 : 0));
  }

  #release(poll: Poll, ready: Stored[]): void {
    if (!this.#polls.delete(poll)) return;
    if (poll.timer !== undefined) this.#scheduler.clearTimer(poll.timer);
    this.#onActivity();
    poll.answer(this.#batchFor(poll, ready));
  }

  #batchFor(poll: Poll, ready: Stored[]): PnResponse {
    const batch = ready.slice(0, MAX_BATCH);
    // A full batch resumes after its last message; otherwise everything up to now was seen (filtered ones too).
    const cursor = batch.length === MAX_BATCH ? batch[MAX_BATCH - 1]!.tt : this.#now();
    const envelopes = batch.map((stored) => ({
      a: '1',
      f: 0,
      ...(stored.kind === 'signal' ? { e: 1 } : {}),
      ...(stored.publisher === undefined ? {} : { i: stored.publisher }),
      p: { t: stored.timetoken, r: 1 },
      k: poll.subscribeKey,
      c: stored.channel,
      d: stored.message,
      ...(stored.meta === undefined ? {} : { u: stored.meta }),
      b: poll.names.find((name) => matches(name, stored.channel)) ?? stored.channel,
    }));
    return this.#batch(cursor, envelopes);
  }

  #batch(cursor: bigint, envelopes: unknown[]): PnResponse {
    return reply(200, { t: { t: String(cursor), r: 1 }, m: envelopes });
  }

  #filter(expression: string): CompiledFilter {
    const known = this.#filters.get(expression);
    if (known !== undefined) return known;
    const filter = compileFilter(parseFilter(expression));
    this.#filters.set(expression, filter);
    return filter;
  }

  /** The current timetoken, never below the last one issued; recorded, so every later message sorts after it. */
  #now(): bigint {
    const clock = BigInt(Math.floor(this.#clock.nowMs())) * 10_000n;
    if (clock > this.#last) this.#last = clock;
    return this.#last;
  }

  /** A fresh timetoken, strictly above every earlier one. */
  #next(): bigint {
    const clock = BigInt(Math.floor(this.#clock.nowMs())) * 10_000n;
    this.#last = clock > this.#last ? clock : this.#last + 1n;
    return this.#last;
  }
}

/** The channels of a presence path `/v2/presence/sub-key/{sub}/channel/{ch1,ch2}/…`. */
function presenceNames(request: PnRequest): string[] {
  return splitNameList(request.path.split('/')[6] ?? '').map((name) => decodePathSegment(name) ?? name);
}

function settled(response: PnResponse): PendingAnswer {
  return { response: Promise.resolve(response), cancel() {} };
}

function readJson(raw: string | undefined): { value: unknown } | undefined {
  if (raw === undefined) return undefined;
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return undefined;
  }
}

/** A subscribed name against a channel: equal, or an `a.*` wildcard over `a.…` (docs/protocol.md §2.4). */
function matches(name: string, channel: string): boolean {
  return name === channel || (name.endsWith('.*') && channel.startsWith(name.slice(0, -1)));
}

function passes(filter: CompiledFilter, stored: Stored): boolean {
  return filter({ meta: () => stored.meta, data: () => stored.message, uuid: stored.publisher });
}
