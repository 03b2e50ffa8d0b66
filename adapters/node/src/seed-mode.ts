/**
 * The seed's two calling modes (docs/architecture.md §5), in one place so every method behaves the same:
 *
 * - Promise mode (no `callback`/`error` in the options): the method returns a Promise of the seed's sync-mode
 *   value. A bad argument throws `PubnubValidationError` synchronously, before anything is sent.
 * - Async mode (`callback` and/or `error` given): the method returns `undefined` and later calls exactly one of
 *   them, never both, never twice, always asynchronously, validation errors included. An error with no `error`
 *   callback goes to the logger: it never becomes an unhandled rejection. A throwing callback is reported
 *   (logged, and a process warning once per site: `callback-errors.ts`), never a second call or a crash.
 */
import { type Logger, PubnubError } from '@pubkit/core';
import { reportCallbackError } from './callback-errors.js';

/** Options every call takes. */
export interface CallOptions<T> {
  /** Aborts the call; it then fails with `PubnubAbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** Async mode: called with the result. The method then returns `undefined`. */
  readonly callback?: ((value: T) => void) | undefined;
  /** Async mode: called with the error (a `PubnubError`). The method then returns `undefined`. */
  readonly error?: ((error: PubnubError) => void) | undefined;
}

/**
 * What a method returns for options `O`: `undefined` in async mode (a `callback` or `error` is present),
 * otherwise a Promise of `T`.
 */
export type SeedResult<T, O> = 0 extends 1 & O
  ? // \`any\` options (TypeScript erases an overload's type parameters to \`any\` when it compares signatures): the
    // Promise mode, so an overloaded method still satisfies a Promise-returning interface.
    Promise<T>
  : O extends { callback: (value: never) => void } | { error: (error: never) => void }
    ? undefined
    : Promise<T>;

/** True when the options select async mode. */
export function isAsyncMode(options: CallOptions<never> | undefined): boolean {
  return options !== undefined && (typeof options.callback === 'function' || typeof options.error === 'function');
}

/** Wraps any thrown value in a `PubnubError` so `error` callbacks always get one. */
export function asPubnubError(err: unknown): PubnubError {
  if (err instanceof PubnubError) return err;
  return new PubnubError('PN_STATE', err instanceof Error ? err.message : String(err), { cause: err });
}

/** The client a call belongs to (its runtime): its logger, and its identity for once-per-client warnings. */
export interface SeedClient {
  readonly config: { readonly logger: Logger };
}

/**
 * Runs `start` in the mode the options select.
 * @param start validates, sends and returns the result promise; a synchronous throw is a validation error
 */
export function runSeed<T>(
  options: CallOptions<T> | undefined,
  client: SeedClient,
  operation: string,
  start: () => Promise<T>,
): Promise<T> | undefined {
  if (!isAsyncMode(options as CallOptions<never> | undefined)) return start();
  const { logger } = client.config;
  const { callback, error } = options as CallOptions<T>;
  const fail = (err: unknown): void => {
    const pnError = asPubnubError(err);
    if (error === undefined) {
      logger.error(`${operation} failed and no error callback was given`, {
        code: pnError.code,
        error: pnError.message,
      });
      return;
    }
    guard(() => error(pnError), client, `${operation} error`);
  };
  let promise: Promise<T>;
  try {
    promise = start();
  } catch (err) {
    queueMicrotask(() => fail(err));
    return undefined;
  }
  promise.then((value) => {
    if (callback !== undefined) guard(() => callback(value), client, `${operation} callback`);
  }, fail);
  return undefined;
}

/**
 * Calls a user callback. A throw is reported (`callback-errors.ts`: logged, then a process warning once per site
 * and client), never a second call: `callback` and `error` are exclusive, so a throwing `callback` is not
 * passed to `error`.
 */
function guard(call: () => void, client: SeedClient, site: string): void {
  try {
    call();
  } catch (err) {
    reportCallbackError(err, site, { owner: client, logger: client.config.logger });
  }
}
