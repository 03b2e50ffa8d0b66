/**
 * Fault rules: what a test asks the server to do wrong, and their validation (server/README.md "Faults",
 * docs/testing.md §1).
 *
 * A rule names which requests it applies to (`route` groups and/or a `path` regular expression, optionally a
 * `method`), how often it fires (`probability`, drawn from the injector's seeded generator so a run is
 * reproducible; `count`, after which it retires; `after`, matching requests let through first) and what it does
 * (`fault`). Every duration is capped so a rule can never hold a request, a timer or a socket without bound.
 * Rules arrive from code (`startServer({ faults })`, `server.faults.add`), from a JSON file (`--faults FILE`) or
 * over HTTP (`POST /pubkit/faults`), so validation takes `unknown` and says exactly what is wrong.
 */

/** Named groups of routes a rule can target; `any` is every route (the admin route itself is never faulted). */
export const FAULT_ROUTE_GROUPS = [
  'any',
  'time',
  'publish',
  'signal',
  'subscribe',
  'history',
  'message-actions',
  'presence',
  'pam',
  'channel-groups',
  'objects',
  'files',
] as const;

/** One of {@link FAULT_ROUTE_GROUPS}. */
export type FaultRouteGroup = (typeof FAULT_ROUTE_GROUPS)[number];

/** What a fired rule does to the request. */
export type FaultAction =
  /** Destroy the connection without an answer (the client sees a reset). */
  | { readonly fault: 'drop' }
  /** Handle the request at once, but hold its answer `ms` (pipelined requests keep their order). */
  | { readonly fault: 'delay'; readonly ms: number }
  /**
   * Answer `status` at once with a PubNub-shaped body of the route's service (or `body`); a 429 or 503 carries
   * `Retry-After: retryAfterSec` when given (429 defaults to 1).
   */
  | { readonly fault: 'status'; readonly status: number; readonly retryAfterSec?: number; readonly body?: string }
  /** Serve normally, but send only the first `bytes` of the body (default half), then close the connection. */
  | { readonly fault: 'truncate'; readonly bytes?: number }
  /** Serve normally, but send the body `chunkBytes` at a time every `intervalMs` (defaults 16 bytes, 50 ms). */
  | { readonly fault: 'drip'; readonly chunkBytes?: number; readonly intervalMs?: number }
  /** Never answer: hold the request `ms` (default 30 s), then destroy the connection (a stalled long-poll). */
  | { readonly fault: 'stall'; readonly ms?: number }
  /**
   * Behave as a server process restarted on its store: drop every connection (parked long-polls unanswered),
   * refuse new ones for `downMs` (default 1000), rebuild the in-memory catch-up queues from the store (as a real
   * restart on `dataDir` does). Stored history survives.
   */
  | { readonly fault: 'restart'; readonly downMs?: number };

/** Which requests a rule applies to and how often it fires. */
export interface FaultMatch {
  /** Route group(s). @default 'any' */
  readonly route?: FaultRouteGroup | readonly FaultRouteGroup[];
  /** A regular expression (source text) the raw request path must match, e.g. `"/heartbeat$"`. */
  readonly path?: string;
  /** HTTP method, e.g. `POST`. @default any */
  readonly method?: string;
  /** Chance that a matching request fires the rule, 0 to 1. @default 1 */
  readonly probability?: number;
  /** The rule retires after firing this many times. @default unlimited */
  readonly count?: number;
  /** Matching requests let through before the rule may fire. @default 0 */
  readonly after?: number;
}

/** One fault rule: a match and an action, e.g. `{ route: 'publish', fault: 'status', status: 503, probability: 0.1 }`. */
export type FaultRule = FaultMatch & FaultAction;

/** The `faults` option of `startServer` and the JSON of `--faults FILE`: rules, or rules with a seed. */
export type FaultsOption = readonly FaultRule[] | { readonly seed?: number; readonly rules?: readonly FaultRule[] };

/** Most rules active at once (each costs a few hundred bytes; a runaway script adding rules is refused). */
export const MAX_FAULT_RULES = 256;
/** Longest delay, stall, drip interval or downtime a rule may ask for: 10 minutes. */
export const MAX_FAULT_MS = 600_000;

/** Statuses a `status` fault may answer. */
const STATUSES = new Set([400, 401, 403, 404, 408, 409, 413, 414, 429, 500, 502, 503, 504, 507]);
const KEYS: Record<FaultAction['fault'], readonly string[]> = {
  drop: [],
  delay: ['ms'],
  status: ['status', 'retryAfterSec', 'body'],
  truncate: ['bytes'],
  drip: ['chunkBytes', 'intervalMs'],
  stall: ['ms'],
  restart: ['downMs'],
};
const MATCH_KEYS = ['route', 'path', 'method', 'probability', 'count', 'after', 'fault'];

/** A fault rule or option that cannot be used; the message says which field and why. */
export class FaultRuleError extends RangeError {
  /** Stable code for callers that branch on it. */
  readonly code = 'FAULT_RULE_INVALID';
  override readonly name = 'FaultRuleError';
}

function wholeNumber(rule: Record<string, unknown>, key: string, min: number, max: number): void {
  const v = rule[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new FaultRuleError(`fault rule: ${key} must be a whole number from ${min} to ${max}, got ${String(v)}`);
  }
}

/**
 * Checks one rule and returns it typed.
 * @throws FaultRuleError naming the field at fault
 */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FaultRuleError('fault rule: expected an object like { "route": "publish", "fault": "drop" }');
  }
  const rule = input as Record<string, unknown>;
  const kind = rule.fault;
  if (typeof kind !== 'string' || !(kind in KEYS)) {
    throw new FaultRuleError(`fault rule: fault must be one of ${Object.keys(KEYS).join(', ')}, got ${String(kind)}`);
  }
  const allowed = new Set([...MATCH_KEYS, ...KEYS[kind as FaultAction['fault']]]);
  for (const key of Object.keys(rule)) {
    if (!allowed.has(key)) throw new FaultRuleError(`fault rule: unknown field ${key} for fault ${kind}`);
  }
  const routes = rule.route === undefined ? [] : Array.isArray(rule.route) ? rule.route : [rule.route];
  for (const r of routes) {
    if (!(FAULT_ROUTE_GROUPS as readonly unknown[]).includes(r)) {
      throw new FaultRuleError(`fault rule: route must be one of ${FAULT_ROUTE_GROUPS.join(', ')}, got ${String(r)}`);
    }
  }
  if (rule.path !== undefined) {
    if (typeof rule.path !== 'string' || rule.path.length > 1000) {
      throw new FaultRuleError('fault rule: path must be a regular expression of at most 1000 characters');
    }
    try {
      new RegExp(rule.path);
    } catch {
      throw new FaultRuleError(`fault rule: path is not a valid regular expression: ${rule.path}`);
    }
  }
  if (rule.method !== undefined && (typeof rule.method !== 'string' || !/^[A-Za-z]{1,16}$/.test(rule.method))) {
    throw new FaultRuleError(`fault rule: method must be an HTTP method name, got ${String(rule.method)}`);
  }
  const p = rule.probability;
  if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) {
    throw new FaultRuleError(`fault rule: probability must be a number from 0 to 1, got ${String(p)}`);
  }
  wholeNumber(rule, 'count', 1, Number.MAX_SAFE_INTEGER);
  wholeNumber(rule, 'after', 0, Number.MAX_SAFE_INTEGER);
  for (const key of ['ms', 'intervalMs', 'downMs']) wholeNumber(rule, key, 0, MAX_FAULT_MS);
  wholeNumber(rule, 'bytes', 0, Number.MAX_SAFE_INTEGER);
  wholeNumber(rule, 'chunkBytes', 1, 1024 * 1024);
  wholeNumber(rule, 'retryAfterSec', 0, 3600);
  if (kind === 'delay' && rule.ms === undefined) throw new FaultRuleError('fault rule: delay needs ms');
  if (kind === 'status') {
    if (typeof rule.status !== 'number' || !STATUSES.has(rule.status)) {
      throw new FaultRuleError(
        `fault rule: status must be one of ${[...STATUSES].join(', ')}, got ${String(rule.status)}`,
      );
    }
    if (rule.body !== undefined && (typeof rule.body !== 'string' || rule.body.length > 64 * 1024)) {
      throw new FaultRuleError('fault rule: body must be a string of at most 64 KiB');
    }
  }
  return rule as unknown as FaultRule;
}

/**
 * Normalises the `faults` option (or the parsed JSON of a faults file) to a seed and checked rules.
 * @throws FaultRuleError for anything that is not rules, `{ seed, rules }`, or a rule that does not validate
 */
export function resolveFaults(input: unknown): { seed: number; rules: FaultRule[] } {
  const shaped = Array.isArray(input) ? { rules: input } : input;
  if (typeof shaped !== 'object' || shaped === null) {
    throw new FaultRuleError('faults: expected an array of rules or { "seed": n, "rules": [...] }');
  }
  const { seed = 1, rules = [], ...rest } = shaped as { seed?: unknown; rules?: unknown };
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new FaultRuleError(`faults: unknown field ${extra[0]} (expected seed, rules)`);
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new FaultRuleError(`faults: seed must be a whole number from 0 to 2^32-1, got ${String(seed)}`);
  }
  if (!Array.isArray(rules)) throw new FaultRuleError('faults: rules must be an array');
  if (rules.length > MAX_FAULT_RULES) throw new FaultRuleError(`faults: at most ${MAX_FAULT_RULES} rules`);
  return { seed, rules: rules.map(validateFaultRule) };
}
