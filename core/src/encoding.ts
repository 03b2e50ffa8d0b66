/**
 * Percent-encoding, one strict rule everywhere (docs/protocol.md §6.1, §6.2, §8.7).
 *
 * Why one rule: the canonical query of both signature dialects encodes every byte except `A-Z a-z 0-9 - _ .`
 * (so `~ ! * ' ( )` become `%7E %21 %2A %27 %28 %29`), and so does the current JS SDK on the wire. Sending exactly
 * what we sign means the server re-encodes what it decoded and gets the same string back. The server decodes with
 * `formDecode` (`+` is a space in a query, docs/protocol.md §2.8) and `decodePathSegment`.
 */

import { PubnubValidationError } from './errors.js';

/**
 * Encodes a path segment or query value: everything but `A-Za-z0-9-_.` as `%XX` (UTF-8, upper-case hex).
 * @throws PubnubValidationError for text with a lone surrogate, which has no UTF-8 form (names are refused earlier,
 *   by their own validation; this catches every other string a caller passes, e.g. an auth key or an action value)
 */
export function encodeComponent(value: string): string {
  // Most values (keys, uuids, timetokens, subscribe keys) are all unreserved: return them as they are, without the
  // runtime call and the new string `encodeURIComponent` makes (once per query pair of every request,
  // docs/performance.md §2). JSON and other text fails at its first mark, so the check costs it nothing.
  if (typeof value === 'string' && isUnreserved(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A caller that skipped its own validation may also hand a non-string here (its types say string).
    const why =
      typeof value === 'string'
        ? `"${value.slice(0, 20)}" contains a lone surrogate (not Unicode text)`
        : `a ${typeof value} is not text`;
    throw new PubnubValidationError('value', why);
  }
  // Most values (keys, uuids, JSON without those five marks) have none: skip the replace and its callback.
  return RFC3986_RESERVED.test(encoded) ? encoded.replace(RFC3986_RESERVED_ALL, escapeMark) : encoded;
}

/** The marks `encodeURIComponent` leaves alone but the one rule encodes (docs/protocol.md §6.1, see the file header). */
/** True when every character of `value` is `A-Za-z0-9-_.`, the characters {@link encodeComponent} keeps. */
function isUnreserved(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const plain =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
    if (!plain) return false;
  }
  return true;
}

const RFC3986_RESERVED = /[!~*'()]/;
const RFC3986_RESERVED_ALL = /[!~*'()]/g;

function escapeMark(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Encodes a list of names for a path: each name encoded, joined with a raw comma (docs/protocol.md §2.4, current SDKs).
 * An empty list becomes the `,` placeholder used when only channel groups are given (docs/protocol.md §2.3, §2.6).
 */
export function encodeNameList(names: readonly string[]): string {
  return names.length === 0 ? ',' : names.map(encodeComponent).join(',');
}

/** Serialises a query in insertion order, values encoded with `encodeComponent`. No leading `?`. */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  // Once per request: string concatenation over own keys, no entry pairs or parts array.
  let out = '';
  for (const key in query) {
    if (!Object.hasOwn(query, key)) continue;
    const pair = `${encodeComponent(key)}=${encodeComponent(query[key]!)}`;
    out = out === '' ? pair : `${out}&${pair}`;
  }
  return out;
}

/**
 * The canonical query both signature dialects sign: keys sorted by code unit order (case-sensitive), values
 * re-encoded with `encodeComponent`, `signature` excluded.
 */
export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .filter((key) => key !== 'signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${encodeComponent(key)}=${encodeComponent(query[key] ?? '')}`)
    .join('&');
}

/** Decodes a query value or key: `+` is a space, then `%XX`. Returns undefined for malformed escapes. */
export function formDecode(value: string): string | undefined {
  // Most values have nothing to decode: no regex, no decoder, no copy (docs/performance.md §3, publish ingest).
  if (value.indexOf('%') < 0 && value.indexOf('+') < 0) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Decodes one path segment (`+` stays a plus). Returns undefined for malformed escapes. */
export function decodePathSegment(segment: string): string | undefined {
  if (segment.indexOf('%') < 0) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Parses a raw query string (without `?`) into a record. Repeated keys keep the last value. Returns undefined when
 * any part has a malformed escape.
 */
export function parseQuery(raw: string): Record<string, string> | undefined {
  const query: Record<string, string> = {};
  // One scan by index: no array of parts (the server parses a query per request, docs/performance.md §3).
  for (let start = 0; start < raw.length; ) {
    const amp = raw.indexOf('&', start);
    const end = amp < 0 ? raw.length : amp;
    if (end > start) {
      const eq = raw.indexOf('=', start);
      const cut = eq < 0 || eq > end ? end : eq;
      const key = formDecode(raw.slice(start, cut));
      const value = cut === end ? '' : formDecode(raw.slice(cut + 1, end));
      if (key === undefined || value === undefined) return undefined;
      query[key] = value;
    }
    start = end + 1;
  }
  return query;
}

/** Splits a decoded comma list, dropping empty names (the `,` placeholder yields `[]`). */
export function splitNameList(list: string): string[] {
  return list.split(',').filter((name) => name !== '');
}
