/**
 * The heartbeat transition table (core/src/subscribe/heartbeat-machine.ts), one `it` per row, calling
 * `stepHeartbeat()` directly with plain, frozen data.
 */
import {
  type HeartbeatEvent,
  type HeartbeatState,
  initialHeartbeatState,
  PubnubNetworkError,
  PubnubStateError,
  stepHeartbeat,
} from '@pubkit/core';
import { expect } from 'chai';

const ctx = { intervalMs: 149_000 };
const set = { channels: ['ch1', 'ch2'], groups: ['cg1'] };
const beating: HeartbeatState = Object.freeze({ kind: 'beating', ...set, requestId: 3, nextId: 4 });
const resting: HeartbeatState = Object.freeze({ kind: 'resting', ...set, timerId: 4, nextId: 5 });
const step = (state: HeartbeatState, event: HeartbeatEvent, c = ctx) => stepHeartbeat(state, event, c);

describe('core/subscribe: heartbeat transition table (stepHeartbeat)', () => {
  it('idle + subsChanged(empty, or interval ≤ 0) → idle, no commands', () => {
    expect(step(initialHeartbeatState, { type: 'subsChanged', channels: [], groups: [] }).commands).to.deep.equal([]);
    const disabled = step(initialHeartbeatState, { type: 'subsChanged', ...set }, { intervalMs: 0 });
    expect(disabled).to.deep.equal({ state: initialHeartbeatState, commands: [] });
    const onlyPresence = step(initialHeartbeatState, { type: 'subsChanged', channels: ['ch1-pnpres'], groups: [] });
    expect(onlyPresence.state.kind).to.equal('idle');
  });

  it('idle + subsChanged(set) → beating: send at once, -pnpres names dropped (docs/protocol.md §2.9)', () => {
    const out = step(initialHeartbeatState, {
      type: 'subsChanged',
      channels: ['ch2', 'ch1', 'ch1-pnpres', 'ch2'],
      groups: ['cg1', 'cg1-pnpres'],
    });
    expect(out.state).to.include({ kind: 'beating', requestId: 1 });
    expect(out.commands).to.deep.equal([{ type: 'send', requestId: 1, ...set }]);
  });

  it('beating + responseArrived → resting: start the interval timer', () => {
    const out = step(beating, { type: 'responseArrived', requestId: 3 });
    expect(out.state).to.deep.equal({ kind: 'resting', ...set, timerId: 4, nextId: 5 });
    expect(out.commands).to.deep.equal([{ type: 'startTimer', timerId: 4, delayMs: 149_000 }]);
  });

  it('beating + requestFailed → resting: emit heartbeatFailed, retry at the next tick', () => {
    const error = new PubnubNetworkError('ECONNRESET');
    const out = step(beating, { type: 'requestFailed', requestId: 3, error });
    expect(out.commands).to.deep.equal([
      { type: 'emitStatus', status: { category: 'heartbeatFailed', error, ...set } },
      { type: 'startTimer', timerId: 4, delayMs: 149_000 },
    ]);
    expect(out.state.kind).to.equal('resting');
  });

  it('beating + subsChanged(same set) → beating, no commands', () => {
    expect(step(beating, { type: 'subsChanged', channels: ['ch2', 'ch1'], groups: ['cg1'] })).to.deep.equal({
      state: beating,
      commands: [],
    });
  });

  it('beating + subsChanged(other set) → beating: abort, send the new set at once', () => {
    const out = step(beating, { type: 'subsChanged', channels: ['ch3'], groups: [] });
    expect(out.commands).to.deep.equal([
      { type: 'abort', requestId: 3 },
      { type: 'send', requestId: 4, channels: ['ch3'], groups: [] },
    ]);
  });

  it('resting + timerFired → beating: send', () => {
    const out = step(resting, { type: 'timerFired', timerId: 4 });
    expect(out.state).to.deep.equal({ kind: 'beating', ...set, requestId: 5, nextId: 6 });
    expect(out.commands).to.deep.equal([{ type: 'send', requestId: 5, ...set }]);
  });

  it('resting + subsChanged(same set) → resting, no commands', () => {
    expect(step(resting, { type: 'subsChanged', ...set })).to.deep.equal({ state: resting, commands: [] });
  });

  it('resting + subsChanged(other set) → beating: cancel the tick, send at once', () => {
    const out = step(resting, { type: 'subsChanged', channels: ['ch1'], groups: [] });
    expect(out.commands).to.deep.equal([
      { type: 'cancelTimer', timerId: 4 },
      { type: 'send', requestId: 5, channels: ['ch1'], groups: [] },
    ]);
  });

  it('beating | resting + subsChanged(empty) → idle: abort or cancel', () => {
    const b = step(beating, { type: 'subsChanged', channels: ['ch1-pnpres'], groups: [] });
    expect(b.commands).to.deep.equal([{ type: 'abort', requestId: 3 }]);
    expect(b.state).to.deep.equal({ kind: 'idle', nextId: 4 });
    const r = step(resting, { type: 'subsChanged', channels: [], groups: [] });
    expect(r.commands).to.deep.equal([{ type: 'cancelTimer', timerId: 4 }]);
    expect(r.state.kind).to.equal('idle');
  });

  it('any state + a stale responseArrived / requestFailed / timerFired → unchanged, dropped', () => {
    const stale: HeartbeatEvent[] = [
      { type: 'responseArrived', requestId: 1 },
      { type: 'requestFailed', requestId: 2, error: new PubnubNetworkError('x') },
      { type: 'timerFired', timerId: 2 },
    ];
    for (const s of [beating, resting, Object.freeze({ kind: 'idle' as const, nextId: 4 })]) {
      for (const e of stale) expect(step(s, e), `${s.kind} ${e.type}`).to.deep.equal({ state: s, commands: [] });
    }
  });

  it('an id never issued, or an unknown event, throws naming state and event', () => {
    expect(() => step(beating, { type: 'responseArrived', requestId: 4 })).to.throw(
      PubnubStateError,
      /"responseArrived".*"beating"/,
    );
    expect(() => step(resting, { type: 'timerFired', timerId: 9 })).to.throw(
      PubnubStateError,
      /"timerFired".*"resting"/,
    );
    expect(() => step(resting, { type: 'leaveRequested' } as unknown as HeartbeatEvent)).to.throw(
      PubnubStateError,
      /"leaveRequested".*"resting"/,
    );
  });
});
