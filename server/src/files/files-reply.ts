/**
 * Error bodies of the files endpoints, in the shape PubNub documents for its files service (docs/protocol.md
 * §15.7): `{"status":N,"error":{"source":"files","message":…}}`.
 */

/** The JSON error body of a files endpoint. */
export function filesError(status: number, message: string): string {
  return JSON.stringify({ status, error: { source: 'files', message } });
}
