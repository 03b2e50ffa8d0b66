/**
 * The handlers of the subscribe table's rows (`subscribe-table.ts`; `machine.ts` holds the rules they cite). Each
 * takes the state and the event's data and returns the next state and commands; none mutates its input. `step()`
 * has already dropped stale ids, so here every response, failure and timer is the current one. Each next state is
 * built from the session fields (`sessionOf`), never by spreading the previous state, so a state never carries a
 * field of another kind (an old `requestId` into `waiting`).
 */

import { compareTimetokens, maxTimetoken } from '../timetoken.js';
import { backoffDelay, retriesExhausted } from './backoff.js';
import type { PollCommand, SubscribeCommand, SubscribeStatus } from './commands.js';
import { admitMessages, type MessageIdentity } from './dedupe-window.js';
import type { PollCursor, PollOutcome, SubsChanged } from './events.js';
import { classifyFailure, requestedWaitMs } from './failure.js';
import type { SubscribeInput, SubscribeMachineOptions } from './machine-options.js';
import {
  type HandshakingState,
  type IdleState,
  normalizeFilter,
  normalizeNames,
  type ReceivingState,
  type SessionFields,
  type SessionState,
  type StoppedState,
  type SubscribeState,
  sameNames,
  sessionOf,
  type WaitingState,
} from './state.js';

/** A next state and the commands to get there. */
export interface Transition<M extends MessageIdentity> {
  /** The state after the step. */
  readonly state: SubscribeState;
  /** What the driver must do, in order, to get there. */
  readonly commands: readonly SubscribeCommand<M>[];
}

/** A state with a request in flight. */
export type PollingState = HandshakingState | ReceivingState;

/** Abort what is in flight and cancel what is pending: the commands to leave any state cleanly. */
function quiesce<M extends MessageIdentity>(state: SubscribeState): SubscribeCommand<M>[] {
  if (state.kind === 'handshaking' || state.kind === 'receiving')
    return [{ type: 'abort', requestId: state.requestId }];
  if (state.kind === 'waiting') return [{ type: 'cancelTimer', timerId: state.timerId }];
  return [];
}

/**
 * Issues the next request: a handshake when `cursor` is undefined, else a long-poll from it. Runs once per response,
 * so the next state is one object literal with its fields named (no `sessionOf` copy spread into another object)
 * and the command list one array (docs/performance.md §2).
 */
function poll<M extends MessageIdentity>(
  session: SessionFields,
  cursor: PollCursor | undefined,
  nowMs: number,
  before: SubscribeCommand<M>[] = [],
): Transition<M> {
  const requestId = session.nextId;
  const { channels, groups, filterExpression } = session;
  const command: PollCommand =
    cursor === undefined
      ? { type: 'poll', requestId, channels, groups }
      : { type: 'poll', requestId, channels, groups, cursor };
  if (filterExpression !== undefined) (command as { filterExpression?: string }).filterExpression = filterExpression;
  before.push(command);
  const polling = {
    kind: cursor === undefined ? 'handshaking' : 'receiving',
    channels,
    groups,
    filterExpression,
    // Only a cursor a handshake synced is polled from (rules 2, 4c): `receiving` is synced by construction.
    cursor: cursor ?? session.cursor,
    synced: cursor === undefined ? session.synced : true,
    attempt: session.attempt,
    interrupted: session.interrupted,
    announced: session.announced,
    lastContactMs: session.lastContactMs,
    emptyRun: session.emptyRun,
    nextId: requestId + 1,
    recent: session.recent,
    requestId,
    polledAtMs: nowMs,
  } as HandshakingState | ReceivingState;
  return { state: polling, commands: before };
}

/** Repeats what failed or was interrupted: the poll from the kept cursor if it is synced, else the handshake. */
function retry<M extends MessageIdentity>(
  session: SessionFields,
  nowMs: number,
  before: SubscribeCommand<M>[],
): Transition<M> {
  return poll(session, session.synced ? session.cursor : undefined, nowMs, before);
}

/** Stops the session: nothing in flight, no timer, the next success is a reconnect (rules 4a, 5). */
function stop(state: SessionState): StoppedState {
  return { ...sessionOf(state), kind: 'stopped', attempt: 0, interrupted: true };
}

/** The `idle` state that ends a session: only the id counter (ids are never reused) and dedupe window remain. */
function idleAfter(state: SubscribeState): IdleState {
  return { kind: 'idle', nextId: state.nextId, recent: state.recent };
}

function status<M extends MessageIdentity>(s: SubscribeStatus): SubscribeCommand<M> {
  return { type: 'emitStatus', status: s };
}

/** `subsChanged`: rules 2 and 8 (a new filter is a new set). */
export function onSubsChanged<M extends MessageIdentity>(
  state: SubscribeState,
  event: SubsChanged,
  nowMs: number,
): Transition<M> {
  const channels = normalizeNames(event.channels);
  const groups = normalizeNames(event.groups);
  const filterExpression = normalizeFilter(event.filterExpression);
  if (channels.length === 0 && groups.length === 0) {
    if (state.kind === 'idle') return { state, commands: [] };
    const commands = quiesce<M>(state);
    if (state.kind !== 'stopped') {
      const left = { channels: state.channels, groups: state.groups };
      commands.push(status({ category: 'disconnected', reason: 'unsubscribed', ...left }));
    }
    // A new session later starts "now".
    return { state: idleAfter(state), commands };
  }
  const set = { channels, groups, filterExpression };
  if (state.kind === 'idle') return poll(freshSession(state, set), undefined, nowMs);
  const same = sameNames(channels, state.channels) && sameNames(groups, state.groups);
  if (same && filterExpression === state.filterExpression && state.kind !== 'stopped') return { state, commands: [] };
  const base = sessionOf(state);
  const attempt = state.kind === 'stopped' ? 0 : base.attempt;
  return poll({ ...base, ...set, synced: false, attempt }, undefined, nowMs, quiesce(state));
}

function freshSession(
  state: IdleState,
  set: Pick<SessionFields, 'channels' | 'groups' | 'filterExpression'>,
): SessionFields {
  return {
    ...set,
    cursor: undefined,
    synced: false,
    attempt: 0,
    interrupted: false,
    announced: false,
    lastContactMs: undefined,
    emptyRun: 0,
    nextId: state.nextId,
    recent: state.recent,
  };
}

/**
 * Whether the service lost what it had while the client was away (rule 7a): the first answer after a break comes
 * from another region than the kept cursor's, or its cursor is behind the one the client already holds (a restarted
 * service whose timeline starts again). Only asked after a break: a channel-set change may move regions freely.
 */
function serviceLost(kept: PollCursor | undefined, answer: PollCursor): boolean {
  if (kept === undefined) return false;
  return answer.region !== kept.region || compareTimetokens(answer.timetoken, kept.timetoken) < 0;
}

/** The statuses for a success that ends a break, or that completes a (re)handshake without one. Rules 7, 7a. */
function announce<M extends MessageIdentity>(
  state: PollingState,
  cursor: PollCursor,
  serverCursor: PollCursor,
  nowMs: number,
  options: SubscribeMachineOptions,
): SubscribeCommand<M>[] {
  const set = { channels: state.channels, groups: state.groups };
  if (!state.interrupted) {
    if (state.kind !== 'handshaking') return [];
    return [status({ category: state.announced ? 'subscriptionChanged' : 'connected', cursor, ...set })];
  }
  const out: SubscribeCommand<M>[] = [status({ category: 'reconnected', cursor, ...set })];
  const outageMs = state.lastContactMs === undefined ? 0 : nowMs - state.lastContactMs;
  const kept = state.cursor;
  if (kept === undefined) return out;
  if (serviceLost(kept, serverCursor)) {
    // The range is the kept cursor up to the later of the two: a backfill reads what history kept of it.
    const to = maxTimetoken(kept.timetoken, serverCursor.timetoken);
    out.push(status({ category: 'gap', reason: 'serviceLost', from: kept.timetoken, to, outageMs, ...set }));
  } else if (outageMs > options.catchUpWindowMs) {
    const to = serverCursor.timetoken;
    out.push(status({ category: 'gap', reason: 'catchUpWindow', from: kept.timetoken, to, outageMs, ...set }));
  }
  return out;
}

/** True for an answer that is instant, empty and leaves the cursor where it was: pace the next poll (rule 3a). */
function isEmptyEcho<M extends MessageIdentity>(
  state: PollingState,
  result: PollOutcome<M>,
  nowMs: number,
  options: SubscribeMachineOptions,
): boolean {
  return (
    state.kind === 'receiving' &&
    result.messages.length === 0 &&
    result.cursor.timetoken === state.cursor.timetoken &&
    nowMs - state.polledAtMs < options.instantPollMs
  );
}

/** `responseArrived` for the request in flight: rules 2, 3a, 6, 7, 7a. */
export function onResponse<M extends MessageIdentity>(
  state: PollingState,
  result: PollOutcome<M>,
  x: SubscribeInput,
): Transition<M> {
  const { nowMs, options } = x;
  const handshake = state.kind === 'handshaking';
  const lost = state.interrupted && serviceLost(state.cursor, result.cursor);
  // docs/protocol.md §8.2: after a handshake, resume from the previous cursor (with the handshake's region) if there
  // is one, unless the service lost it: then its own cursor is the only one it can serve from (rule 7a).
  const cursor: PollCursor =
    handshake && state.cursor !== undefined && !lost
      ? { timetoken: state.cursor.timetoken, region: result.cursor.region }
      : result.cursor;
  const commands = announce<M>(state, cursor, result.cursor, nowMs, options);
  let recent = state.recent;
  if (!handshake) {
    const admitted = admitMessages(state.recent, result.messages, options.dedupeWindowSize);
    recent = admitted.window;
    if (admitted.fresh.length > 0) commands.push({ type: 'emitMessages', messages: admitted.fresh });
  }
  const echo = !state.interrupted && isEmptyEcho(state, result, nowMs, options);
  const healthy: SessionFields = {
    channels: state.channels,
    groups: state.groups,
    filterExpression: state.filterExpression,
    cursor,
    synced: true,
    attempt: 0,
    interrupted: false,
    announced: true,
    lastContactMs: nowMs,
    emptyRun: echo ? state.emptyRun + 1 : 0,
    nextId: state.nextId,
    recent,
  };
  if (!echo) return poll(healthy, cursor, nowMs, commands);
  // Rule 3a: wait before polling again, longer for each echo in a row; not an outage, so no status.
  const timerId = healthy.nextId;
  commands.push({ type: 'startTimer', timerId, delayMs: backoffDelay(state.emptyRun, x.jitter, options) });
  const paced: WaitingState = { ...healthy, kind: 'waiting', timerId, nextId: timerId + 1 };
  return { state: paced, commands };
}

/** `requestFailed` for the request in flight: rules 3, 4, 5. */
export function onFailure<M extends MessageIdentity>(
  state: PollingState,
  error: Error,
  x: SubscribeInput,
): Transition<M> {
  const { options } = x;
  const kind = classifyFailure(error);
  const set = { channels: state.channels, groups: state.groups };
  if (kind === 'timeout' && state.kind === 'receiving') return poll(sessionOf(state), state.cursor, x.nowMs);
  if (kind === 'fatal') return { state: stop(state), commands: [status({ category: 'error', error, ...set })] };
  const commands: SubscribeCommand<M>[] = [];
  // Only the first failure of an outage says `disconnected`: later ones are the same outage (rule 4).
  if (state.attempt === 0) commands.push(status({ category: 'disconnected', reason: 'failure', error, ...set }));
  const failures = state.attempt + 1;
  if (retriesExhausted(failures, options)) {
    // Rule 4a: out of attempts. Report the last failure as `error` and stop like a fatal failure (rule 5); the
    // cursor and `lastContactMs` are kept, so a later reconnect resumes and still reports `gap` if it must.
    commands.push(status({ category: 'error', error, attempts: failures, ...set }));
    return { state: stop(state), commands };
  }
  const timerId = state.nextId;
  // Rule 4b: a 429/503 that says how long to wait is honoured (never shorter than the backoff).
  const delayMs = Math.max(backoffDelay(state.attempt, x.jitter, options), requestedWaitMs(error) ?? 0);
  commands.push({ type: 'startTimer', timerId, delayMs });
  const waiting: WaitingState = {
    ...sessionOf(state),
    kind: 'waiting',
    timerId,
    nextId: timerId + 1,
    attempt: failures,
    interrupted: true,
    // Rule 4c: the retry is a handshake, which the service answers at once, so `reconnected` comes as soon as it
    // is back, even on an idle channel (a poll would be held until the next message); it resumes from the cursor.
    synced: false,
  };
  return { state: waiting, commands };
}

/** `timerFired` for the backoff or pacing timer: retry (rule 4) or poll on (rule 3a). */
export function onTimer<M extends MessageIdentity>(state: WaitingState, nowMs: number): Transition<M> {
  return retry(sessionOf(state), nowMs, []);
}

/** `disconnectRequested`. */
export function onDisconnect<M extends MessageIdentity>(state: SubscribeState): Transition<M> {
  if (state.kind === 'idle' || state.kind === 'stopped') return { state, commands: [] };
  const commands = quiesce<M>(state);
  commands.push(
    status({ category: 'disconnected', reason: 'requested', channels: state.channels, groups: state.groups }),
  );
  return { state: stop(state), commands };
}

/** `reconnectRequested` in any state but `idle` (which has no row: it throws). */
export function onReconnect<M extends MessageIdentity>(state: SessionState, nowMs: number): Transition<M> {
  if (state.kind === 'handshaking' || state.kind === 'receiving') return { state, commands: [] };
  if (state.kind === 'waiting') return retry(sessionOf(state), nowMs, quiesce(state));
  // stopped: handshake again (it re-checks access and fetches the region), then resume from the kept cursor.
  return poll({ ...sessionOf(state), synced: false, attempt: 0 }, undefined, nowMs);
}
