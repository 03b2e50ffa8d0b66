/** The one "wait until" of the tests: polls a condition on real timers until it holds or a deadline passes. */

/**
 * Resolves when `predicate` holds (it may be async), polling every `everyMs`; rejects after `timeoutMs` with `what`
 * in the message.
 * @default timeoutMs 5000, everyMs 5
 */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
  everyMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
