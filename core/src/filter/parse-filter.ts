/**
 * The parser of PubNub's subscribe filter language (server/README.md "Filter expressions"): tokens → a small
 * syntax tree. Pure; the server parses each distinct expression once and evaluates the tree per message
 * (`compileFilter`).
 *
 * Grammar (lowest precedence first):
 *
 *   or         := and ( '||' and )*
 *   and        := unary ( '&&' unary )*
 *   unary      := '!' unary | '(' or ')' | comparison
 *   comparison := operand [ ( '==' | '!=' | '<' | '<=' | '>' | '>=' | LIKE | CONTAINS ) operand ]
 *   operand    := string | number | true | false | null | path
 *   path       := ident ( '.' ident | '[' ( string | number ) ']' )*
 *
 * A path starts at `meta` (the publish meta), `data` (the message itself) or `uuid` (the publisher's uuid); any
 * other first name is a field of `meta` (`region == "east"` reads `meta.region`). A lone operand is true when its
 * value is truthy.
 */
import { PubnubFilterSyntaxError } from './filter-error.js';
import { type FilterToken, tokenizeFilter } from './filter-tokens.js';

/** A comparison operator. */
export type FilterOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'CONTAINS';

/** A value reference. */
export type FilterOperand =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'path'; readonly root: 'meta' | 'data' | 'uuid'; readonly steps: readonly (string | number)[] };

/** A parsed filter expression. */
export type FilterNode =
  | { readonly kind: 'or' | 'and'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | {
      readonly kind: 'compare';
      readonly op: FilterOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
    }
  | { readonly kind: 'truthy'; readonly operand: FilterOperand };

/** Longest expression accepted, in characters (a filter travels in the subscribe URI). */
export const MAX_FILTER_LENGTH = 2_048;
/** Deepest nesting of parentheses and `!` accepted (bounds the parser's recursion). */
export const MAX_FILTER_DEPTH = 32;

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * Another language on the same grammar (App Context filters, `objects-filter.ts`): every path names a field of one
 * record from its top (root `data`, no `meta`/`uuid` roots), and the dialect judges paths and operators.
 */
export interface FilterDialect {
  /** Why a field path (names from the record's top) is not part of the language, or undefined when it is. */
  fieldProblem(path: readonly (string | number)[]): string | undefined;
  /** Why an operator is not part of the language, or undefined when it is. */
  operatorProblem(op: FilterOperator): string | undefined;
}

/**
 * Parses a filter expression: the subscribe language, or with `dialect` another language on the same grammar.
 * @throws PubnubFilterSyntaxError naming the position of the first error.
 */
export function parseFilter(expression: string, dialect?: FilterDialect): FilterNode {
  if (expression.length > MAX_FILTER_LENGTH) {
    throw new PubnubFilterSyntaxError(`longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  }
  const p = new Parser(tokenizeFilter(expression), dialect);
  const node = p.or(0);
  const rest = p.peek();
  if (rest.kind !== 'end') throw new PubnubFilterSyntaxError(`unexpected ${describe(rest)}`, rest.at);
  return node;
}

class Parser {
  #i = 0;
  readonly #tokens: readonly FilterToken[];
  readonly #dialect: FilterDialect | undefined;

  constructor(tokens: readonly FilterToken[], dialect: FilterDialect | undefined) {
    this.#tokens = tokens;
    this.#dialect = dialect;
  }

  peek(): FilterToken {
    return this.#tokens[this.#i]!;
  }

  or(depth: number): FilterNode {
    let left = this.and(depth);
    while (this.isOp('||')) {
      this.#i++;
      left = { kind: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): FilterNode {
    let left = this.unary(depth);
    while (this.isOp('&&')) {
      this.#i++;
      left = { kind: 'and', left, right: this.unary(depth) };
    }
    return left;
  }

  private unary(depth: number): FilterNode {
    const t = this.peek();
    if (depth > MAX_FILTER_DEPTH) throw new PubnubFilterSyntaxError(`nested deeper than ${MAX_FILTER_DEPTH}`, t.at);
    if (this.isOp('!')) {
      this.#i++;
      return { kind: 'not', operand: this.unary(depth + 1) };
    }
    if (this.isOp('(')) {
      this.#i++;
      const inner = this.or(depth + 1);
      this.expectOp(')');
      return inner;
    }
    const left = this.operand();
    const next = this.peek();
    const op = comparisonOf(next);
    const dialect = this.#dialect;
    if (op === undefined) {
      if (dialect) throw new PubnubFilterSyntaxError(`expected a comparison, found ${describe(next)}`, next.at);
      return { kind: 'truthy', operand: left };
    }
    const refused = dialect?.operatorProblem(op);
    if (refused !== undefined) throw new PubnubFilterSyntaxError(refused, next.at);
    this.#i++;
    const valueAt = this.peek().at;
    const right = this.operand();
    // A dialect compares one field with one value: `name LIKE 'a*'`, never two fields or two values.
    if (dialect && (left.kind !== 'path' || right.kind !== 'literal')) {
      throw new PubnubFilterSyntaxError('a comparison is a field, an operator and a value', valueAt);
    }
    return { kind: 'compare', op, left, right };
  }

  private operand(): FilterOperand {
    const t = this.peek();
    this.#i++;
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind !== 'ident') throw new PubnubFilterSyntaxError(`expected a value, found ${describe(t)}`, t.at);
    const word = t.text;
    if (word === 'true' || word === 'false') return { kind: 'literal', value: word === 'true' };
    if (word === 'null') return { kind: 'literal', value: null };
    if (comparisonOf(t) !== undefined) throw new PubnubFilterSyntaxError(`expected a value, found ${word}`, t.at);
    const dialect = this.#dialect;
    const root = dialect ? 'data' : word === 'meta' || word === 'data' || word === 'uuid' ? word : 'meta';
    const steps: (string | number)[] = dialect || (root === 'meta' && word !== 'meta') ? [word] : [];
    for (;;) {
      if (this.isOp('.')) {
        this.#i++;
        const name = this.peek();
        if (name.kind !== 'ident') throw new PubnubFilterSyntaxError(`expected a field name after "."`, name.at);
        this.#i++;
        steps.push(name.text);
      } else if (this.isOp('[')) {
        this.#i++;
        const key = this.peek();
        if (key.kind !== 'string' && key.kind !== 'number') {
          throw new PubnubFilterSyntaxError('expected a string or an index inside [ ]', key.at);
        }
        this.#i++;
        steps.push(key.value);
        this.expectOp(']');
      } else break;
    }
    if (root === 'uuid' && steps.length > 0) throw new PubnubFilterSyntaxError('uuid has no fields', t.at);
    const problem = dialect?.fieldProblem(steps);
    if (problem !== undefined) throw new PubnubFilterSyntaxError(problem, t.at);
    return { kind: 'path', root, steps };
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private expectOp(text: string): void {
    const t = this.peek();
    if (!this.isOp(text)) throw new PubnubFilterSyntaxError(`expected "${text}", found ${describe(t)}`, t.at);
    this.#i++;
  }
}

function comparisonOf(t: FilterToken): FilterOperator | undefined {
  if (t.kind === 'op' && COMPARISONS.has(t.text)) return t.text as FilterOperator;
  if (t.kind === 'ident') {
    const upper = t.text.toUpperCase();
    if (upper === 'LIKE' || upper === 'CONTAINS') return upper;
  }
  return undefined;
}

function describe(t: FilterToken): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'ident':
    case 'op':
      return `"${t.text}"`;
    case 'string':
      return `the string ${JSON.stringify(t.value)}`;
    case 'number':
      return `the number ${t.value}`;
  }
}
