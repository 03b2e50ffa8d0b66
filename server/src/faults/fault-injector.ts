/**
 * The fault injector: sits in front of the router and decides, per request, whether a fault rule fires
 * (server/README.md "Faults", docs/testing.md §1).
 *
 * Theory of operation
 * -------------------
 * Rules are kept in the order they were added. For each request (other than the admin route) the first rule that
 * matches its route group, path and method and draws a fire from its own generator takes effect; a request gets
 * at most one fault. Each rule's generator is seeded from the injector's seed and the rule's ordinal, so the n-th
 * request a rule sees fires or not the same way in every run with the same seed, whatever the other rules do.
 * `count` retires a rule after that many fires; `after` lets that many matching requests through first.
 *
 * Bounds: at most `MAX_FAULT_RULES` rules; every held request or answer (stall, delay) and every drip owns one timer in
 * `#timers`, removed when it ends or its connection closes, and `close()` clears them all. A restart's downtime is
 * a deadline, not a timer. With no rules the cost per request is one array-length test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { reply } from '../reply.js';
import {
  type FaultAction,
  type FaultRouteGroup,
  type FaultRule,
  FaultRuleError,
  MAX_FAULT_RULES,
  resolveFaults,
  validateFaultRule,
} from './fault-rules.js';
import { delayResponse, dripResponse, truncateResponse } from './response-faults.js';
import { faultBody, routeGroupOf } from './route-groups.js';

/** An active rule as `list()` reports it. */
export interface FaultStatus {
  /** Id to remove it by (`f1`, `f2`, …). */
  readonly id: string;
  readonly rule: FaultRule;
  /** Matching requests seen so far. */
  readonly seen: number;
  /** Times it fired. */
  readonly fired: number;
}

/** The runtime API of a server's faults (`server.faults`). */
export interface FaultController {
  /** The seed of the generators (from the `faults` option; default 1). */
  readonly seed: number;
  /**
   * Adds rules (after the existing ones); returns their ids.
   * @throws FaultRuleError for an invalid rule, or past `MAX_FAULT_RULES`; nothing is added then
   */
  add(rules: FaultRule | readonly FaultRule[]): string[];
  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean;
  /** Removes every rule (held requests and drips already under way finish as they were). */
  clear(): void;
  /** The active rules with their counters. */
  list(): FaultStatus[];
  /** Faults fired since start, by kind. */
  counts(): Readonly<Record<FaultAction['fault'], number>>;
  /** Restarts the server now, as a `restart` rule does. */
  restart(downMs?: number): void;
}

/** What a restart does to the server's state (supplied by `startServer`). */
export type RestartHook = () => void;

interface ActiveRule {
  readonly id: string;
  readonly rule: FaultRule;
  readonly groups: ReadonlySet<FaultRouteGroup> | undefined;
  readonly path: RegExp | undefined;
  readonly method: string | undefined;
  readonly next: () => number;
  seen: number;
  fired: number;
}

/** mulberry32: a small, fast 32-bit generator; plenty for deciding which request fails. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_STALL_MS = 30_000;
const DEFAULT_DOWN_MS = 1_000;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Applies fault rules to requests; one per server. */
export class FaultInjector implements FaultController {
  readonly seed: number;
  #rules: ActiveRule[] = [];
  #ordinal = 0;
  #timers = new Set<NodeJS.Timeout>();
  #downUntil = 0;
  #closed = false;
  #restart: RestartHook = () => {};
  #counts: Record<FaultAction['fault'], number> = {
    drop: 0,
    delay: 0,
    status: 0,
    truncate: 0,
    drip: 0,
    stall: 0,
    restart: 0,
  };

  /** @throws FaultRuleError for an invalid `faults` option */
  constructor(option: unknown) {
    const { seed, rules } = resolveFaults(option ?? []);
    this.seed = seed;
    this.add(rules);
  }

  /** Connects the restart fault to the server's state. */
  onRestart(hook: RestartHook): void {
    this.#restart = hook;
  }

  add(rules: FaultRule | readonly FaultRule[]): string[] {
    const list = (Array.isArray(rules) ? rules : [rules]).map(validateFaultRule);
    if (this.#rules.length + list.length > MAX_FAULT_RULES) {
      throw new FaultRuleError(`faults: at most ${MAX_FAULT_RULES} rules are active at once`);
    }
    return list.map((rule) => {
      this.#ordinal++;
      const routes = rule.route === undefined ? [] : typeof rule.route === 'string' ? [rule.route] : rule.route;
      const active: ActiveRule = {
        id: `f${this.#ordinal}`,
        rule,
        groups: routes.length === 0 || routes.includes('any') ? undefined : new Set(routes),
        path: rule.path === undefined ? undefined : new RegExp(rule.path),
        method: rule.method?.toUpperCase(),
        next: generator((this.seed ^ Math.imul(this.#ordinal, 0x9e3779b9)) >>> 0),
        seen: 0,
        fired: 0,
      };
      this.#rules.push(active);
      return active.id;
    });
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length < before;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): FaultStatus[] {
    return this.#rules.map(({ id, rule, seen, fired }) => ({ id, rule, seen, fired }));
  }

  counts(): Readonly<Record<FaultAction['fault'], number>> {
    return { ...this.#counts };
  }

  restart(downMs = DEFAULT_DOWN_MS): void {
    this.#counts.restart++;
    this.#downUntil = performance.now() + downMs;
    this.#restart();
  }

  /** True while a restart's downtime lasts: `startServer` destroys new connections then. */
  refuses(socket: Socket): boolean {
    if (performance.now() >= this.#downUntil) return false;
    socket.destroy();
    return true;
  }

  /** Wraps the router: requests a rule fires on get its fault, the rest go straight through. */
  wrap(router: Listener): Listener {
    return (req, res) => {
      if (this.#rules.length === 0) {
        router(req, res);
        return;
      }
      const path = (req.url ?? '/').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split('?')[0] ?? '/';
      const group = routeGroupOf(path);
      const rule = this.#pick(path, group, req.method ?? 'GET');
      if (rule === undefined) router(req, res);
      else this.#apply(rule, group, router, req, res);
    };
  }

  /** Clears every timer; held requests are destroyed with the server's connections. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#rules = [];
  }

  #pick(path: string, group: FaultRouteGroup | undefined, method: string): FaultRule | undefined {
    for (const active of this.#rules) {
      if (active.groups && (group === undefined || !active.groups.has(group))) continue;
      if (active.path && !active.path.test(path)) continue;
      if (active.method && active.method !== method) continue;
      active.seen++;
      if (active.seen <= (active.rule.after ?? 0)) continue;
      if (active.next() >= (active.rule.probability ?? 1)) continue;
      active.fired++;
      if (active.rule.count !== undefined && active.fired >= active.rule.count) this.remove(active.id);
      return active.rule;
    }
    return undefined;
  }

  #apply(
    rule: FaultRule,
    group: FaultRouteGroup | undefined,
    router: Listener,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    // A restart counts itself (`restart()` is also called directly).
    if (rule.fault !== 'restart') this.#counts[rule.fault]++;
    switch (rule.fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'delay':
        delayResponse(res, rule.ms, this.#timers);
        router(req, res);
        return;
      case 'stall':
        this.#hold(res, rule.ms ?? DEFAULT_STALL_MS, () => req.socket.destroy());
        return;
      case 'status': {
        req.resume();
        const retry = rule.retryAfterSec ?? (rule.status === 429 ? 1 : undefined);
        const extra =
          retry !== undefined && (rule.status === 429 || rule.status === 503)
            ? { 'Retry-After': String(retry) }
            : undefined;
        reply(res, rule.status, rule.body ?? faultBody(group, rule.status), extra);
        return;
      }
      case 'truncate':
        truncateResponse(res, rule.bytes);
        router(req, res);
        return;
      case 'drip':
        dripResponse(res, rule.chunkBytes ?? 16, rule.intervalMs ?? 50, this.#timers);
        router(req, res);
        return;
      case 'restart':
        this.restart(rule.downMs);
        req.socket.destroy();
        return;
    }
  }

  /** Holds a request `ms`, then runs `then` unless the connection closed or the server closed meanwhile. */
  #hold(res: ServerResponse, ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      res.off('close', cancel);
      if (!this.#closed && !res.destroyed) then();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
    const cancel = () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
    res.once('close', cancel);
  }
}
