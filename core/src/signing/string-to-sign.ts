/**
 * The strings both signature dialects HMAC (docs/protocol.md §6.1, §6.2). Both sign the raw, still-encoded path exactly as
 * sent and the canonical query (`canonicalQuery`: keys sorted by code unit, values re-encoded with the strict set
 * `A-Za-z0-9-_.`, `signature` left out), so a server that form-decodes the query and re-encodes it gets the same
 * text back (docs/protocol.md §6.4).
 *
 *   v1: sub_key \n pub_key \n third \n canonical_query          third = grant | audit | path
 *   v2: METHOD \n pub_key \n path \n canonical_query \n body
 */
import { canonicalQuery } from '../encoding.js';

/** Input of `stringToSignV1`. */
export interface StringToSignV1Input {
  readonly subscribeKey: string;
  readonly publishKey: string;
  /** The encoded request path as sent, with a leading `/` and no query. */
  readonly path: string;
  /** Decoded query values, `signature` (if present) is ignored. */
  readonly query: Readonly<Record<string, string>>;
}

/** Input of `stringToSignV2`. */
export interface StringToSignV2Input {
  /** HTTP method; upper-cased. */
  readonly method: string;
  readonly publishKey: string;
  /** The encoded request path as sent, with a leading `/` and no query. */
  readonly path: string;
  /** Decoded query values, `signature` (if present) is ignored. */
  readonly query: Readonly<Record<string, string>>;
  /**
   * Request body as sent (before compression), or nothing.
   * @default ''
   */
  readonly body?: string | undefined;
}

// PAM paths sign a keyword instead of the path; revoke is a grant (docs/protocol.md §6.1).
const PAM_PATH = /^\/v[12]\/auth\/(grant|audit)(?:\/|$)/;

/**
 * The third line of a v1 string to sign: `grant` or `audit` for `/v1|v2/auth/grant|audit/...`, otherwise the
 * path itself (docs/protocol.md §6.1).
 */
export function v1ThirdLine(path: string): string {
  const pam = PAM_PATH.exec(path);
  return pam ? pam[1]! : path;
}

/** The v1 ("legacy") string to sign (docs/protocol.md §6.1). No trailing newline. */
export function stringToSignV1(input: StringToSignV1Input): string {
  return `${input.subscribeKey}\n${input.publishKey}\n${v1ThirdLine(input.path)}\n${canonicalQuery(input.query)}`;
}

/** The v2 string to sign (docs/protocol.md §6.2). Ends with `\n` followed by the body (empty for GET). */
export function stringToSignV2(input: StringToSignV2Input): string {
  const method = input.method.toUpperCase();
  return `${method}\n${input.publishKey}\n${input.path}\n${canonicalQuery(input.query)}\n${input.body ?? ''}`;
}
