/**
 * What the client tells its logger about each request (issue 10, "Failures that speak"): one `debug` line per
 * exchange, `request <METHOD> <path> <status> <ms>ms` with fields `{ operation, method, path, status, ms }` (or
 * `error` instead of `status`). Nothing is logged with the default silent logger, and the line is not even built.
 *
 * What never reaches a log line: the `auth` and `signature` query values, tokens (`auth` carries them, and a token
 * revoke puts one in the path), and the publish and subscribe keys in the path. Each is replaced by `[redacted]`.
 * The secret key is never on a request at all (docs/architecture.md §9).
 */
import { encodeComponent, encodeQuery, type Logger, type PnRequest, silentLogger } from '@pubkit/core';

const REDACTED = '[redacted]';
/** Stands in for a secret value while the query is encoded (it needs no escaping, so it survives as is). */
const MARK = 'REDACTED0MARK';
/** Query parameters whose values are credentials. */
const SECRET_QUERY = new Set(['auth', 'signature', 'token']);
/** `DELETE /v3/pam/{sub}/grant/{token}`: the last segment is a token. */
const TOKEN_PATH = /^(\/v3\/pam\/[^/]+\/grant\/)[^/?]+/;

/** Logs requests for a client; a no-op for the silent logger. */
export class RequestLog {
  readonly #logger: Logger | undefined;
  readonly #keys: readonly string[];

  /**
   * @param logger the client's logger (`silentLogger` turns logging off)
   * @param keys publish and subscribe keys, replaced in paths
   */
  constructor(logger: Logger | undefined, keys: readonly string[]) {
    this.#logger = logger === undefined || logger === silentLogger ? undefined : logger;
    this.#keys = keys.filter((k) => k !== '').map(encodeComponent);
  }

  /** True when lines are written (callers skip measuring otherwise). */
  get enabled(): boolean {
    return this.#logger !== undefined;
  }

  /** Logs one finished exchange: `outcome` is the HTTP status, or the error's code when none arrived. */
  exchange(request: PnRequest, outcome: number | string, ms: number): void {
    const logger = this.#logger;
    if (logger === undefined) return;
    const path = this.redact(request);
    const rounded = Math.round(ms);
    const fields =
      typeof outcome === 'number'
        ? { operation: request.operation, method: request.method, path, status: outcome, ms: rounded }
        : { operation: request.operation, method: request.method, path, error: outcome, ms: rounded };
    try {
      logger.debug(`request ${request.method} ${path} ${outcome} ${rounded}ms`, fields);
    } catch {
      // A logger that throws must not fail the request it reports.
    }
  }

  /** The request's path and query as logged: credentials, tokens and keys replaced by `[redacted]`. */
  redact(request: PnRequest): string {
    let path = request.path.replace(TOKEN_PATH, `$1${REDACTED}`);
    for (const key of this.#keys) path = path.split(`/${key}/`).join(`/${REDACTED}/`);
    for (const key of this.#keys) if (path.endsWith(`/${key}`)) path = `${path.slice(0, -key.length)}${REDACTED}`;
    const query: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.query)) query[name] = SECRET_QUERY.has(name) ? MARK : value;
    const encoded = encodeQuery(query).split(MARK).join(REDACTED);
    return encoded === '' ? path : `${path}?${encoded}`;
  }
}
