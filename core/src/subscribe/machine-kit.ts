/**
 * What the subscribe and heartbeat machines share (docs/architecture.md §4): a transition table as data, the one
 * routine that runs it, and the id rules. A machine is its table: each row says, for a state and an event (and a
 * guard, when one event means different things), which states may come next, which commands are issued, and the
 * handler that computes them. `runTable` finds the row, runs it and checks that the state it produced is one the
 * row allows, so the table cannot drift from what the machine does; the tests iterate the same rows (h11-style).
 */
import { PubnubStateError } from '../errors.js';

/**
 * The state fields the shared rules read. A machine's state is a discriminated union on `kind`: the states with a
 * request in flight also hold `requestId`, those with a timer running `timerId` (read by {@link currentId}).
 */
export interface MachineState<K extends string = string> {
  readonly kind: K;
  readonly nextId: number;
}

/** The id of the request (`requestId`) or timer (`timerId`) the state holds, if its kind holds one. */
export function currentId(state: MachineState, field: 'requestId' | 'timerId'): number | undefined {
  return field in state ? ((state as unknown as Record<typeof field, number>)[field] ?? undefined) : undefined;
}

/** One row of a transition table. */
export interface TableRow<S extends MachineState, E extends { readonly type: string }, X, R extends { state: S }> {
  /** The states the row applies to. */
  readonly from: readonly S['kind'][];
  /** The event. */
  readonly on: E['type'];
  /** When the event means different things in one state: what this row's guard checks, for people and tests. */
  readonly when?: string;
  readonly guard?: (state: S, event: E, ctx: X) => boolean;
  /** The states the row may lead to. */
  readonly to: readonly S['kind'][];
  /**
   * The commands issued, in order, as command types separated by spaces; `?` marks one that may be absent,
   * `*` one that may repeat or be absent, `a|b` either. Documentation that the tests check against every step.
   */
  readonly commands: string;
  readonly run: (state: S, event: E, ctx: X) => R;
}

/**
 * Ids are issued in increasing order from `nextId`: an answer or a tick carrying an older id than the current one
 * is stale (an aborted request, a cancelled timer) and is dropped without a trace.
 * @returns true when `event` carries a request or timer id that is not the current one
 * @throws PubnubStateError for an id that was never issued (a driver bug)
 */
export function isStale(machine: string, state: MachineState, event: { readonly type: string }): boolean {
  const e = event as { readonly requestId?: unknown; readonly timerId?: unknown };
  // Once per response: plain branches, no array built and destructured (docs/performance.md §2).
  let id: unknown;
  let current: number | undefined;
  if (e.requestId !== undefined) {
    id = e.requestId;
    current = currentId(state, 'requestId');
  } else if (e.timerId !== undefined) {
    id = e.timerId;
    current = currentId(state, 'timerId');
  } else {
    return false;
  }
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id >= state.nextId) {
    throw illegal(machine, state, event.type, `id ${String(id)} was never issued`);
  }
  return id !== current;
}

/**
 * Runs the first row of `table` that matches the state, the event and its guard.
 * @throws PubnubStateError when no row matches (the event is illegal in the state), or when the row's handler
 *   produced a state the row does not allow (a table bug), naming the machine, state and event
 */
export function runTable<S extends MachineState, E extends { readonly type: string }, X, R extends { state: S }>(
  machine: string,
  table: readonly TableRow<S, E, X, R>[],
  state: S,
  event: E,
  ctx: X,
): R {
  for (let i = 0; i < table.length; i++) {
    const row = table[i]!;
    if (row.on !== event.type || !row.from.includes(state.kind)) continue;
    if (row.guard !== undefined && !row.guard(state, event, ctx)) continue;
    const result = row.run(state, event, ctx);
    if (!row.to.includes(result.state.kind)) {
      throw illegal(machine, state, event.type, `the table allows ${row.to.join('|')}, not "${result.state.kind}"`);
    }
    return result;
  }
  throw illegal(machine, state, (event as { type?: unknown }).type, 'no transition');
}

/** The error for an event a machine cannot take in its state. */
export function illegal(machine: string, state: MachineState, event: unknown, why: string): PubnubStateError {
  return new PubnubStateError(
    `${machine} machine: event "${String(event)}" is illegal in state "${state.kind}": ${why}`,
    {
      operation: machine,
    },
  );
}
