/**
 * The options of `new Pubnub(options)`: the core's `PubnubOptions` (the seed constructor's arguments in camelCase,
 * docs/architecture.md §5, checked and defaulted by `createConfig`) plus the few knobs only the Node transport has. Everything
 * here is synchronous and opens nothing.
 */
import {
  type PubnubOptions as CorePubnubOptions,
  createConfig,
  type Operation,
  type PubnubConfig,
  PubnubValidationError,
  type ResponseLimits,
  resolveResponseLimits,
} from '@pubkit/core';

/** Options of `new Pubnub(options)`: see the core's `PubnubOptions` for every seed option and its default. */
export interface PubnubOptions extends CorePubnubOptions {
  /** Most ordered publishes pipelined at once on the keep-alive publish connection (with `pooling`). @default 32 */
  readonly publishPipelining?: number | undefined;
  /**
   * Most bytes of a response body: one number for every operation, or an object by operation (the others keep
   * their defaults). Past it the request fails with `PubnubResponseTooLargeError` and its connection is dropped.
   * @default core's `MAX_RESPONSE_BYTES` (1 MiB for acknowledgements, 8 MiB for subscribe and history, 16 MiB else)
   */
  readonly maxResponseBytes?: number | ResponseLimits | undefined;
}

/** The core config plus the Node transport's own settings. */
export interface ClientConfig extends PubnubConfig {
  readonly publishPipelining: number;
  /** The response limit of an operation, in bytes. */
  readonly maxResponseBytes: (operation: Operation) => number;
}

/**
 * Checks the options and fills in defaults.
 * @param newUuid draws the default uuid
 * @throws PubnubValidationError naming the first bad option
 */
export function resolveClientOptions(options: PubnubOptions, newUuid: () => string): ClientConfig {
  const { publishPipelining: _depth, maxResponseBytes: _limits, ...coreOptions } = options;
  const config = createConfig(coreOptions, { random: { uuid: newUuid } });
  const depth = options.publishPipelining ?? 32;
  if (!Number.isInteger(depth) || depth < 1 || depth > 1024) {
    throw new PubnubValidationError('publishPipelining', 'publishPipelining must be a whole number from 1 to 1024');
  }
  const maxResponseBytes = resolveResponseLimits(options.maxResponseBytes);
  return Object.freeze({ ...config, publishPipelining: depth, maxResponseBytes });
}
