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
