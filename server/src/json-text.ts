/**
 * Whether a text is one JSON value (RFC 8259): exactly the texts `JSON.parse` accepts, decided without building
 * the value.
 *
 * Why not `JSON.parse` in a `try`: the publish path only needs the yes/no (the message text is spliced into the
 * envelope as it is, docs/protocol.md §2.4), and parsing built an object graph per publish that was garbage at
 * once; in the server's ingest profile `JSON.parse` was the largest piece of pubkit's own work per publish
 * (docs/performance.md §3, publish ingest). A scan over the characters allocates nothing.
 *
 * The grammar, as `JSON.parse` applies it: whitespace is space, tab, LF and CR only; literals `true`, `false`,
 * `null`; numbers `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (any magnitude: `1e400` is accepted); strings
 * in double quotes with no raw character below U+0020, escapes `\" \\ \/ \b \f \n \r \t` and `\u` with four hex
 * digits (lone surrogates are fine, raw or escaped); no nesting limit (V8's parser has none either). A test
 * compares this function with `JSON.parse` on generated texts (`test/server/json-text.test.ts`).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Open containers, innermost last: 1 array, 2 object. Grown when a text nests deeper; one per process. */
let open = new Uint8Array(64);
const ARRAY = 1;
const OBJECT = 2;

/** True when `text` is exactly one JSON value, surrounded by JSON whitespace only. */
export function isJsonText(text: string): boolean {
  const n = text.length;
  let depth = 0;
  let i = skipSpace(text, 0);
  for (;;) {
    // A value starts at `i`.
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) i++;
      else {
        if (depth === open.length) {
          const grown = new Uint8Array(open.length * 2);
          grown.set(open);
          open = grown;
        }
        open[depth++] = c === OPEN_OBJECT ? OBJECT : ARRAY;
        if (c === OPEN_OBJECT) {
          i = skipKey(text, i);
          if (i < 0) return false;
        }
        continue;
      }
    } else if (c === QUOTE) i = skipString(text, i);
    else if (c === MINUS || (c >= ZERO && c <= NINE)) i = skipNumber(text, i);
    else if (c === 0x74 /* t */) i = text.startsWith('true', i) ? i + 4 : -1;
    else if (c === 0x66 /* f */) i = text.startsWith('false', i) ? i + 5 : -1;
    else if (c === 0x6e /* n */) i = text.startsWith('null', i) ? i + 4 : -1;
    else return false;
    if (i < 0) return false;
    // After a value: close what it ends, or a comma and the next value (with its key, in an object).
    for (;;) {
      i = skipSpace(text, i);
      if (depth === 0) return i === n;
      const d = text.charCodeAt(i);
      const kind = open[depth - 1];
      if (d === COMMA) {
        i = skipSpace(text, i + 1);
        if (kind === OBJECT) {
          i = skipKey(text, i);
          if (i < 0) return false;
        }
        break;
      }
      if (d !== (kind === OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) return false;
      depth--;
      i++;
    }
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** A member's key and colon at `i`: the index of its value, or -1. */
function skipKey(text: string, i: number): number {
  if (text.charCodeAt(i) !== QUOTE) return -1;
  i = skipString(text, i);
  if (i < 0) return -1;
  i = skipSpace(text, i);
  return text.charCodeAt(i) === COLON ? skipSpace(text, i + 1) : -1;
}

/** The index after the string starting with the quote at `i`, or -1. */
function skipString(text: string, i: number): number {
  for (i++; ; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (!(c >= 0x20)) return -1; // a control character, or the end of the text (NaN)
    if (c !== BACKSLASH) {
      i++;
      continue;
    }
    const e = text.charCodeAt(i + 1);
    if (e === 0x75 /* u */) {
      if (!(isHex(text.charCodeAt(i + 2)) && isHex(text.charCodeAt(i + 3)))) return -1;
      if (!(isHex(text.charCodeAt(i + 4)) && isHex(text.charCodeAt(i + 5)))) return -1;
      i += 6;
    } else if (
      e === QUOTE ||
      e === BACKSLASH ||
      e === 0x2f /* / */ ||
      e === 0x62 /* b */ ||
      e === 0x66 /* f */ ||
      e === 0x6e /* n */ ||
      e === 0x72 /* r */ ||
      e === 0x74 /* t */
    )
      i += 2;
    else return -1;
  }
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** The index after the number starting at `i`, or -1. */
function skipNumber(text: string, i: number): number {
  if (text.charCodeAt(i) === MINUS) i++;
  const first = text.charCodeAt(i);
  if (first === ZERO) i++;
  else if (first > ZERO && first <= NINE) i = skipDigits(text, i + 1);
  else return -1;
  if (text.charCodeAt(i) === 0x2e /* . */) {
    if (!isDigit(text.charCodeAt(i + 1))) return -1;
    i = skipDigits(text, i + 2);
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45 /* e E */) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === MINUS) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    i = skipDigits(text, i + 1);
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function skipDigits(text: string, i: number): number {
  while (isDigit(text.charCodeAt(i))) i++;
  return i;
}
