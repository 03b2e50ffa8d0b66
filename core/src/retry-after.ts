/**
 * Reading `Retry-After` (issue 9 item 12): a 429 or 503 may say how long to wait before trying again. `readJson`
 * puts the wait on the `PubnubServiceError` it throws (`err.retryAfterMs`), so every retry path can honour it; the
 * subscribe loop floors its backoff with it (docs/architecture.md §4).
 */

/** The longest `Retry-After` pubkit honours, in ms: a hostile or broken header must not park a retry for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * The wait a 429 or 503 asks for in its `Retry-After` header (delta-seconds, RFC 9110 §10.2.3), in ms, capped at
 * {@link MAX_RETRY_AFTER_MS}; `undefined` for other statuses, no header, or an HTTP-date (which needs a wall clock
 * the core does not read: the caller's own backoff then applies).
 */
export function retryAfterMs(res: {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}): number | undefined {
  if (res.status !== 429 && res.status !== 503) return undefined;
  const value = res.headers['retry-after']?.trim();
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
}
