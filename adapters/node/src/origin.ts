/**
 * Resolving the `origin` and `ssl` options into the base URL of every request (DESIGN §5, PROTOCOL §1.1).
 *
 * `origin` may be a host (`pubsub.pubnub.com`), a `host:port`, or a full `http(s)://host[:port]` URL; a full URL's
 * scheme wins over `ssl`, so `new Pubnub({ origin: 'http://127.0.0.1:8090' })` needs no `ssl: false`.
 */
import { PubnubValidationError } from '@pubkit/core';

/** The default origin of the seed (PROTOCOL §1.1). */
export const DEFAULT_ORIGIN = 'pubsub.pubnub.com';

/**
 * Returns the origin URL (`scheme://host[:port]`, no trailing slash).
 * @default origin 'pubsub.pubnub.com'
 * @default ssl true (the seed's false would send auth keys in clear)
 * @throws PubnubValidationError when `origin` is not a host, host:port or http(s) URL without a path
 */
export function resolveOrigin(origin: string | undefined = DEFAULT_ORIGIN, ssl = true): string {
  if (typeof origin !== 'string' || origin.trim() === '') {
    throw new PubnubValidationError('origin', 'origin must be a host, host:port or http(s):// URL');
  }
  const text = origin.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `${ssl ? 'https' : 'http'}://${text}`);
  } catch {
    throw new PubnubValidationError('origin', `origin "${text}" is not a host, host:port or http(s):// URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PubnubValidationError('origin', `origin "${text}" must use http or https`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.username !== '') {
    throw new PubnubValidationError('origin', `origin "${text}" must not carry a path, query or credentials`);
  }
  return url.origin;
}
