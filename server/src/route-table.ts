/**
 * The compiled route table: from a request's raw path segments to its route and decoded parameters
 * (docs/protocol.md §1.2, the router's step 4).
 *
 * Patterns are split once, at start; routes are bucketed by segment count, in table order, so a request is compared
 * only with the routes of its length. The request's path is not split: its slashes are found once and a route's
 * literal segments are compared in place, and only the parameters of the route that matched are cut out and
 * percent-decoded: no allocation for the routes tried before it (docs/performance.md §3, publish ingest).
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
  /**
   * Every parameter name, in pattern order, with an empty value: a match copies it and overwrites the values, so
   * its parameters object has its final shape at once instead of gaining one property at a time.
   */
  readonly shape: Readonly<Record<string, string>>;
}

/** What a path matched. */
export type RouteMatch = { readonly route: Route; readonly params: Record<string, string> } | 'malformed' | undefined;

/** A route table compiled for matching. */
export class RouteTable {
  /** Routes by segment count (the pattern's segments after the leading `/`). */
  readonly #byLength: CompiledRoute[][] = [];
  /**
   * Where the `/` of the path being matched are (segment `k` runs from after slash `k - 1` to slash `k` or the end).
   * One per table, reused: matching is synchronous, and a path with more segments than any route is answered
   * before it is filled, so it never grows.
   */
  readonly #slashes: Int32Array;

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const segments = route.pattern.split('/').slice(1);
      const compiled: CompiledRoute = {
        route,
        literals: segments.map((s) => (s.startsWith(':') ? undefined : s.split('|'))),
        names: segments.map((s) => (s.startsWith(':') ? s.slice(1) : undefined)),
        shape: Object.fromEntries(segments.filter((s) => s.startsWith(':')).map((s) => [s.slice(1), ''])),
      };
      const bucket = this.#byLength[segments.length] ?? [];
      bucket.push(compiled);
      this.#byLength[segments.length] = bucket;
    }
    this.#slashes = new Int32Array(this.#byLength.length);
  }

  /**
   * The route of a raw path (segments as `split('/')` makes them; what precedes the first `/` is not compared), with
   * its decoded parameters; `'malformed'` for a malformed escape in a parameter; undefined when no route matches.
   * The path is compared in place: only the matched route's parameters are cut out of it (docs/performance.md §3).
   */
  match(path: string): RouteMatch {
    const slashes = this.#slashes;
    let count = 0;
    for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
      if (count === slashes.length) return undefined; // more segments than any route has
      slashes[count++] = at;
    }
    const bucket = this.#byLength[count];
    if (bucket === undefined) return undefined;
    for (const c of bucket) {
      if (!this.#literalsMatch(c, path, count)) continue;
      const params: Record<string, string> = { ...c.shape };
      for (let i = 0; i < c.names.length; i++) {
        const name = c.names[i];
        if (name === undefined) continue;
        const decoded = decodePathSegment(this.#segment(path, i, count));
        if (decoded === undefined) return 'malformed';
        params[name] = decoded;
      }
      return { route: c.route, params };
    }
    return bucket.some((c) => this.#malformedBeforeMismatch(c, path, count)) ? 'malformed' : undefined;
  }

  /** Segment `i` of the route's segments (after the leading `/`), cut out of the path. */
  #segment(path: string, i: number, count: number): string {
    return path.slice(this.#slashes[i]! + 1, i + 1 < count ? this.#slashes[i + 1] : path.length);
  }

  /** True when segment `i` is one of `literal`'s alternatives, compared in place. */
  #isLiteral(literal: readonly string[], path: string, i: number, count: number): boolean {
    const start = this.#slashes[i]! + 1;
    const length = (i + 1 < count ? this.#slashes[i + 1]! : path.length) - start;
    for (const text of literal) if (text.length === length && path.startsWith(text, start)) return true;
    return false;
  }

  #literalsMatch(c: CompiledRoute, path: string, count: number): boolean {
    for (let i = 0; i < c.literals.length; i++) {
      const literal = c.literals[i];
      if (literal !== undefined && !this.#isLiteral(literal, path, i, count)) return false;
    }
    return true;
  }

  /** True when a parameter before the route's first mismatching literal is malformed. */
  #malformedBeforeMismatch(c: CompiledRoute, path: string, count: number): boolean {
    for (let i = 0; i < c.literals.length; i++) {
      const literal = c.literals[i];
      if (literal !== undefined) {
        if (!this.#isLiteral(literal, path, i, count)) return false;
      } else if (decodePathSegment(this.#segment(path, i, count)) === undefined) return true;
    }
    return false;
  }
}
