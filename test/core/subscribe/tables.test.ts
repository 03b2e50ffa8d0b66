/**
 * The machines are their tables (issue 11, h11-style): every row of `SUBSCRIBE_TABLE` and `HEARTBEAT_TABLE` is run
 * from each of its states with an event its guard accepts, and the step must be that row's (the first match), land
 * in a state the row allows, and issue commands of the row's documented shape. Every state × event pair without a
 * row must throw. The behaviour tests (`machine.test.ts`, `heartbeat-machine.test.ts`) check what the rows mean.
 */
import {
  currentId,
  DEFAULT_SUBSCRIBE_OPTIONS,
  HEARTBEAT_TABLE,
  type HeartbeatEvent,
  type HeartbeatState,
  initialHeartbeatState,
  initialSubscribeState,
  PubnubNetworkError,
  PubnubStateError,
  SUBSCRIBE_TABLE,
  type SubscribeEvent,
  type SubscribeState,
  type SubscribeStateKind,
  stepHeartbeat,
  stepSubscribe,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { FIELDS, make } from './support/states.js';

const NOW = 1_795_882_483_000;
const C = { timetoken: '17958824830000000', region: 4 };
const LATER = { timetoken: '17958824890000000', region: 4 };

const SUBSCRIBE_STATES: Record<SubscribeStateKind, SubscribeState> = {
  idle: initialSubscribeState,
  handshaking: make({ kind: 'handshaking', cursor: C, requestId: 1, nextId: 2, polledAtMs: NOW - 5000 }),
  receiving: make({
    kind: 'receiving',
    cursor: C,
    synced: true,
    requestId: 3,
    nextId: 4,
    announced: true,
    lastContactMs: NOW - 5000,
    polledAtMs: NOW - 5000,
  }),
  waiting: make({
    kind: 'waiting',
    cursor: C,
    timerId: 4,
    nextId: 5,
    attempt: 1,
    interrupted: true,
    announced: true,
  }),
  stopped: make({ kind: 'stopped', cursor: C, synced: true, nextId: 4, interrupted: true, announced: true }),
};

const EVENT_TYPES = [
  'subsChanged',
  'responseArrived',
  'requestFailed',
  'timerFired',
  'disconnectRequested',
  'reconnectRequested',
] as const;

/** An event of `type` that the row described by `when` accepts, in `state`. */
function subscribeEvent(type: (typeof EVENT_TYPES)[number], state: SubscribeState, when = ''): SubscribeEvent {
  switch (type) {
    case 'subsChanged':
      if (when === 'empty set') return { type, channels: [], groups: [] };
      if (when === 'the same set and filter' && state.kind !== 'idle') {
        return { type, channels: state.channels, groups: state.groups };
      }
      return { type, channels: ['ch2'], groups: ['g'] };
    case 'responseArrived':
      return {
        type,
        requestId: currentId(state, 'requestId') ?? Math.max(1, state.nextId - 1),
        result: { cursor: LATER, messages: [{ channel: 'ch1', timetoken: LATER.timetoken }] },
      };
    case 'requestFailed':
      return {
        type,
        requestId: currentId(state, 'requestId') ?? Math.max(1, state.nextId - 1),
        error: new PubnubNetworkError('reset'),
      };
    case 'timerFired':
      return { type, timerId: currentId(state, 'timerId') ?? Math.max(1, state.nextId - 1) };
    default:
      return { type };
  }
}

/** The row's `commands` as a pattern over the command types ("a b? c*", "a|b"). */
function shape(commands: string): RegExp {
  const parts = commands
    .split(' ')
    .filter((t) => t !== '')
    .map((token) => {
      const [, names, mark] = /^([a-zA-Z|]+)([?*]?)$/.exec(token)!;
      const one = `(?:${names}) `;
      return mark === '' ? one : `(?:${one})${mark}`;
    });
  return new RegExp(`^${parts.join('')}$`);
}

function typesOf(commands: readonly { type: string }[]): string {
  return commands.map((c) => `${c.type} `).join('');
}

describe('core/subscribe: the machines are their tables', () => {
  const ctx = { nowMs: NOW, jitter: 0, options: DEFAULT_SUBSCRIBE_OPTIONS };

  for (const [index, row] of SUBSCRIBE_TABLE.entries()) {
    for (const kind of row.from) {
      it(`subscribe row ${index}: ${kind} × ${row.on}${row.when ? ` (${row.when})` : ''} → ${row.to.join('|')}: ${row.commands || '—'}`, () => {
        const state = SUBSCRIBE_STATES[kind];
        const event = subscribeEvent(row.on, state, row.when);
        const first = SUBSCRIBE_TABLE.find(
          (r) => r.on === event.type && r.from.includes(kind) && (r.guard?.(state, event, ctx) ?? true),
        );
        expect(first, 'the first matching row is this row').to.equal(row);
        const out = stepSubscribe(state, event, ctx);
        expect(row.to).to.include(out.state.kind);
        expect(typesOf(out.commands)).to.match(shape(row.commands));
        // The state is a discriminated union: each kind carries exactly its own fields (state.ts).
        expect(Object.keys(out.state).sort(), 'the fields of the next state').to.deep.equal(
          [...FIELDS[out.state.kind]].sort(),
        );
      });
    }
  }

  it('every subscribe state × event pair without a row throws PubnubStateError', () => {
    let checked = 0;
    for (const [kind, state] of Object.entries(SUBSCRIBE_STATES) as [SubscribeStateKind, SubscribeState][]) {
      for (const type of EVENT_TYPES) {
        if (SUBSCRIBE_TABLE.some((r) => r.on === type && r.from.includes(kind))) continue;
        const event = subscribeEvent(type, state);
        // An id that is not the current one is stale and dropped (the table's "any" row): only a current id or
        // an id-less event must throw.
        const e = event as { requestId?: number; timerId?: number };
        if (e.requestId !== undefined && e.requestId !== currentId(state, 'requestId')) continue;
        if (e.timerId !== undefined && e.timerId !== currentId(state, 'timerId')) continue;
        expect(() => stepSubscribe(state, event, ctx), `${kind} × ${type}`).to.throw(PubnubStateError);
        checked += 1;
      }
    }
    expect(checked).to.be.greaterThan(0);
  });

  const HEARTBEAT_STATES: Record<HeartbeatState['kind'], HeartbeatState> = {
    idle: initialHeartbeatState,
    beating: { kind: 'beating', channels: ['ch1'], groups: [], requestId: 1, nextId: 2 },
    resting: { kind: 'resting', channels: ['ch1'], groups: [], timerId: 2, nextId: 3 },
  };

  const HEARTBEAT_FIELDS: Record<HeartbeatState['kind'], readonly string[]> = {
    idle: ['kind', 'nextId'],
    beating: ['kind', 'nextId', 'channels', 'groups', 'requestId'],
    resting: ['kind', 'nextId', 'channels', 'groups', 'timerId'],
  };

  function heartbeatEvent(type: HeartbeatEvent['type'], state: HeartbeatState, when = ''): HeartbeatEvent {
    switch (type) {
      case 'subsChanged':
        if (when === 'nothing to announce') return { type, channels: ['ch1-pnpres'], groups: [] };
        if (when === 'the same set' && state.kind !== 'idle') {
          return { type, channels: state.channels, groups: state.groups };
        }
        return { type, channels: ['ch2'], groups: [] };
      case 'responseArrived':
        return { type, requestId: currentId(state, 'requestId') ?? 1 };
      case 'requestFailed':
        return { type, requestId: currentId(state, 'requestId') ?? 1, error: new PubnubNetworkError('reset') };
      case 'timerFired':
        return { type, timerId: currentId(state, 'timerId') ?? 1 };
    }
  }

  for (const [index, row] of HEARTBEAT_TABLE.entries()) {
    for (const kind of row.from) {
      it(`heartbeat row ${index}: ${kind} × ${row.on}${row.when ? ` (${row.when})` : ''} → ${row.to.join('|')}: ${row.commands || '—'}`, () => {
        const state = HEARTBEAT_STATES[kind];
        const event = heartbeatEvent(row.on, state, row.when);
        const hb = { intervalMs: 9000 };
        const first = HEARTBEAT_TABLE.find(
          (r) => r.on === event.type && r.from.includes(kind) && (r.guard?.(state, event, hb) ?? true),
        );
        expect(first, 'the first matching row is this row').to.equal(row);
        const out = stepHeartbeat(state, event, hb);
        expect(row.to).to.include(out.state.kind);
        expect(Object.keys(out.state).sort(), 'the fields of the next state').to.deep.equal(
          [...HEARTBEAT_FIELDS[out.state.kind]].sort(),
        );
        expect(typesOf(out.commands)).to.match(shape(row.commands));
      });
    }
  }
});
