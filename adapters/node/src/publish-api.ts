/**
 * `publish`, `fire` and `signal` (docs/architecture.md §5, docs/protocol.md §2.2): built and validated at call time, then sent through
 * the per-channel ordered queue, so publishes to one channel arrive in call order.
 */
import {
  buildFire,
  buildPublish,
  buildSignal,
  type PublishParams,
  type PublishResult,
  parsePublish,
  parseSignal,
  type RequestContext,
  type Timetoken,
} from '@pubkit/core';
import type { ClientRuntime } from './runtime.js';
import type { CallOptions } from './seed-mode.js';

/** Options of `publish()`: core's publish parameters (one definition of store, replicate, meta, ttl, sendByPost). */
export interface PublishOptions extends Omit<PublishParams, 'channel' | 'message'>, CallOptions<PublishResult> {}

/** Options of `fire()`: a publish that is neither stored nor replicated. */
export type FireOptions = Omit<PublishOptions, 'store' | 'storeInHistory' | 'replicate'>;

/** Options of `signal()`. */
export type SignalOptions = CallOptions<PublishResult>;

/**
 * Queues a publish.
 * @throws PubnubValidationError synchronously for a bad channel or message (BigInt, cycle, undefined, > 32 KiB)
 */
export function startPublish(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channel: string,
  message: unknown,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const request = buildPublish(
    {
      channel,
      message,
      store: options.store,
      storeInHistory: options.storeInHistory,
      customMessageType: options.customMessageType,
      replicate: options.replicate,
      meta: options.meta,
      ttl: options.ttl,
      sendByPost: options.sendByPost,
    },
    ctx,
  );
  return runtime.publishQueue.push(channel, request, parsePublish, options.signal);
}

/**
 * Queues a fire (`store=0&norep=true`).
 * @throws PubnubValidationError synchronously, as `startPublish`
 */
export function startFire(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channel: string,
  message: unknown,
  options: FireOptions = {},
): Promise<PublishResult> {
  const request = buildFire(
    {
      channel,
      message,
      meta: options.meta,
      ttl: options.ttl,
      customMessageType: options.customMessageType,
      sendByPost: options.sendByPost,
    },
    ctx,
  );
  return runtime.publishQueue.push(channel, request, parsePublish, options.signal);
}

/**
 * Queues a signal (never encrypted, never stored).
 * @throws PubnubValidationError synchronously, as `startPublish`
 */
export function startSignal(
  runtime: ClientRuntime,
  ctx: RequestContext,
  channel: string,
  message: unknown,
  options: SignalOptions = {},
): Promise<PublishResult> {
  const request = buildSignal({ channel, message }, ctx);
  return runtime.publishQueue.push(channel, request, parseSignal, options.signal);
}

/** The official SDK's result of an object-form `publish`/`fire`/`signal`: `{ timetoken }`. */
export interface PublishResponse {
  readonly timetoken: Timetoken;
}

/**
 * The official SDK's object form of `publish` (docs/migrating.md): `{ channel, message, storeInHistory, meta, ttl,
 * sendByPost }`, plus pubkit's own names (`store`, `replicate`) and call options. Resolves the official
 * `{ timetoken }`, so code written for that SDK works after a rename of the import.
 */
export interface PublishParameters extends Omit<PublishOptions, 'callback' | 'error'>, CallOptions<PublishResponse> {
  readonly channel: string;
  readonly message: unknown;
  /** The official SDK's name of `store`. */
  readonly storeInHistory?: boolean | undefined;
}

/** The official SDK's object form of `fire`. */
export type FireParameters = Omit<PublishParameters, 'store' | 'storeInHistory' | 'replicate'>;

/** The official SDK's object form of `signal`. */
export interface SignalParameters extends CallOptions<PublishResponse> {
  readonly channel: string;
  readonly message: unknown;
}

/** True for the object form `({ channel, message, … })`; anything else is taken as the positional form. */
export function isObjectForm<P extends SignalParameters>(first: string | P): first is P {
  return typeof first === 'object' && first !== null;
}

/**
 * Runs an object-form call through the positional one, turning the seed's tuple into `{ timetoken }`.
 * @throws PubnubValidationError synchronously, as the positional call
 */
export function startObjectForm(
  params: PublishParameters | FireParameters | SignalParameters,
  start: (channel: string, message: unknown, options: PublishOptions) => Promise<PublishResult>,
): Promise<PublishResponse> {
  const { channel, message, storeInHistory, store, callback: _c, error: _e, ...rest } = params as PublishParameters;
  const options: PublishOptions = { ...rest, store: store ?? storeInHistory };
  return start(channel, message, options).then((result) => ({ timetoken: result[2] }));
}
