/**
 * The presence heartbeat machine (docs/architecture.md §4): `stepHeartbeat(state, event, ctx) -> { state, commands }`, pure, the
 * same shape as the subscribe machine and smaller.
 *
 * Theory of operation
 * -------------------
 * The service times a uuid out of a channel when neither a subscribe poll nor a `/heartbeat` announced it within
 * the presence timeout (docs/protocol.md §2.9, §8.4). The 3.x SDKs send `/heartbeat` every `timeout/2 - 1` seconds while
 * subscribed; so does this machine. Rules:
 * 1. It beats only while there is something to announce: channels without the `-pnpres` ones (presence channels
 *    have no occupants of their own, docs/protocol.md §2.9) or groups, and only when the interval is > 0.
 * 2. One heartbeat in flight at a time; the next is scheduled `intervalMs` after the previous one settled.
 * 3. A failed heartbeat is reported (`heartbeatFailed`) and simply retried at the next tick: a missed beat is
 *    harmless while the next arrives within the timeout, and a 403 is reported the same way, not retried faster.
 * 4. A change of the set sends one heartbeat at once (aborting one in flight, cancelling the tick), so the service
 *    sees the new channels without waiting a whole interval; the same set changes nothing.
 * 5. An empty set stops everything.
 * Ids are never reused; a stale id is dropped, an id never issued throws (a driver bug).
 *
 * Transition table (state × event → new state: commands):
 *
 *  idle     subsChanged(empty, or interval ≤ 0) → idle:    —
 *  idle     subsChanged(set)                    → beating: send
 *  beating  responseArrived                     → resting: startTimer(interval)
 *  beating  requestFailed                       → resting: emit heartbeatFailed; startTimer(interval)
 *  beating  subsChanged(same set)               → beating: —
 *  beating  subsChanged(other set)              → beating: abort; send
 *  resting  timerFired                          → beating: send
 *  resting  subsChanged(same set)               → resting: —
 *  resting  subsChanged(other set)              → beating: cancelTimer; send
 *  beating | resting  subsChanged(empty)        → idle:    abort | cancelTimer
 *  any      responseArrived / requestFailed / timerFired (stale) → same: —
 *  any      an id never issued, an event with no row → THROWS PubnubStateError naming state and event
 */
import { withoutPresence } from '../presence/names.js';
import { isStale, runTable, type TableRow } from './machine-kit.js';
import { normalizeNames, sameNames } from './state.js';

/** The three heartbeat states. */
export type HeartbeatStateKind = 'idle' | 'beating' | 'resting';

/** What the heartbeat machine announces while it runs. */
export interface HeartbeatSession {
  /** Channels announced, without `-pnpres` names, sorted. */
  readonly channels: readonly string[];
  /** Groups announced, without `-pnpres` names, sorted. */
  readonly groups: readonly string[];
  /** The next request or timer id. */
  readonly nextId: number;
}

/**
 * The whole state of the heartbeat machine, a discriminated union on `kind`: `idle` holds only the id counter,
 * `beating` the heartbeat in flight, `resting` the timer to the next one.
 */
export type HeartbeatState =
  | { readonly kind: 'idle'; readonly nextId: number }
  | (HeartbeatSession & { readonly kind: 'beating'; readonly requestId: number })
  | (HeartbeatSession & { readonly kind: 'resting'; readonly timerId: number });

/** The state a new heartbeat machine starts in. */
export const initialHeartbeatState: HeartbeatState = Object.freeze({ kind: 'idle', nextId: 1 });

/** Every event the heartbeat machine accepts (past-tense facts). */
export type HeartbeatEvent =
  | { readonly type: 'subsChanged'; readonly channels: readonly string[]; readonly groups: readonly string[] }
  | { readonly type: 'responseArrived'; readonly requestId: number }
  | { readonly type: 'requestFailed'; readonly requestId: number; readonly error: Error }
  | { readonly type: 'timerFired'; readonly timerId: number };

/** A heartbeat status for the listener: one heartbeat failed (the next tick retries). */
export interface HeartbeatStatus {
  readonly category: 'heartbeatFailed';
  readonly error: Error;
  readonly channels: readonly string[];
  readonly groups: readonly string[];
}

/** Every command the heartbeat machine issues (imperatives). */
export type HeartbeatCommand =
  | {
      readonly type: 'send';
      readonly requestId: number;
      readonly channels: readonly string[];
      readonly groups: readonly string[];
    }
  | { readonly type: 'abort'; readonly requestId: number }
  | { readonly type: 'startTimer'; readonly timerId: number; readonly delayMs: number }
  | { readonly type: 'cancelTimer'; readonly timerId: number }
  | { readonly type: 'emitStatus'; readonly status: HeartbeatStatus };

/** The outside input of one step. */
export interface HeartbeatStepContext {
  /** Time between heartbeats in ms; 0 or less disables the machine (docs/protocol.md §8.4: `timeout/2 - 1` s). */
  readonly intervalMs: number;
}

/** The result of one step. */
export interface HeartbeatStep {
  readonly state: HeartbeatState;
  readonly commands: readonly HeartbeatCommand[];
}

/** One row of {@link HEARTBEAT_TABLE}. */
export type HeartbeatRow = TableRow<HeartbeatState, HeartbeatEvent, HeartbeatStepContext, HeartbeatStep>;

type HbEv<T extends HeartbeatEvent['type']> = Extract<HeartbeatEvent, { type: T }>;

function names(event: HeartbeatEvent): { channels: readonly string[]; groups: readonly string[] } {
  const { channels, groups } = event as HbEv<'subsChanged'>;
  return { channels: normalizeNames(withoutPresence(channels)), groups: normalizeNames(withoutPresence(groups)) };
}

/** Nothing to announce (rule 1, 5): no channel or group once `-pnpres` names are dropped, or no interval. */
function stopping(_: HeartbeatState, event: HeartbeatEvent, ctx: HeartbeatStepContext): boolean {
  const { channels, groups } = names(event);
  return (channels.length === 0 && groups.length === 0) || !(ctx.intervalMs > 0);
}

function sameSet(state: HeartbeatState, event: HeartbeatEvent): boolean {
  if (state.kind === 'idle') return false;
  const { channels, groups } = names(event);
  return sameNames(channels, state.channels) && sameNames(groups, state.groups);
}

/** Abort what is in flight, cancel what is pending. */
function quiesce(state: HeartbeatState): HeartbeatCommand[] {
  if (state.kind === 'beating') return [{ type: 'abort', requestId: state.requestId }];
  if (state.kind === 'resting') return [{ type: 'cancelTimer', timerId: state.timerId }];
  return [];
}

const stay = (state: HeartbeatState): HeartbeatStep => ({ state, commands: [] });

/** Rule 5: an empty set stops everything. */
function stop(state: HeartbeatState): HeartbeatStep {
  return { state: { kind: 'idle', nextId: state.nextId }, commands: quiesce(state) };
}

/** Rule 4: a new set is announced at once. */
function announce(state: HeartbeatState, event: HeartbeatEvent): HeartbeatStep {
  return send({ ...names(event), nextId: state.nextId }, quiesce(state));
}

/** Rules 2, 3: the beat settled; the next comes one interval later, a failure reported first. */
function settled(state: HeartbeatState, event: HeartbeatEvent, ctx: HeartbeatStepContext): HeartbeatStep {
  const { channels, groups } = state as HeartbeatSession; // only `beating` has these rows
  const commands: HeartbeatCommand[] = [];
  if (event.type === 'requestFailed') {
    commands.push({
      type: 'emitStatus',
      status: { category: 'heartbeatFailed', error: event.error, channels, groups },
    });
  }
  const timerId = state.nextId;
  commands.push({ type: 'startTimer', timerId, delayMs: ctx.intervalMs });
  return { state: { kind: 'resting', channels, groups, timerId, nextId: timerId + 1 }, commands };
}

/** The heartbeat machine as data (`machine-kit.ts`); the summary table above follows it. */
export const HEARTBEAT_TABLE: readonly HeartbeatRow[] = Object.freeze([
  {
    from: ['idle'],
    on: 'subsChanged',
    when: 'nothing to announce',
    guard: stopping,
    to: ['idle'],
    commands: '',
    run: stay,
  },
  { from: ['idle'], on: 'subsChanged', when: 'a set', to: ['beating'], commands: 'send', run: announce },
  {
    from: ['beating', 'resting'],
    on: 'subsChanged',
    when: 'nothing to announce',
    guard: stopping,
    to: ['idle'],
    commands: 'abort|cancelTimer',
    run: stop,
  },
  {
    from: ['beating', 'resting'],
    on: 'subsChanged',
    when: 'the same set',
    guard: sameSet,
    to: ['beating', 'resting'],
    commands: '',
    run: stay,
  },
  {
    from: ['beating', 'resting'],
    on: 'subsChanged',
    when: 'another set',
    to: ['beating'],
    commands: 'abort|cancelTimer send',
    run: announce,
  },
  { from: ['beating'], on: 'responseArrived', to: ['resting'], commands: 'startTimer', run: settled },
  { from: ['beating'], on: 'requestFailed', to: ['resting'], commands: 'emitStatus startTimer', run: settled },
  {
    from: ['resting'],
    on: 'timerFired',
    to: ['beating'],
    commands: 'send',
    run: (state) => send(state as HeartbeatSession, []),
  },
] satisfies HeartbeatRow[]);

/**
 * Feeds one event to the heartbeat machine. Pure; `state` is not mutated. A stale id is dropped; otherwise the
 * row of `HEARTBEAT_TABLE` (internal) decides.
 * @throws PubnubStateError for an id never issued or an event the state cannot take, naming state and event
 */
export function stepHeartbeat(state: HeartbeatState, event: HeartbeatEvent, ctx: HeartbeatStepContext): HeartbeatStep {
  if (isStale('heartbeat', state, event)) return { state, commands: [] };
  return runTable('heartbeat', HEARTBEAT_TABLE, state, event, ctx);
}

function send(state: HeartbeatSession, before: HeartbeatCommand[]): HeartbeatStep {
  const requestId = state.nextId;
  const { channels, groups } = state;
  return {
    state: { kind: 'beating', channels, groups, requestId, nextId: requestId + 1 },
    commands: [...before, { type: 'send', requestId, channels, groups }],
  };
}
