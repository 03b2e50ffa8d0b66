/**
 * Evaluating App Context filters (docs/protocol.md §14.4; the language is core's `parseObjectsFilter`). An
 * expression is parsed once per listing kind and text (at most `MAX_CACHED` kept, the oldest dropped first) and
 * compiled into one closure over a record's view (`objects-entities.ts`).
 *
 * Semantics (PubNub documents that a custom value must have the type of the value it is compared with, and that
 * `updated` is compared with ISO 8601 times; the rest is pubkit's choice, written in docs/protocol.md §14.4):
 *   - `==` / `!=`: same type and value (a field never set is `null`, so `name == null` finds unnamed records);
 *   - `<` `<=` `>` `>=`: two numbers, or two strings compared by code unit; `updated` compares as a time (a value
 *     that is no ISO 8601 time is a 400 at parse time); anything else is false;
 *   - `LIKE`: the string field matches the pattern, `*` any run of characters, case-sensitive.
 */
import {
  type FilterNode,
  type FilterOperand,
  type ObjectsFilterTarget,
  PubnubFilterSyntaxError,
  parseObjectsFilter,
} from '@pubkit/core';

/** A compiled filter over a record view. */
export type ObjectsPredicate = (view: object) => boolean;

/** Distinct expressions kept compiled. */
const MAX_CACHED = 500;
const cache = new Map<string, ObjectsPredicate | PubnubFilterSyntaxError>();

/** The predicate of a `filter` for a listing of `target`, or the syntax error to answer with. */
export function objectsFilter(
  expression: string,
  target: ObjectsFilterTarget,
): ObjectsPredicate | PubnubFilterSyntaxError {
  const key = `${target}\n${expression}`;
  let found = cache.get(key);
  if (found === undefined) {
    try {
      found = compile(parseObjectsFilter(expression, target));
    } catch (err) {
      if (!(err instanceof PubnubFilterSyntaxError)) throw err;
      found = err;
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, found);
  }
  return found;
}

type Getter = (view: object) => unknown;

function compile(node: FilterNode): ObjectsPredicate {
  switch (node.kind) {
    case 'or': {
      const l = compile(node.left);
      const r = compile(node.right);
      return (v) => l(v) || r(v);
    }
    case 'and': {
      const l = compile(node.left);
      const r = compile(node.right);
      return (v) => l(v) && r(v);
    }
    case 'not': {
      const inner = compile(node.operand);
      return (v) => !inner(v);
    }
    case 'truthy':
      // The objects dialect refuses lone operands at parse time.
      return () => false;
    case 'compare':
      return comparison(node.op, node.left, node.right);
  }
}

function comparison(op: string, left: FilterOperand, right: FilterOperand): ObjectsPredicate {
  if (left.kind !== 'path' || right.kind !== 'literal') return () => false;
  const steps = left.steps;
  const get: Getter = (view) => {
    let value: unknown = view;
    for (const step of steps) {
      if (value === null || typeof value !== 'object') return null;
      value = Object.hasOwn(value, step) ? (value as Record<string, unknown>)[step as string] : null;
    }
    return value ?? null;
  };
  const literal = right.value;
  const isTime = steps[steps.length - 1] === 'updated' && steps[0] !== 'custom';
  if (isTime && op !== 'LIKE') {
    if (typeof literal !== 'string' || Number.isNaN(Date.parse(literal))) {
      throw new PubnubFilterSyntaxError('updated is compared with an ISO 8601 time string', 0);
    }
    const at = Date.parse(literal);
    const time = (v: object) => {
      const t = get(v);
      return typeof t === 'string' ? Date.parse(t) : Number.NaN;
    };
    return orderBy(op, (v) => time(v), at);
  }
  if (op === 'LIKE') {
    if (typeof literal !== 'string') throw new PubnubFilterSyntaxError('LIKE takes a string pattern', 0);
    const source = literal
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const glob = new RegExp(`^${source}$`, 's');
    return (v) => {
      const value = get(v);
      return typeof value === 'string' && glob.test(value);
    };
  }
  return orderBy(op, get, literal);
}

function orderBy(op: string, get: Getter, literal: unknown): ObjectsPredicate {
  switch (op) {
    case '==':
      return (v) => get(v) === literal;
    case '!=':
      return (v) => get(v) !== literal;
    default: {
      const orEqual = op === '<=' || op === '>=';
      const sign = op === '<' || op === '<=' ? -1 : 1;
      return (v) => {
        const value = get(v);
        if (typeof value !== typeof literal || (typeof value !== 'number' && typeof value !== 'string')) return false;
        if (typeof value === 'number' && Number.isNaN(value)) return false;
        const c = (value as number | string) < (literal as number | string) ? -1 : value === literal ? 0 : 1;
        return c === sign || (orEqual && c === 0);
      };
    }
  }
}
