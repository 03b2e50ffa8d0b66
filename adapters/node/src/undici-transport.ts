/**
 * The core's `Transport` seam over undici (docs/architecture.md §5).
 *
 * Theory of operation:
 * - One undici `Pool` per origin, keep-alive, `pipelining: 1`: every request (subscribe long-polls included) gets
 *   a connection of its own, so a 310 s long-poll never sits in front of a publish.
 * - Ordered publishes (`sendOrdered`) travel on one extra keep-alive connection with HTTP/1.1 pipelining: undici
 *   writes them to the socket in call order and the server reads them in that order, so publishes to a channel
 *   arrive in the order they were called while up to `orderedDepth` of them are in flight.
 * - A request is written at most once (docs/decisions.md, "Never resend a written publish"). Pipelining needs
 *   undici's idempotent mode, in which undici re-queues every request written on a connection that died before
 *   answering it; sent again on the next connection, a publish the server already stored would be stored twice and
 *   after later ones. So when the ordered connection drops, every request already written on it is failed with
 *   `PubnubNetworkError` (`maybeDelivered: true`) before undici can resend it, and an exchange refuses a second
 *   start. Requests not yet written go out on the next connection, still in call order. With `pooling: false`
 *   there is no keep-alive and no pipelining: every request closes its connection, `orderedDepth` is 1 and the
 *   publish queue sends one publish per channel at a time.
 * - Requests are dispatched with undici's handler API (no streams, no AbortSignal per request): the response body is
 *   collected as Buffers and decoded once, up to the operation's `maxResponseBytes`; past it (or at a larger
 *   `content-length`) the request fails with `PubnubResponseTooLargeError` and its socket is destroyed.
 * - The handler implements the callbacks undici's core calls itself (`onConnect`, `onHeaders`, `onData`,
 *   `onComplete`, `onError`: the ones its own `request()` uses), not the controller-based `onRequestStart` family,
 *   which undici adapts to these with two more objects and a parse of the headers into an object per request. The
 *   response's headers stay raw until something reads them (`RawHeadersResponse`): a subscribe loop never does.
 *   Measured on the subscriber path: docs/performance.md §2.
 * - A request's timeout is a deadline over the whole exchange, queueing, headers and body together (issue 9 item 8):
 *   undici's `bodyTimeout` only bounds the gap between two chunks, so a body dripping a byte at a time would never
 *   time out. One unref'd timer per transport (not per request) fires at the earliest deadline in flight and fails
 *   what has expired with `PubnubTimeoutError`, destroying its socket.
 * - A request is signed here, at dispatch time (the `prepare` hook), so a timestamp is never older than the wait in
 *   a queue (docs/protocol.md §4.4: ±60 s).
 * - undici is loaded on the first request, not at import: it is most of the client's memory (RSS after import),
 *   and a program that only builds clients or views (or fails validation) never needs it. Requests made while it
 *   loads wait in order.
 * - Errors are classified by code (`transport-errors.ts`). `close()` aborts every request in flight with
 *   `PubnubAbortError` and destroys the sockets.
 */
import {
  encodeQuery,
  type InFlight,
  type Operation,
  type PnRequest,
  type PnResponse,
  PubnubAbortError,
  PubnubError,
  PubnubResponseTooLargeError,
  PubnubStateError,
  PubnubTimeoutError,
  resolveResponseLimits,
  type Transport,
} from '@pubkit/core';
import type { Client, Dispatcher, Pool } from 'undici';
import type { RequestLog } from './request-log.js';
import { classifyTransportError, lostAfterWrite } from './transport-errors.js';

/** Options of `UndiciTransport`. */
export interface UndiciTransportOptions {
  /** Base URL, `scheme://host[:port]` (see `resolveOrigin`). */
  readonly origin: string;
  /** Keep connections alive and reuse them. @default true */
  readonly pooling?: boolean | undefined;
  /** Most sockets the pool opens to the origin. @default 128 */
  readonly maxSockets?: number | undefined;
  /** How long an idle keep-alive socket stays open, in ms. @default 4000 */
  readonly keepAliveTimeoutMs?: number | undefined;
  /** TCP/TLS connect timeout in ms. @default 10000 */
  readonly connectTimeoutMs?: number | undefined;
  /** Most ordered publishes pipelined on the ordered connection. @default 32 */
  readonly orderedDepth?: number | undefined;
  /** Rewrites a request just before it is sent (signing). @default identity */
  readonly prepare?: ((request: PnRequest) => PnRequest) | undefined;
  /** Most bytes of a response body, by operation (core's `resolveResponseLimits`). @default resolveResponseLimits() */
  readonly maxResponseBytes?: ((operation: Operation) => number) | undefined;
  /** Where each finished exchange is logged at debug (redacted). @default none */
  readonly log?: RequestLog | undefined;
}

type Headers = Record<string, string>;

const noop = (): void => {};

/**
 * A response whose headers are decoded on first read, lower-cased, repeated ones joined with `, ` (what
 * `PnResponse.headers` promises). Most responses are never asked for a header.
 */
class RawHeadersResponse implements PnResponse {
  readonly status: number;
  readonly body: string;
  #raw: Buffer[] | undefined;
  #headers: Headers | undefined;

  constructor(status: number, raw: Buffer[], body: string) {
    this.status = status;
    this.#raw = raw;
    this.body = body;
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      this.#headers = decodeHeaders(this.#raw ?? []);
      this.#raw = undefined;
    }
    return this.#headers;
  }
}

/** Raw header lines (name, value, name, value, …) as a record with lower-case names. */
function decodeHeaders(raw: readonly Buffer[]): Headers {
  const out: Headers = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    const before = out[name];
    out[name] = before === undefined ? value : `${before}, ${value}`;
  }
  return out;
}

/** The `content-length` of raw header lines, or `undefined`. Only names of its length are decoded. */
function contentLength(raw: readonly Buffer[]): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 14 && name.toString('latin1').toLowerCase() === 'content-length') {
      return raw[i + 1]!.toString('latin1');
    }
  }
  return undefined;
}

const NO_HEADERS: Buffer[] = [];

/** One request in flight: the undici handler, the `InFlight` handle and the promise in one object. */
class Exchange implements InFlight, Dispatcher.DispatchHandler {
  readonly response: Promise<PnResponse>;
  #resolve!: (res: PnResponse) => void;
  #reject!: (err: unknown) => void;
  /** undici's abort for this request, once it is bound to a connection (`onConnect`). */
  #abortRequest: ((err?: Error) => void) | undefined;
  #settled = false;
  /** Set once undici started writing the request; a second start would be a resend. */
  #written = false;
  #aborted: Error | undefined;
  #status = 0;
  #rawHeaders: Buffer[] = NO_HEADERS;
  #chunks: Buffer[] = [];
  #bytes = 0;
  readonly #owner: UndiciTransport;
  readonly #operation: Operation;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #request: PnRequest;
  readonly #startedAt: number;
  /** True for a request on the pipelined ordered connection. */
  readonly ordered: boolean;
  /** `performance.now()` past which the exchange has timed out. */
  readonly deadline: number;

  constructor(owner: UndiciTransport, request: PnRequest, ordered: boolean, maxBytes: number) {
    this.#owner = owner;
    this.#operation = request.operation;
    this.#timeoutMs = request.timeoutMs;
    this.#maxBytes = maxBytes;
    this.ordered = ordered;
    this.#request = request;
    this.#startedAt = performance.now();
    this.deadline = this.#startedAt + request.timeoutMs;
    this.response = new Promise<PnResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** True once the response or an error was delivered. */
  get settled(): boolean {
    return this.#settled;
  }

  /** True once the request was (being) written to a socket. */
  get written(): boolean {
    return this.#written;
  }

  /** Fails a written request whose connection died, before undici can write it again. @internal */
  lose(): void {
    this.#stop(lostAfterWrite(this.#operation));
  }

  /** Fails the exchange at its deadline and drops its connection. @internal */
  expire(): void {
    this.#stop(new PubnubTimeoutError(this.#timeoutMs, { operation: this.#operation }));
  }

  /** Settles with `err` and aborts the request: undici destroys its socket (or drops it from the queue). */
  #stop(err: Error): void {
    if (this.#settled) return;
    this.#aborted ??= err;
    this.#fail(err);
    this.#abortRequest?.(err);
  }

  #tooLarge(): void {
    const head = Buffer.concat(this.#chunks).subarray(0, 2048).toString('utf8');
    this.#chunks = [];
    const upstream = { status: this.#status, body: head };
    this.#stop(new PubnubResponseTooLargeError(this.#maxBytes, upstream, { operation: this.#operation }));
  }

  abort(reason?: PubnubAbortError): void {
    if (this.#settled) return;
    const err = reason ?? new PubnubAbortError(undefined, { operation: this.#operation });
    this.#aborted = err;
    // Whoever aborts has stopped caring about the outcome: never let the rejection go unhandled.
    this.response.catch(noop);
    // Settle now: a request still queued for a connection has no abort function yet, and the caller must not wait.
    this.#fail(err);
    this.#abortRequest?.(err);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abortRequest = abort;
    if (this.#aborted !== undefined) {
      abort(this.#aborted);
      return;
    }
    // Undici is about to write this request a second time (its connection died unanswered): refuse the resend.
    if (this.#written) {
      this.lose();
      return;
    }
    this.#written = true;
  }

  /** Returns true: never pauses the socket (the body is collected, bounded by `maxBytes`). */
  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // A 1xx informational answer is followed by the real one: keep waiting.
    if (statusCode < 200) return true;
    this.#status = statusCode;
    this.#rawHeaders = rawHeaders;
    const length = contentLength(rawHeaders);
    if (length !== undefined && Number(length) > this.#maxBytes) this.#tooLarge();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#settled) return true;
    this.#bytes += chunk.length;
    this.#chunks.push(chunk);
    if (this.#bytes > this.#maxBytes) this.#tooLarge();
    return true;
  }

  onComplete(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#owner.release(this);
    this.#owner.log?.exchange(this.#request, this.#status, performance.now() - this.#startedAt);
    const chunks = this.#chunks;
    const body =
      chunks.length === 0
        ? ''
        : chunks.length === 1
          ? chunks[0]!.toString('utf8')
          : Buffer.concat(chunks).toString('utf8');
    this.#resolve(new RawHeadersResponse(this.#status, this.#rawHeaders, body));
  }

  onError(err: Error): void {
    if (this.#settled) return;
    this.#fail(
      classifyTransportError(err, this.#operation, this.#timeoutMs, this.#owner.connectTimeoutMs, this.#written),
    );
  }

  /** Rejects without a response (closed transport). @internal */
  fail(err: unknown): void {
    this.#fail(err);
  }

  #fail(err: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#owner.release(this);
    if (this.#owner.log !== undefined) {
      const code = err instanceof PubnubError ? err.code : 'ERROR';
      this.#owner.log.exchange(this.#request, code, performance.now() - this.#startedAt);
    }
    this.#reject(err);
  }
}

type Undici = typeof import('undici');
let undici: Undici | undefined;
let loading: Promise<Undici> | undefined;

function loadUndici(): Promise<Undici> {
  loading ??= import('undici').then((module) => {
    undici = module;
    return module;
  });
  return loading;
}

/**
 * `Transport` over an undici `Pool` (plus one pipelined `Client` for ordered publishes). Shared by a client and all
 * its views; closed once by the client.
 */
export class UndiciTransport implements Transport {
  /** The origin every request goes to. */
  readonly origin: string;
  /** Connect timeout in ms (reported by connect timeouts). */
  readonly connectTimeoutMs: number;
  /** The request log, when the client has a logger. @internal */
  readonly log: RequestLog | undefined;
  readonly #pooling: boolean;
  #pool: Pool | undefined;
  #waiting: Array<() => void> | undefined;
  readonly #depth: number;
  readonly #keepAliveTimeoutMs: number;
  readonly #maxSockets: number;
  readonly #prepare: ((request: PnRequest) => PnRequest) | undefined;
  readonly #maxResponseBytes: (operation: Operation) => number;
  #ordered: Client | undefined;
  readonly #live = new Set<Exchange>();
  #closed = false;
  /** The deadline sweep: one timer for every exchange in flight, armed for the earliest deadline. */
  #sweep: NodeJS.Timeout | undefined;
  #sweepAt = Number.POSITIVE_INFINITY;

  constructor(options: UndiciTransportOptions) {
    this.origin = options.origin;
    this.#pooling = options.pooling ?? true;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 4_000;
    this.#depth = this.#pooling ? Math.max(1, options.orderedDepth ?? 32) : 1;
    this.#prepare = options.prepare;
    this.#maxSockets = options.maxSockets ?? 128;
    this.#maxResponseBytes = options.maxResponseBytes ?? resolveResponseLimits(undefined);
    this.log = options.log?.enabled === true ? options.log : undefined;
  }

  /** How many ordered publishes may be in flight at once (1 without pooling). */
  get orderedDepth(): number {
    return this.#depth;
  }

  /** Requests in flight. */
  get inFlight(): number {
    return this.#live.size;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends a request on the pool.
   * @throws never: failures reject `response` (`PubnubStateError` after `close()`)
   */
  send(request: PnRequest): InFlight {
    return this.#dispatch(false, request);
  }

  /**
   * Sends a request that must reach the server after every earlier `sendOrdered` request (pipelined on one
   * keep-alive connection). Without pooling it is a plain `send`; the caller then keeps one in flight per channel.
   */
  sendOrdered(request: PnRequest): InFlight {
    return this.#dispatch(this.#pooling, request);
  }

  /** Called by an exchange when it settles. @internal */
  release(exchange: Exchange): void {
    this.#live.delete(exchange);
  }

  /** Aborts every request in flight and destroys every socket. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#sweep);
    this.#sweep = undefined;
    const reason = new PubnubAbortError('the client was closed');
    for (const exchange of [...this.#live]) exchange.abort(reason);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    for (const start of waiting ?? []) start();
    const ordered = this.#ordered;
    this.#ordered = undefined;
    await Promise.all([this.#pool?.destroy(), ordered?.destroy()]);
  }

  /** The dispatcher for a request, created on first use. */
  #dispatcher(module: Undici, ordered: boolean): Dispatcher {
    if (ordered) {
      if (this.#ordered === undefined) {
        this.#ordered = new module.Client(this.origin, {
          pipelining: this.#depth,
          keepAliveTimeout: this.#keepAliveTimeoutMs,
          connectTimeout: this.connectTimeoutMs,
        });
        // Emitted after undici failed the head of the pipeline and re-queued the rest, before it resumes: the
        // moment to fail what was written on the dead connection (see the file header).
        this.#ordered.on('disconnect', () => this.#loseWrittenOrdered());
      }
      return this.#ordered;
    }
    this.#pool ??= new module.Pool(this.origin, {
      connections: this.#maxSockets,
      pipelining: 1,
      keepAliveTimeout: this.#keepAliveTimeoutMs,
      connectTimeout: this.connectTimeoutMs,
    });
    return this.#pool;
  }

  /** Arms the sweep for `at` unless it already fires sooner. */
  #armSweep(at: number): void {
    if (at >= this.#sweepAt) return;
    clearTimeout(this.#sweep);
    this.#sweepAt = at;
    this.#sweep = setTimeout(() => this.#sweepDeadlines(), Math.max(1, Math.ceil(at - performance.now())));
    this.#sweep.unref();
  }

  /** Fails every exchange past its deadline, then re-arms for the next one (if any is left). */
  #sweepDeadlines(): void {
    this.#sweep = undefined;
    this.#sweepAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const exchange of [...this.#live]) {
      if (exchange.deadline <= now) exchange.expire();
      else if (exchange.deadline < next) next = exchange.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY && !this.#closed) this.#armSweep(next);
  }

  #loseWrittenOrdered(): void {
    for (const exchange of [...this.#live]) if (exchange.ordered && exchange.written) exchange.lose();
  }

  #dispatch(ordered: boolean, request: PnRequest): InFlight {
    const prepared = this.#prepare === undefined ? request : this.#prepare(request);
    const exchange = new Exchange(this, prepared, ordered, this.#maxResponseBytes(prepared.operation));
    if (this.#closed) {
      exchange.fail(new PubnubStateError('the client is closed', { operation: prepared.operation }));
      return exchange;
    }
    this.#live.add(exchange);
    this.#armSweep(exchange.deadline);
    if (undici !== undefined && this.#waiting === undefined) {
      this.#start(undici, ordered, prepared, exchange);
      return exchange;
    }
    // undici is still loading: queue in call order (ordered publishes must leave in the order they were made).
    this.#waiting ??= [];
    const waiting = this.#waiting;
    waiting.push(() => {
      if (this.#closed || undici === undefined) {
        const why = this.#closed ? 'the client was closed' : 'the HTTP client (undici) could not be loaded';
        exchange.fail(new PubnubStateError(why, { operation: prepared.operation }));
      } else {
        this.#start(undici, ordered, prepared, exchange);
      }
    });
    if (waiting.length === 1) {
      const flush = (): void => {
        const queued = this.#waiting ?? [];
        this.#waiting = undefined;
        for (const start of queued) start();
      };
      loadUndici().then(flush, flush);
    }
    return exchange;
  }

  #start(module: Undici, ordered: boolean, prepared: PnRequest, exchange: Exchange): void {
    if (exchange.settled) return;
    const blocking = !ordered;
    const dispatcher = this.#dispatcher(module, ordered);
    const query = encodeQuery(prepared.query);
    const options: Dispatcher.DispatchOptions = {
      path: query === '' ? prepared.path : `${prepared.path}?${query}`,
      method: prepared.method,
      headers: prepared.headers,
      body: prepared.body ?? null,
      headersTimeout: prepared.timeoutMs,
      bodyTimeout: prepared.timeoutMs,
      // Pipelining needs non-blocking requests; without pooling every request closes its socket.
      blocking,
      reset: !this.#pooling,
    };
    if (!blocking) options.idempotent = true;
    dispatcher.dispatch(options, exchange);
  }
}
