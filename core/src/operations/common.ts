/**
 * Pieces every messaging operation shares: the common query parameters (docs/protocol.md §1.3), key checks, channel-group
 * name rules and the reading of timetokens out of parsed bodies (docs/protocol.md §8.2, quirk 17).
 */
import type { RequestContext } from '../context.js';
import { PubnubValidationError } from '../errors.js';
import type { Operation } from '../request.js';
import { isTimetoken, type Timetoken } from '../timetoken.js';
import { channelNameLength, MAX_NAME_LENGTH } from '../validation.js';

/**
 * The query parameters every request ends with: `uuid`, `pnsdk`, and `auth` when the context has an auth key.
 * They go last so that the operation's own parameters lead, as in the captured traces (docs/protocol.md §9.1).
 * @param withAuth false for `/time/0`, which never carries `auth` (docs/protocol.md §1.3)
 * @default withAuth true
 */
export function commonQuery(ctx: RequestContext, withAuth = true): Record<string, string> {
  const query: Record<string, string> = { uuid: ctx.uuid, pnsdk: ctx.pnsdk };
  if (withAuth && ctx.authKey !== undefined && ctx.authKey !== '') query.auth = ctx.authKey;
  return query;
}

/**
 * Returns the named key of the context, refusing an empty one: an empty key would produce a path like
 * `/publish//sub/…`, which the service answers with a confusing 400.
 * @throws PubnubValidationError when the key is missing or empty
 */
export function requireKey(ctx: RequestContext, key: 'publishKey' | 'subscribeKey', operation: Operation): string {
  const value = ctx[key];
  if (typeof value !== 'string' || value === '') {
    throw new PubnubValidationError(key, `${operation} needs a ${key}`, { operation });
  }
  return value;
}

// Group names may carry the `ns:group` namespace separator (docs/protocol.md §8.5, §2.11); everything else a channel
// name may not contain is refused for groups too.
const FORBIDDEN_GROUP_CHARS = /[,*/\\\s\u0000-\u001f\u007f]|\p{Cs}/u;

/**
 * Validates a list of channel-group names and returns it de-duplicated, in the caller's order.
 * @throws PubnubValidationError naming `field` for a non-array, a non-string, an empty or too long name, or a
 *   forbidden character
 * @default field 'channelGroups'
 */
export function validateGroupList(groups: unknown, field = 'channelGroups'): string[] {
  if (!Array.isArray(groups)) throw new PubnubValidationError(field, `${field} must be an array of strings`);
  const seen = new Set<string>();
  for (const group of groups) {
    if (typeof group !== 'string' || group === '') {
      throw new PubnubValidationError(field, `${field} must hold non-empty strings`);
    }
    if (channelNameLength(group) > MAX_NAME_LENGTH) {
      throw new PubnubValidationError(field, `${field} entry is longer than ${MAX_NAME_LENGTH} characters`);
    }
    if (FORBIDDEN_GROUP_CHARS.test(group)) {
      throw new PubnubValidationError(field, `${field} entry "${group}" contains a forbidden character`);
    }
    seen.add(group);
  }
  return [...seen];
}

/**
 * Validates an optional timetoken argument (a string of digits: timetokens never travel as numbers).
 * @throws PubnubValidationError naming `field` when the value is not a string of 1–20 digits
 */
export function validateTimetoken(value: unknown, field: string): Timetoken {
  if (!isTimetoken(value)) {
    throw new PubnubValidationError(field, `${field} must be a timetoken string of digits, e.g. "17000000000000000"`);
  }
  return value;
}

/**
 * Reads a timetoken out of a parsed body. `parseJson` has already turned every 16+ digit number in a timetoken
 * position into a string; a small integer (the `0` of an empty history page) is safe as a number. A large number
 * that was not lifted has lost its last digits, so it is refused rather than passed on rounded.
 * @returns the timetoken string, or undefined when the value is not one
 */
export function readTimetoken(value: unknown): Timetoken | undefined {
  if (isTimetoken(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}
