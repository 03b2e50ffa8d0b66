/**
 * The lexer of PubNub's subscribe filter language (docs/protocol.md §2.4 `filter-expr`; server/README.md "Filter
 * expressions"): turns an expression into tokens, each with its 0-based position for error messages.
 *
 * Tokens: identifiers (`meta`, `data`, `uuid`, field names), string literals in `'…'` or `"…"` with backslash
 * escapes, numbers (`12`, `-3.5`, `1e3`), the keywords `LIKE` and `CONTAINS` (any case), `true`/`false`/`null`,
 * and the punctuation `== != < <= > >= && || ! ( ) [ ] .`.
 */
import { PubnubFilterSyntaxError } from './filter-error.js';

/** One token. */
export type FilterToken =
  | { readonly kind: 'ident'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'op'; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly at: number };

const TWO_CHAR = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR = new Set(['<', '>', '!', '(', ')', '[', ']', '.']);
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_$][\w$]*/;

/**
 * Tokenises `expression`.
 * @throws PubnubFilterSyntaxError on a character that starts no token or an unterminated string.
 */
export function tokenizeFilter(expression: string): FilterToken[] {
  const out: FilterToken[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = expression.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      out.push({ kind: 'op', text: two, at: i });
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const [value, next] = readString(expression, i);
      out.push({ kind: 'string', value, at: i });
      i = next;
      continue;
    }
    // A `-` starts a number only where a value may stand (after an operator, `(` or at the start).
    const prev = out[out.length - 1];
    const valueMayStart = prev === undefined || (prev.kind === 'op' && prev.text !== ')' && prev.text !== ']');
    if ((c >= '0' && c <= '9') || (c === '-' && valueMayStart) || (c === '.' && /\d/.test(expression[i + 1] ?? ''))) {
      const m = NUMBER.exec(expression.slice(i));
      if (m) {
        out.push({ kind: 'number', value: Number(m[0]), at: i });
        i += m[0].length;
        continue;
      }
    }
    if (ONE_CHAR.has(c)) {
      out.push({ kind: 'op', text: c, at: i });
      i++;
      continue;
    }
    const ident = IDENT.exec(expression.slice(i));
    if (ident) {
      out.push({ kind: 'ident', text: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    throw new PubnubFilterSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ kind: 'end', at: expression.length });
  return out;
}

function readString(expression: string, start: number): [value: string, next: number] {
  const quote = expression[start]!;
  let value = '';
  for (let i = start + 1; i < expression.length; i++) {
    const c = expression[i]!;
    if (c === quote) return [value, i + 1];
    if (c === '\\' && i + 1 < expression.length) {
      const e = expression[++i]!;
      value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      continue;
    }
    value += c;
  }
  throw new PubnubFilterSyntaxError('unterminated string', start);
}
