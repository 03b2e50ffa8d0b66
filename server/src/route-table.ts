/**
 * The compiled route table: from a request's raw path segments to its route and decoded parameters
 * (docs/protocol.md §1.2, the router's step 4).
 *
 * Patterns are split once, at start; routes are bucketed by segment count, in table order, so a request is compared
 * only with the routes of its length. Within a bucket a route's literal segments are compared first and its
 * parameters are percent-decoded only for the route that matched: no allocation for the routes tried before it
 * (docs/performance.md §3, publish ingest).
 *
 * A malformed escape (`%ZZ`) in a parameter is a 400. The answer is the same as when every route of the bucket was
 * walked segment by segment, decoding parameters as it went: literals never contain `%`, so a route matching every
 * literal has a parameter wherever an earlier route's parameter met the malformed segment; and when no route
 * matches, `malformedBeforeMismatch` finds the parameter the walk would have stopped at.
 */
import { decodePathSegment } from '@pubkit/core';
import type { Route } from './router.js';

interface CompiledRoute {
  readonly route: Route;
  /** Per segment: the accepted literals (`a|b` split), or undefined for a parameter. */
  readonly literals: readonly (readonly string[] | undefined)[];
  /** Per segment: the parameter's name, or undefined for a literal. */
  readonly names: readonly (string | undefined)[];
}

/** What a path matched. */
export type RouteMatch = { readonly route: Route; readonly params: Record<string, string> } | 'malformed' | undefined;

/** A route table compiled for matching. */
export class RouteTable {
  /** Routes by segment count (the pattern's segments after the leading `/`). */
  readonly #byLength: CompiledRoute[][] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.pattern.split('/').slice(1);
      const compiled: CompiledRoute = {
        route,
        literals: segments.map((s) => (s.startsWith(':') ? undefined : s.split('|'))),
        names: segments.map((s) => (s.startsWith(':') ? s.slice(1) : undefined)),
      };
      const bucket = this.#byLength[segments.length] ?? [];
      bucket.push(compiled);
      this.#byLength[segments.length] = bucket;
    }
  }

  /**
   * The route of a raw path split on `/` (`raw[0]` is the empty text before the leading slash), with its decoded
   * parameters; `'malformed'` for a malformed escape in a parameter; undefined when no route matches.
   */
  match(raw: readonly string[]): RouteMatch {
    const bucket = this.#byLength[raw.length - 1];
    if (bucket === undefined) return undefined;
    for (const c of bucket) {
      if (!literalsMatch(c, raw)) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < c.names.length; i++) {
        const name = c.names[i];
        if (name === undefined) continue;
        const decoded = decodePathSegment(raw[i + 1]!);
        if (decoded === undefined) return 'malformed';
        params[name] = decoded;
      }
      return { route: c.route, params };
    }
    return bucket.some((c) => malformedBeforeMismatch(c, raw)) ? 'malformed' : undefined;
  }
}

function literalsMatch(c: CompiledRoute, raw: readonly string[]): boolean {
  for (let i = 0; i < c.literals.length; i++) {
    const literal = c.literals[i];
    if (literal !== undefined && !literal.includes(raw[i + 1]!)) return false;
  }
  return true;
}

/** True when a parameter before the route's first mismatching literal is malformed. */
function malformedBeforeMismatch(c: CompiledRoute, raw: readonly string[]): boolean {
  for (let i = 0; i < c.literals.length; i++) {
    const literal = c.literals[i];
    if (literal !== undefined) {
      if (!literal.includes(raw[i + 1]!)) return false;
    } else if (decodePathSegment(raw[i + 1]!) === undefined) return true;
  }
  return false;
}
