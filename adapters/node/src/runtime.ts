/**
 * What a client and all its views share (docs/architecture.md §5): the env, the transport (one undici pool per origin), the
 * timers, the publish queue and the cipher. Creating it opens no socket and starts no timer: undici connects on the
 * first request, and timers start only when a subscription or heartbeat needs one.
 *
 * Signing lives here, as the transport's `prepare` hook: it runs when a request is dispatched, reads the clock then
 * (never inside `sign`, docs/architecture.md §9), and keeps the secret key inside this closure: it is never put on a request
 * object, a log line or an error.
 */
import {
  createCipher,
  type Env,
  encodeQuery,
  type InFlight,
  type MessageCipher,
  type PnRequest,
  type PnResponse,
  PubnubAbortError,
  type RequestContext,
  type Scheduler,
  sign,
  type Transport,
} from '@pubkit/core';
import { FileTransfer } from './file-transfer.js';
import { NodeScheduler } from './node-scheduler.js';
import type { ClientConfig } from './options.js';
import { PublishQueue } from './publish-queue.js';
import { RequestLog } from './request-log.js';
import { UndiciTransport } from './undici-transport.js';

/**
 * The transport a client drives: core's `Transport` plus the ordered path the publish queue uses, and closing.
 * `UndiciTransport` is the real one; `@pubkit/testing` supplies an in-memory one.
 */
export interface ClientTransport extends Transport {
  /** Most publishes of one channel in flight at once on the ordered path. */
  readonly orderedDepth: number;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** Sends on the ordered path: requests sent this way are answered in the order they were sent. */
  sendOrdered(request: PnRequest): InFlight;
  /** Aborts every request in flight and releases the transport's resources. */
  close(): Promise<void>;
}

/** The timers a client drives: core's `Scheduler` plus clearing every live timer at `close()`. */
export interface ClientScheduler extends Scheduler {
  /** Cancels every timer not yet fired. */
  clearAll(): void;
}

/**
 * The client's I/O, replaceable: the third argument of `new Pubnub(options, env, host)`. Without it the client uses
 * undici and Node timers; `@pubkit/testing` passes an in-memory transport and a virtual clock (docs/testing.md §2).
 */
export interface ClientHost {
  /**
   * Builds the client's transport. `prepare` signs a request as it is dispatched (undefined without a secret key);
   * a transport that reaches a server checking signatures must call it on every request.
   */
  createTransport(config: ClientConfig, prepare: ((request: PnRequest) => PnRequest) | undefined): ClientTransport;
  /** The client's timers. */
  readonly scheduler: ClientScheduler;
}

/** The shared machinery of a client and its views. */
export interface ClientRuntime {
  readonly env: Env;
  readonly config: ClientConfig;
  readonly transport: ClientTransport;
  readonly scheduler: ClientScheduler;
  readonly publishQueue: PublishQueue;
  readonly cipher: MessageCipher | undefined;
  /** The streaming HTTP of file contents (`file-transfer.ts`); opens nothing until a file moves. */
  readonly files: FileTransfer;
  /**
   * The absolute URL of `request` as it would be sent now: signed when the client has a secret key (the signature
   * then holds for about 60 s, docs/protocol.md §6.4). For URLs handed to others (`getFileUrl`).
   */
  readonly urlOf: (request: PnRequest) => string;
}

/** Identity of one client or view: what differs between views. */
export interface Identity {
  readonly uuid: string;
  readonly authKey: string | undefined;
}

/** Builds the runtime over `host` (default: undici and Node timers). Opens nothing. */
export function createRuntime(config: ClientConfig, env: Env, host?: ClientHost): ClientRuntime {
  const { secretKey, publishKey, subscribeKey } = config;
  // `/time/0` is not signed, as current SDKs do (docs/protocol.md §1.3); everything else is.
  const prepare =
    secretKey === undefined
      ? undefined
      : (request: PnRequest): PnRequest =>
          request.operation === 'time'
            ? request
            : sign(request, { publishKey, subscribeKey, secretKey }, Math.floor(env.clock.nowMs() / 1000), env.crypto);
  const transport =
    host?.createTransport(config, prepare) ??
    new UndiciTransport({
      origin: config.originUrl,
      pooling: config.pooling,
      orderedDepth: config.publishPipelining,
      maxResponseBytes: config.maxResponseBytes,
      log: new RequestLog(config.logger, [publishKey, subscribeKey]),
      prepare,
    });
  const publishQueue = new PublishQueue((request) => transport.sendOrdered(request), {
    depth: transport.orderedDepth,
    maxQueued: config.maxPublishQueue,
  });
  const cipher =
    config.cipherKey === undefined
      ? undefined
      : createCipher({ cipherKey: config.cipherKey, useRandomIVs: config.useRandomIVs }, env);
  const files = new FileTransfer();
  // A request's URL as it would be sent now, signed (for URLs handed to others: `getFileUrl`).
  const urlOf = (request: PnRequest): string => {
    const prepared = prepare === undefined ? request : prepare(request);
    const query = encodeQuery(prepared.query);
    return `${config.originUrl}${prepared.path}${query === '' ? '' : `?${query}`}`;
  };
  const scheduler = host?.scheduler ?? new NodeScheduler();
  return { env, config, transport, scheduler, publishQueue, cipher, files, urlOf };
}

/** The core's request context for one identity. */
export function contextFor(runtime: ClientRuntime, identity: Identity): RequestContext {
  const { config } = runtime;
  return {
    publishKey: config.publishKey,
    subscribeKey: config.subscribeKey,
    uuid: identity.uuid,
    authKey: identity.authKey,
    pnsdk: config.pnsdk,
    requestTimeoutMs: config.requestTimeoutMs,
    subscribeTimeoutMs: config.subscribeTimeoutMs,
    cipher: runtime.cipher,
  };
}

/**
 * Sends one request and parses the response; `signal` aborts it.
 * @throws never: rejects with a transport error, `PubnubAbortError`, or what `parse` throws
 */
export function execute<T>(
  runtime: ClientRuntime,
  request: PnRequest,
  parse: (res: PnResponse) => T,
  signal?: AbortSignal,
): Promise<T> {
  if (signal?.aborted === true) {
    return Promise.reject(new PubnubAbortError(undefined, { operation: request.operation, cause: signal.reason }));
  }
  const inFlight = runtime.transport.send(request);
  if (signal === undefined) return inFlight.response.then(parse);
  const onAbort = (): void => inFlight.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  return inFlight.response.then(
    (res) => {
      signal.removeEventListener('abort', onAbort);
      return parse(res);
    },
    (err: unknown) => {
      signal.removeEventListener('abort', onAbort);
      throw err;
    },
  );
}
