/**
 * JSON in and out of the wire.
 *
 * Out: `toJson` refuses what JSON cannot carry faithfully (undefined, functions, symbols, BigInt, cycles) instead of
 * letting `JSON.stringify` drop or mangle it; 0, false, "" and null are ordinary messages.
 *
 * In: `parseJson` lifts 17-digit timetokens out of raw text before `JSON.parse` can round them (docs/protocol.md §2.1,
 * §2.5, quirk 17). It quotes an integer of 16 or more digits when it is a direct element of the top-level array
 * (`/time/0`, history start/end) or the value of a `"timetoken"` key (history entries). Numbers inside user
 * messages are left alone, except a user object's own `"timetoken"` key, which is lifted too.
 */
import { PubnubValidationError } from './errors.js';

/**
 * Serialises a message, throwing `PubnubValidationError` for values that are not JSON.
 *
 * Two passes, cheap first: `isPlainJson` answers yes/no without building a path string or a cycle set per value
 * (that bookkeeping cost as much as `JSON.stringify` itself on every publish and encrypt). Only a "no" pays for
 * `checkJsonValue`, which names the offending path and throws; a "no" it does not confirm (a sparse array, nesting
 * deeper than the fast pass goes) is serialised as before.
 * @default field `'message'`
 * @throws PubnubValidationError for undefined, a function, a symbol, a BigInt, NaN/Infinity, or a cycle
 */
export function toJson(value: unknown, field = 'message'): string {
  if (!isPlainJson(value, 0)) checkJsonValue(value, field, new Set());
  return JSON.stringify(value);
}

/**
 * Depth the fast pass goes before handing over to `checkJsonValue`. It is also what makes the fast pass finish on
 * a cycle without a cycle set: a cycle is "too deep", and the slow pass reports it properly.
 */
const FAST_DEPTH = 64;

function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false; // undefined, function, symbol, bigint
  }
  if (value === null) return true;
  if (depth === FAST_DEPTH) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return true;
  if (Array.isArray(value)) {
    // Holes read as undefined here: a sparse array takes the slow pass, which accepts it as before.
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) if (!isPlainJson(record[keys[i]!], depth + 1)) return false;
  return true;
}

function checkJsonValue(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw invalid(path, `${path} is ${value}, which JSON cannot carry`);
      return;
    case 'undefined':
      throw invalid(path, `${path} is undefined, which is not JSON (use null)`);
    case 'function':
      throw invalid(path, `${path} is a function, which is not JSON`);
    case 'symbol':
      throw invalid(path, `${path} is a symbol, which is not JSON`);
    case 'bigint':
      throw invalid(path, `${path} is a BigInt, which JSON cannot carry (send it as a string)`);
  }
  if (value === null) return;
  const obj = value as object;
  if (ancestors.has(obj)) throw invalid(path, `${path} contains a cycle, which JSON cannot carry`);
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') return; // Dates and similar serialise themselves
  ancestors.add(obj);
  if (Array.isArray(obj)) {
    obj.forEach((item, i) => {
      checkJsonValue(item, `${path}[${i}]`, ancestors);
    });
  } else {
    for (const [key, item] of Object.entries(obj)) {
      // JSON.stringify omits undefined and function properties of objects; that loses data silently.
      checkJsonValue(item, `${path}.${key}`, ancestors);
    }
  }
  ancestors.delete(obj);
}

function invalid(path: string, message: string): PubnubValidationError {
  const field = path.split(/[.[]/, 1)[0] ?? path;
  return new PubnubValidationError(field, message);
}

/** `JSON.parse` with timetokens lifted to strings (see the file header). Throws `SyntaxError` like JSON.parse. */
export function parseJson(text: string): unknown {
  return JSON.parse(liftTimetokens(text));
}

const BIG_DIGITS = 16;

/**
 * A bare (unquoted) integer of 16+ digits somewhere in the text. In JSON a number value starts right after `[`,
 * `,`, `:` or whitespace (a top-level number, or a negative one, is never lifted anyway), so text without this
 * pattern has nothing to lift. Quoted digits never match, so v2 subscribe bodies (every timetoken a string) skip
 * the character scan below; a match inside a string (`"a,1234567890123456"`) only costs that scan.
 */
const MAYBE_BIG_NUMBER = /[:,[\s]\d{16}/;

/** Quotes large integers in timetoken positions; returns the text unchanged when there are none. */
export function liftTimetokens(text: string): string {
  // Native regex first: the hot path (a subscribe response of 100 messages) would otherwise pay a JS loop over
  // every character, half the cost of `JSON.parse` itself.
  if (!MAYBE_BIG_NUMBER.test(text)) return text;
  let out = '';
  let copied = 0;
  let depth = 0;
  let inString = false;
  let lastString = '';
  let valueKey = '';
  let stringStart = 0;
  let topIsArray = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        lastString = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (depth === 0) topIsArray = c === 0x5b;
      depth++;
      valueKey = '';
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    } else if (c === 0x3a) {
      valueKey = lastString;
    } else if (c === 0x2c) {
      valueKey = '';
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
      let end = i + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const token = text.slice(i, end);
      const atTop = depth === 1 && topIsArray;
      if (token.length >= BIG_DIGITS && /^\d+$/.test(token) && (atTop || valueKey === 'timetoken')) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
