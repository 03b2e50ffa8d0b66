/**
 * Input rules checked before anything is sent (docs/protocol.md §5, §8.5). The server enforces the same rules, so a bad
 * call fails fast with a message that names the field instead of a 400 from the far side.
 */
import { PubnubValidationError } from './errors.js';
import { channelOfPresence } from './presence/names.js';
import { isWildcardName, wildcardPrefix, wildcardProblem } from './wildcard.js';

/**
 * Longest channel, channel group or uuid, in characters (docs/protocol.md §8.5). For a channel or group it is the
 * length of the name the user gives: the `-pnpres` suffix of a presence name does not count (docs/decisions.md,
 * "The name limit and presence names"), so every channel legal to subscribe is legal with presence.
 */
export const MAX_NAME_LENGTH = 92;

/**
 * The length of a channel or group name as the {@link MAX_NAME_LENGTH} limit counts it: code points, without the
 * `-pnpres` suffix of a presence name. The client and the server both measure with this.
 */
export function channelNameLength(name: string): number {
  return [...channelOfPresence(name)].length;
}
/** Largest message, in UTF-8 bytes of its JSON text as sent (after encryption) (docs/protocol.md §5). */
export const MAX_MESSAGE_BYTES = 32 * 1024;

// `,` separates lists, `:` is the group namespace, `*` the wildcard, `/` `\` break paths; space and controls are
// refused by the service. A lone surrogate (`\p{Cs}` under the `u` flag matches only unpaired ones) is not text: it
// has no UTF-8 form, so it could not be percent-encoded into a path (found by test/fuzz/builders.test.ts).
const FORBIDDEN_CHANNEL_CHARS = /[,:*/\\\s\u0000-\u001f\u007f]|\p{Cs}/u;

/**
 * True when every character is printable ASCII other than `,` `:` `*` `/` `\` (space and controls are outside
 * that range): such a name holds nothing {@link FORBIDDEN_CHANNEL_CHARS} matches, decided without running the
 * regex (the server checks the channel of every publish, docs/performance.md §3). Anything else goes to the regex.
 */
function isPlainAsciiName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x2c || c === 0x3a || c === 0x2a || c === 0x2f || c === 0x5c) return false;
  }
  return true;
}

/** A lone surrogate: a string holding one cannot be percent-encoded (no UTF-8 form). */
export const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Throws unless `channel` is a valid channel name. `-pnpres` names are valid (presence channels). With `wildcards`
 * (subscribe, heartbeat, leave), a legal wildcard pattern is valid too: `a.*` or `a.b.*`, `*` nowhere else
 * (`wildcard.ts`, docs/protocol.md §8.5); everywhere else `*` is refused.
 * @throws PubnubValidationError naming `field` and saying what is wrong
 */
export function validateChannel(channel: unknown, field = 'channel', wildcards = false): string {
  if (typeof channel !== 'string') throw new PubnubValidationError(field, `${field} must be a string`);
  if (channel === '') throw new PubnubValidationError(field, `${field} must not be empty`);
  // Characters never outnumber UTF-16 units: only a name longer in units needs counting.
  const length = channel.length > MAX_NAME_LENGTH ? channelNameLength(channel) : 0;
  if (length > MAX_NAME_LENGTH) {
    throw new PubnubValidationError(
      field,
      `${field} "${channel.slice(0, 20)}…" is ${length} characters; the limit is ${MAX_NAME_LENGTH}`,
    );
  }
  let name = channel;
  if (wildcards && isWildcardName(channel)) {
    const problem = wildcardProblem(channel);
    if (problem !== undefined) throw new PubnubValidationError(field, `${field} ${problem}`);
    name = wildcardPrefix(channel).slice(0, -1); // the stem: its characters follow the channel rules
  }
  const bad = isPlainAsciiName(name) ? null : FORBIDDEN_CHANNEL_CHARS.exec(name);
  if (bad) {
    const shown =
      bad[0] === ' '
        ? 'a space'
        : /[\u0000-\u001f\u007f]/u.test(bad[0])
          ? 'a control character'
          : LONE_SURROGATE.test(bad[0])
            ? 'a lone surrogate (not Unicode text)'
            : `"${bad[0]}"`;
    throw new PubnubValidationError(field, `${field} "${channel}" contains ${shown}, which channel names may not`);
  }
  return channel;
}

/**
 * Accepts one channel or a list; returns a de-duplicated list, each name validated (wildcard patterns allowed with
 * `wildcards`, as {@link validateChannel}).
 * @throws PubnubValidationError for a list that is not one, an empty list (unless `allowEmpty`), or a bad name
 */
export function validateChannelList(
  channels: unknown,
  field = 'channels',
  allowEmpty = false,
  wildcards = false,
): string[] {
  const list = typeof channels === 'string' ? channels.split(',').map((c) => c.trim()) : channels;
  if (!Array.isArray(list)) throw new PubnubValidationError(field, `${field} must be a string or an array of strings`);
  if (list.length === 0 && !allowEmpty)
    throw new PubnubValidationError(field, `${field} must name at least one channel`);
  const seen = new Set<string>();
  for (const c of list) seen.add(validateChannel(c, field, wildcards));
  return [...seen];
}

/** Throws unless `uuid` is a non-empty string of at most 92 characters. */
export function validateUuid(uuid: unknown, field = 'uuid'): string {
  if (typeof uuid !== 'string' || uuid === '')
    throw new PubnubValidationError(field, `${field} must be a non-empty string`);
  if ([...uuid].length > MAX_NAME_LENGTH) {
    throw new PubnubValidationError(
      field,
      `${field} is ${[...uuid].length} characters; the limit is ${MAX_NAME_LENGTH}`,
    );
  }
  return uuid;
}

/** UTF-8 byte length of a string. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Throws unless the JSON text of a message fits the 32 KiB limit; the error states the size. */
export function validateMessageSize(json: string, field = 'message'): void {
  const size = utf8Length(json);
  if (size > MAX_MESSAGE_BYTES) {
    throw new PubnubValidationError(
      field,
      `${field} is ${size} bytes as JSON${size > json.length ? ' (UTF-8)' : ''}; the limit is ${MAX_MESSAGE_BYTES} bytes (32 KiB)`,
    );
  }
}
