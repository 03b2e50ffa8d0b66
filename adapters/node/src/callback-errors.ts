/**
 * What happens when a callback the application gave pubkit throws (issue 10, "failures that speak"). It is never
 * swallowed and never breaks the loop that called it:
 *
 * 1. it is wrapped in a `PubnubCallbackError` (the thrown value as `cause`, the callback's name as `site`) and
 *    logged at `error`;
 * 2. it goes to the error path the caller has: the subscription's `error` callback, the client's status
 *    listeners, or a one-shot call's `error` callback;
 * 3. when there is no such path (or the error callback itself threw), it becomes a `process.emitWarning`, once per
 *    callback site and client, so a callback that throws on every message warns once rather than flooding
 *    stderr. Node prints warnings by default; `--no-warnings` or a `process.on('warning')` handler takes them.
 */
import { type Logger, PubnubCallbackError, type PubnubError } from '@pubkit/core';

/** The `code` of the process warning emitted when a user callback throws and no `error` listener takes it. */
export const CALLBACK_WARNING_CODE = 'PUBKIT_CALLBACK_THREW';

/** Sites already warned about, per client (its runtime), so each warns once. */
const warned = new WeakMap<object, Set<string>>();

/** Where {@link reportCallbackError} sends an error. */
export interface CallbackErrorPath {
  /** Identifies the client (its runtime), for "once per site and client". */
  readonly owner: object;
  readonly logger: Logger;
  /**
   * The error path, if any; returns false when nobody listens there (then the warning is emitted). A throw from
   * it is itself a callback error, reported by warning.
   */
  readonly deliver?: ((error: PubnubError) => boolean) | undefined;
}

/**
 * Reports that the callback named `site` threw `thrown` (see the file header). Never throws.
 * @param site e.g. `subscribe callback`, `presence`, `connect`, `publish callback`
 */
export function reportCallbackError(thrown: unknown, site: string, path: CallbackErrorPath): void {
  const error = thrown instanceof PubnubCallbackError ? thrown : new PubnubCallbackError(site, thrown);
  path.logger.error(error.message, { site });
  let delivered = false;
  try {
    delivered = path.deliver?.(error) ?? false;
  } catch (again) {
    warnOnce(new PubnubCallbackError('error', again), path.owner);
  }
  if (!delivered) warnOnce(error, path.owner);
}

function warnOnce(error: PubnubCallbackError, owner: object): void {
  let sites = warned.get(owner);
  if (sites === undefined) {
    sites = new Set();
    warned.set(owner, sites);
  }
  if (sites.has(error.site)) return;
  sites.add(error.site);
  process.emitWarning(error.message, {
    code: CALLBACK_WARNING_CODE,
    detail: `pubkit went on; give an \`error\` callback or a status listener to handle it. ${stackOf(error.cause)}`,
  });
}

function stackOf(cause: unknown): string {
  return cause instanceof Error && cause.stack !== undefined ? `\n${cause.stack}` : '';
}
