/**
 * Evaluation of a parsed filter (server/README.md "Filter expressions"): the tree becomes one closure, built once
 * per expression, that judges a message in a few property reads and comparisons.
 *
 * Semantics (decided where PubNub's documentation is silent; written down in the server README):
 *   - `==` compares numbers numerically (a numeric string equals the same number), anything else strictly;
 *     a missing value equals nothing, and `!=` is exactly "not `==`" (so `uuid != "me"` keeps messages without a
 *     publisher uuid);
 *   - `<` `<=` `>` `>=` compare numbers (or numeric strings) only; anything else is false;
 *   - `LIKE` matches a string (or number) against a pattern where `*` is any run of characters, case-sensitive;
 *   - `CONTAINS` is substring on a string, membership (by `==`) on an array;
 *   - a lone operand is true when its value is truthy (`true`, a non-zero number, a non-empty string, an object).
 */
import type { FilterNode, FilterOperand } from './parse-filter.js';

/** What a filter reads from one message. `meta` and `data` are called lazily (their JSON may need parsing). */
export interface FilterSubject {
  /** The publish `meta`, parsed (undefined when the message had none). */
  meta(): unknown;
  /** The message itself, parsed. */
  data(): unknown;
  /** The publisher's uuid, when the publish carried one. */
  readonly uuid: string | undefined;
}

/** A compiled filter: true when the message passes. */
export type CompiledFilter = (subject: FilterSubject) => boolean;

type Getter = (s: FilterSubject) => unknown;

/** Compiles a parsed filter into a predicate. */
export function compileFilter(node: FilterNode): CompiledFilter {
  switch (node.kind) {
    case 'or': {
      const l = compileFilter(node.left);
      const r = compileFilter(node.right);
      return (s) => l(s) || r(s);
    }
    case 'and': {
      const l = compileFilter(node.left);
      const r = compileFilter(node.right);
      return (s) => l(s) && r(s);
    }
    case 'not': {
      const inner = compileFilter(node.operand);
      return (s) => !inner(s);
    }
    case 'truthy': {
      const get = getter(node.operand);
      return (s) => truthy(get(s));
    }
    case 'compare': {
      const l = getter(node.left);
      const r = getter(node.right);
      switch (node.op) {
        case '==':
          return (s) => equal(l(s), r(s));
        case '!=':
          return (s) => !equal(l(s), r(s));
        case '<':
          return (s) => order(l(s), r(s), (a, b) => a < b);
        case '<=':
          return (s) => order(l(s), r(s), (a, b) => a <= b);
        case '>':
          return (s) => order(l(s), r(s), (a, b) => a > b);
        case '>=':
          return (s) => order(l(s), r(s), (a, b) => a >= b);
        case 'LIKE': {
          const fixed = node.right.kind === 'literal' ? globOf(node.right.value) : undefined;
          return (s) => like(l(s), fixed ?? globOf(r(s)));
        }
        case 'CONTAINS':
          return (s) => contains(l(s), r(s));
      }
    }
  }
}

function getter(operand: FilterOperand): Getter {
  if (operand.kind === 'literal') {
    const value = operand.value;
    return () => value;
  }
  const { root, steps } = operand;
  if (root === 'uuid') return (s) => s.uuid;
  return (s) => {
    let value: unknown = root === 'meta' ? s.meta() : s.data();
    for (const step of steps) {
      if (value === null || typeof value !== 'object') return undefined;
      if (typeof step === 'number') {
        value = Array.isArray(value) ? value[step] : undefined;
      } else {
        value = Object.hasOwn(value, step) ? (value as Record<string, unknown>)[step] : undefined;
      }
    }
    return value;
  };
}

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = numeric(a);
    const y = numeric(b);
    return x !== undefined && x === y;
  }
  return a === b;
}

function order(a: unknown, b: unknown, cmp: (x: number, y: number) => boolean): boolean {
  const x = numeric(a);
  const y = numeric(b);
  return x !== undefined && y !== undefined && cmp(x, y);
}

function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

function globOf(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}

function like(value: unknown, glob: RegExp | undefined): boolean {
  if (glob === undefined || (typeof value !== 'string' && typeof value !== 'number')) return false;
  return glob.test(String(value));
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((item) => equal(item, needle));
  if (typeof haystack === 'string' && (typeof needle === 'string' || typeof needle === 'number')) {
    return haystack.includes(String(needle));
  }
  return false;
}
