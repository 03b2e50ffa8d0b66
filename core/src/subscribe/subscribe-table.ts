/**
 * The subscribe transition table as data (docs/architecture.md §4; the rules it cites are in `machine.ts`).
 * `stepSubscribe` runs it through `runTable` (`machine-kit.ts`) after dropping stale ids; the machine tests iterate
 * its rows. A row's `commands` is checked against what its handler issues: `?` may be absent, `*` may repeat.
 * Adding a capability (groups, wildcards, filters) is a change here and in the handlers (`transitions.ts`) and
 * request builders, never a branch elsewhere.
 */
import type { MessageIdentity } from './dedupe-window.js';
import type { SubscribeEvent } from './events.js';
import type { TableRow } from './machine-kit.js';
import type { SubscribeInput } from './machine-options.js';
import {
  normalizeFilter,
  normalizeNames,
  type SessionState,
  type SubscribeState,
  type SubscribeStateKind,
  sameNames,
  subscribedSet,
  type WaitingState,
} from './state.js';
import {
  onDisconnect,
  onFailure,
  onReconnect,
  onResponse,
  onSubsChanged,
  onTimer,
  type PollingState,
  type Transition,
} from './transitions.js';

/** One row of {@link SUBSCRIBE_TABLE}. */
export type SubscribeRow = TableRow<SubscribeState, SubscribeEvent, SubscribeInput, Transition<MessageIdentity>>;

type Ev<T extends SubscribeEvent['type']> = Extract<SubscribeEvent, { type: T }>;

const ACTIVE: readonly SubscribeStateKind[] = ['handshaking', 'receiving', 'waiting'];
const CONNECTING: readonly SubscribeStateKind[] = ['handshaking', 'receiving'];

function emptySet(_: SubscribeState, e: SubscribeEvent): boolean {
  const { channels, groups } = e as Ev<'subsChanged'>;
  return channels.length === 0 && groups.length === 0;
}

/** The same channels, groups and filter: nothing to change on the wire. */
function sameSet(s: SubscribeState, e: SubscribeEvent): boolean {
  const { channels, groups, filterExpression } = e as Ev<'subsChanged'>;
  const current = subscribedSet(s);
  return (
    sameNames(normalizeNames(channels), current.channels) &&
    sameNames(normalizeNames(groups), current.groups) &&
    normalizeFilter(filterExpression) === (s.kind === 'idle' ? undefined : s.filterExpression)
  );
}

function otherSet(s: SubscribeState, e: SubscribeEvent): boolean {
  return !emptySet(s, e) && !sameSet(s, e);
}

// The handlers take the state kinds their rows name in `from` (`runTable` only runs a row from those): the casts
// below narrow the union to them.
const subsChanged = (s: SubscribeState, e: SubscribeEvent, x: SubscribeInput) =>
  onSubsChanged<MessageIdentity>(s, e as Ev<'subsChanged'>, x.nowMs);
const response = (s: SubscribeState, e: SubscribeEvent, x: SubscribeInput) =>
  onResponse<MessageIdentity>(s as PollingState, (e as Ev<'responseArrived'>).result, x);
const failure = (s: SubscribeState, e: SubscribeEvent, x: SubscribeInput) =>
  onFailure<MessageIdentity>(s as PollingState, (e as Ev<'requestFailed'>).error, x);
const timer = (s: SubscribeState, _: SubscribeEvent, x: SubscribeInput) =>
  onTimer<MessageIdentity>(s as WaitingState, x.nowMs);
const reconnect = (s: SubscribeState, _: SubscribeEvent, x: SubscribeInput) =>
  onReconnect<MessageIdentity>(s as SessionState, x.nowMs);
const stay = (s: SubscribeState): Transition<MessageIdentity> => ({ state: s, commands: [] });

/** The subscribe machine: state × event (× guard) → next states and commands. First matching row wins. */
export const SUBSCRIBE_TABLE: readonly SubscribeRow[] = Object.freeze([
  { from: ['idle'], on: 'subsChanged', when: 'empty set', guard: emptySet, to: ['idle'], commands: '', run: stay },
  { from: ['idle'], on: 'subsChanged', when: 'a set', to: ['handshaking'], commands: 'poll', run: subsChanged },
  { from: ['idle'], on: 'disconnectRequested', to: ['idle'], commands: '', run: stay },
  // idle + reconnectRequested has no row: there is nothing to reconnect (it throws).
  {
    from: ['handshaking'],
    on: 'responseArrived',
    to: ['receiving'],
    commands: 'emitStatus* poll',
    run: response,
  },
  {
    from: ['receiving'],
    on: 'responseArrived',
    when: 'messages, a new cursor or a held answer (else paced: rule 3a)',
    to: ['receiving', 'waiting'],
    commands: 'emitStatus* emitMessages? poll|startTimer',
    run: response,
  },
  {
    from: ['handshaking', 'receiving'],
    on: 'requestFailed',
    when: 'timeout of a poll (re-poll), retryable (backoff), out of attempts or fatal (stop)',
    to: ['receiving', 'waiting', 'stopped'],
    commands: 'emitStatus* poll|startTimer?',
    run: failure,
  },
  {
    from: ACTIVE,
    on: 'subsChanged',
    when: 'empty set',
    guard: emptySet,
    to: ['idle'],
    commands: 'abort|cancelTimer emitStatus',
    run: subsChanged,
  },
  {
    from: ACTIVE,
    on: 'subsChanged',
    when: 'the same set and filter',
    guard: sameSet,
    to: ACTIVE,
    commands: '',
    run: stay,
  },
  {
    from: ACTIVE,
    on: 'subsChanged',
    when: 'another set or filter',
    guard: otherSet,
    to: ['handshaking'],
    commands: 'abort|cancelTimer poll',
    run: subsChanged,
  },
  { from: CONNECTING, on: 'disconnectRequested', to: ['stopped'], commands: 'abort emitStatus', run: onDisconnect },
  { from: CONNECTING, on: 'reconnectRequested', to: CONNECTING, commands: '', run: stay },
  { from: ['waiting'], on: 'timerFired', to: CONNECTING, commands: 'poll', run: timer },
  {
    from: ['waiting'],
    on: 'disconnectRequested',
    to: ['stopped'],
    commands: 'cancelTimer emitStatus',
    run: onDisconnect,
  },
  { from: ['waiting'], on: 'reconnectRequested', to: CONNECTING, commands: 'cancelTimer poll', run: reconnect },
  {
    from: ['stopped'],
    on: 'subsChanged',
    when: 'empty set',
    guard: emptySet,
    to: ['idle'],
    commands: '',
    run: subsChanged,
  },
  { from: ['stopped'], on: 'subsChanged', when: 'a set', to: ['handshaking'], commands: 'poll', run: subsChanged },
  { from: ['stopped'], on: 'disconnectRequested', to: ['stopped'], commands: '', run: stay },
  { from: ['stopped'], on: 'reconnectRequested', to: ['handshaking'], commands: 'poll', run: reconnect },
] satisfies SubscribeRow[]);
