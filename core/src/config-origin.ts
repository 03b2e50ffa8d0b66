/**
 * The `origin` option of `createConfig` (docs/architecture.md §5, docs/protocol.md §1.1): `host`, `host:port`, or a full
 * `http(s)://host[:port]` URL, resolved to the URL the transport connects to.
 *
 * Why a hand-written parser rather than `URL`: the core compiles without host globals (see globals.d.ts), and the
 * accepted forms are few. Paths, credentials, queries and fragments are refused: the client builds every path
 * itself, so a path in the origin would be silently dropped or doubled.
 */
import { PubnubValidationError } from './errors.js';

/** The default origin, as in the seed (docs/protocol.md §1.1). */
export const DEFAULT_ORIGIN = 'pubsub.pubnub.com';

/** A resolved origin. */
export interface ResolvedOrigin {
  /** TLS or not. */
  readonly ssl: boolean;
  /** `host` or `host:port`, no scheme. */
  readonly hostPort: string;
  /** `http(s)://host[:port]`, no trailing slash. */
  readonly url: string;
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*\\.?|\\[[0-9A-Fa-f:.]+\\])$`);
const URL_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)\/?$/;

/**
 * Resolves `origin` (default `pubsub.pubnub.com`). A URL's scheme decides TLS; `sslOption` (undefined when not
 * given) must then agree with it. A bare host uses `sslOption ?? true`.
 * @throws PubnubValidationError naming `origin` (or `ssl` on a contradiction)
 */
export function parseOrigin(origin: unknown, sslOption: boolean | undefined): ResolvedOrigin {
  if (origin === undefined) return resolved(sslOption ?? true, DEFAULT_ORIGIN);
  if (typeof origin !== 'string' || origin === '') {
    throw new PubnubValidationError('origin', 'origin must be a non-empty string (host, host:port or URL)');
  }
  const url = URL_FORM.exec(origin);
  if (url === null) {
    if (origin.includes('://')) throw notHost(origin);
    return resolved(sslOption ?? true, hostPort(origin));
  }
  const scheme = (url[1] ?? '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw new PubnubValidationError('origin', `origin "${origin}" must use http or https, not ${scheme}`);
  }
  const ssl = scheme === 'https';
  if (sslOption !== undefined && sslOption !== ssl) {
    throw new PubnubValidationError('ssl', `ssl: ${sslOption} contradicts origin "${origin}"; drop one of them`);
  }
  return resolved(ssl, hostPort(url[2] ?? '', origin));
}

function resolved(ssl: boolean, host: string): ResolvedOrigin {
  return { ssl, hostPort: host, url: `${ssl ? 'https' : 'http'}://${host}` };
}

/** Validates `host[:port]` and returns it with the host lower-cased. */
function hostPort(authority: string, shown = authority): string {
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(authority);
  const host = m?.[1] ?? '';
  const port = m?.[2];
  if (!HOST.test(host)) throw notHost(shown);
  if (port !== undefined) {
    const n = Number(port);
    if (n < 1 || n > 65535)
      throw new PubnubValidationError('origin', `origin "${shown}" has port ${port}, not 1..65535`);
    return `${host.toLowerCase()}:${n}`;
  }
  return host.toLowerCase();
}

function notHost(origin: string): PubnubValidationError {
  return new PubnubValidationError('origin', `origin "${origin}" is not a host or URL`);
}
