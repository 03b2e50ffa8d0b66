/**
 * The subscribe transition table (core/src/subscribe/machine.ts), one `it` per row, driven by calling
 * `stepSubscribe()` directly with plain data. States are deep-frozen, so a test also fails if a step mutates its
 * input. Cursors and message identities come from recorded v2 bodies (docs/protocol.md §2.4).
 */
import {
  admitMessages,
  DEFAULT_SUBSCRIBE_OPTIONS,
  EMPTY_DEDUPE_WINDOW,
  initialSubscribeState,
  type MessageIdentity,
  PubnubAccessDeniedError,
  PubnubNetworkError,
  PubnubServiceError,
  PubnubStateError,
  PubnubTimeoutError,
  type SubscribeCommand,
  type SubscribeEvent,
  type SubscribeState,
  type SubscribeStepContext,
  stepSubscribe,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { make, requestIdOf, sessionField, timerIdOf } from './support/states.js';

const NOW = 1_795_882_483_000;
/** `{"t":{"t":"14607577960932487","r":1},"m":[]}` (docs/protocol.md §2.4). */
const HANDSHAKE = { timetoken: '14607577960932487', region: 1 };
/** The cursor before a change: `…&tr=12&tt=14818869687160475` (docs/protocol.md §2.4). */
const OLD = { timetoken: '14818869687160475', region: 12 };
/** `{"t":{"t":"14818869688928592","r":12},…}` (docs/protocol.md §2.4). */
const NEXT = { timetoken: '14818869688928592', region: 12 };
const M1: MessageIdentity = {
  channel: 'subscribe-unsubscribe-channel',
  timetoken: '14818869688799557',
  publisher: 'eb63e8cb-b81c-4ccc-b411-bb53264e3c09',
};
const M2: MessageIdentity = { channel: 'heartbeat-tornado-ch-pnpres', timetoken: '14720341194420285' };

const ctx: SubscribeStepContext = { nowMs: NOW, jitter: 0.5 };
const set = { channels: ['ch1'], groups: [] };

const handshaking = make({ kind: 'handshaking', requestId: 1, nextId: 2, polledAtMs: NOW - 100 });
const rehandshaking = make({
  kind: 'handshaking',
  cursor: OLD,
  requestId: 5,
  nextId: 6,
  announced: true,
  polledAtMs: NOW - 100,
});
const receiving = make({
  kind: 'receiving',
  cursor: OLD,
  synced: true,
  requestId: 3,
  nextId: 4,
  announced: true,
  lastContactMs: NOW - 1000,
  polledAtMs: NOW - 1000,
});
const waiting = make({
  kind: 'waiting',
  cursor: OLD,
  synced: true,
  timerId: 4,
  nextId: 5,
  attempt: 1,
  interrupted: true,
  announced: true,
  lastContactMs: NOW - 5000,
});
const stopped = make({ kind: 'stopped', cursor: OLD, synced: true, nextId: 4, interrupted: true, announced: true });

function step(state: SubscribeState, event: SubscribeEvent, c: SubscribeStepContext = ctx) {
  return stepSubscribe(state, event, c);
}
const statuses = (commands: readonly SubscribeCommand[]) =>
  commands.flatMap((c) => (c.type === 'emitStatus' ? [c.status.category] : []));
const err503 = () => new PubnubServiceError('down', { status: 503, body: '{"status": 503}' });
const err403 = () =>
  new PubnubAccessDeniedError('denied', {
    status: 403,
    body: '{"message":"Forbidden","payload":{"channels":["ch1"]},"error":true,"service":"Access Manager","status":403}',
  });

describe('core/subscribe: transition table (stepSubscribe)', () => {
  it('idle + subsChanged(empty) → idle, no commands', () => {
    const out = step(initialSubscribeState, { type: 'subsChanged', channels: [], groups: [] });
    expect(out.state).to.equal(initialSubscribeState);
    expect(out.commands).to.deep.equal([]);
  });

  it('idle + subsChanged(set) → handshaking: poll without cursor, names de-duplicated and sorted', () => {
    const out = step(initialSubscribeState, { type: 'subsChanged', channels: ['b', 'a', 'b'], groups: ['g'] });
    expect(out.state.kind).to.equal('handshaking');
    expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 1, channels: ['a', 'b'], groups: ['g'] }]);
  });

  it('idle + disconnectRequested → idle, no commands', () => {
    const out = step(initialSubscribeState, { type: 'disconnectRequested' });
    expect(out).to.deep.equal({ state: initialSubscribeState, commands: [] });
  });

  it('idle + reconnectRequested → throws, naming state and event', () => {
    expect(() => step(initialSubscribeState, { type: 'reconnectRequested' }))
      .to.throw(PubnubStateError)
      .with.property('message')
      .that.matches(/"reconnectRequested".*"idle"/);
  });

  it('handshaking + responseArrived (first) → receiving: emit connected, poll from the new cursor; handshake m ignored', () => {
    const out = step(handshaking, {
      type: 'responseArrived',
      requestId: 1,
      result: { cursor: HANDSHAKE, messages: [M1] },
    });
    expect(out.state).to.include({
      kind: 'receiving',
      requestId: 2,
      synced: true,
      announced: true,
      lastContactMs: NOW,
    });
    expect(out.commands).to.deep.equal([
      { type: 'emitStatus', status: { category: 'connected', cursor: HANDSHAKE, ...set } },
      { type: 'poll', requestId: 2, ...set, cursor: HANDSHAKE },
    ]);
  });

  it('handshaking + responseArrived (after a change) → receiving: subscriptionChanged, poll from the PREVIOUS tt with the new region (docs/protocol.md §8.2)', () => {
    const out = step(rehandshaking, {
      type: 'responseArrived',
      requestId: 5,
      result: { cursor: HANDSHAKE, messages: [] },
    });
    const resumed = { timetoken: OLD.timetoken, region: HANDSHAKE.region };
    expect(sessionField(out.state, 'cursor')).to.deep.equal(resumed);
    expect(out.commands).to.deep.equal([
      { type: 'emitStatus', status: { category: 'subscriptionChanged', cursor: resumed, ...set } },
      { type: 'poll', requestId: 6, ...set, cursor: resumed },
    ]);
  });

  it('handshaking + requestFailed(timeout) → waiting: a handshake timeout is a failure (disconnected + backoff timer)', () => {
    const out = step(handshaking, { type: 'requestFailed', requestId: 1, error: new PubnubTimeoutError(15000) });
    expect(out.state).to.include({ kind: 'waiting', timerId: 2, attempt: 1, interrupted: true });
    expect(out.state).to.not.have.property('requestId');
    expect(statuses(out.commands)).to.deep.equal(['disconnected']);
    // Default retry policy: step 1000 ms + jitter 0.5 × 1000 ms (backoff.ts, the rule `RetryOptions` documents).
    expect(out.commands[1]).to.deep.equal({ type: 'startTimer', timerId: 2, delayMs: 1500 });
  });

  it('handshaking + requestFailed(5xx) → waiting', () => {
    const out = step(handshaking, { type: 'requestFailed', requestId: 1, error: err503() });
    expect(out.state.kind).to.equal('waiting');
    expect(out.commands.map((c) => c.type)).to.deep.equal(['emitStatus', 'startTimer']);
  });

  it('handshaking + requestFailed(403) → stopped: emit error, no retry', () => {
    const error = err403();
    const out = step(handshaking, { type: 'requestFailed', requestId: 1, error });
    expect(out.state).to.include({ kind: 'stopped' }).and.not.have.any.keys('requestId', 'timerId');
    expect(out.commands).to.deep.equal([{ type: 'emitStatus', status: { category: 'error', error, ...set } }]);
  });

  it('receiving + responseArrived → receiving: messages in order, then poll from the new cursor', () => {
    const out = step(receiving, {
      type: 'responseArrived',
      requestId: 3,
      result: { cursor: NEXT, messages: [M1, M2] },
    });
    expect(out.commands).to.deep.equal([
      { type: 'emitMessages', messages: [M1, M2] },
      { type: 'poll', requestId: 4, ...set, cursor: NEXT },
    ]);
    expect(out.state).to.include({ kind: 'receiving', cursor: NEXT, requestId: 4 });
  });

  it('receiving + responseArrived (after an outage) → reconnected, then only messages not seen before', () => {
    const retrying = make({
      ...receiving,
      interrupted: true,
      attempt: 2,
      recent: admitMessages(EMPTY_DEDUPE_WINDOW, [M1]).window,
    });
    const out = step(retrying, { type: 'responseArrived', requestId: 3, result: { cursor: NEXT, messages: [M1, M2] } });
    expect(out.commands.map((c) => c.type)).to.deep.equal(['emitStatus', 'emitMessages', 'poll']);
    expect(statuses(out.commands)).to.deep.equal(['reconnected']);
    expect(out.commands[1]).to.deep.equal({ type: 'emitMessages', messages: [M2] });
    expect(out.state).to.include({ attempt: 0, interrupted: false });
  });

  it('receiving + responseArrived (only messages seen before) → receiving: no emitMessages, poll from the new cursor', () => {
    const seen = make({ ...receiving, recent: admitMessages(EMPTY_DEDUPE_WINDOW, [M1, M2]).window });
    const out = step(seen, { type: 'responseArrived', requestId: 3, result: { cursor: NEXT, messages: [M1, M2] } });
    expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 4, ...set, cursor: NEXT }]);
  });

  it('receiving + requestFailed(timeout) → receiving: re-poll at once from the same cursor, no status, no timer', () => {
    const out = step(receiving, { type: 'requestFailed', requestId: 3, error: new PubnubTimeoutError(310_000) });
    expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 4, ...set, cursor: OLD }]);
    expect(out.state).to.include({ kind: 'receiving', attempt: 0, interrupted: false });
  });

  it('receiving + requestFailed(network) → waiting: disconnected(failure) once, growing capped delay', () => {
    const first = step(receiving, { type: 'requestFailed', requestId: 3, error: new PubnubNetworkError('reset') });
    expect(first.state.kind).to.equal('waiting');
    expect(statuses(first.commands)).to.deep.equal(['disconnected']);
    const retried = step(first.state, { type: 'timerFired', timerId: 4 });
    const second = step(retried.state, { type: 'requestFailed', requestId: 5, error: err503() });
    expect(statuses(second.commands)).to.deep.equal([]);
    expect(second.commands).to.deep.equal([{ type: 'startTimer', timerId: 6, delayMs: 2500 }]);
    const capped = step(make({ ...receiving, attempt: 30 }), {
      type: 'requestFailed',
      requestId: 3,
      error: new PubnubNetworkError('x'),
    });
    expect(capped.commands).to.deep.equal([{ type: 'startTimer', timerId: 4, delayMs: 32_500 }]);
  });

  it('receiving + requestFailed(400 | 403 | 404 | 413) → stopped: emit error, never retried', () => {
    for (const status of [400, 403, 404, 413]) {
      const error = new PubnubServiceError(`HTTP ${status}`, { status, body: '' });
      const out = step(receiving, { type: 'requestFailed', requestId: 3, error });
      expect(out.state.kind, String(status)).to.equal('stopped');
      expect(out.commands, String(status)).to.deep.equal([
        { type: 'emitStatus', status: { category: 'error', error, ...set } },
      ]);
    }
  });

  it('handshaking + requestFailed(timeout | retry), attempts used up → stopped: [disconnected], error(last, attempts)', () => {
    // retry: false is maxAttempts 0: the very first failure stops, after the outage's one `disconnected`.
    const never = { ...ctx, options: { ...DEFAULT_SUBSCRIBE_OPTIONS, maxAttempts: 0 } };
    const error = new PubnubTimeoutError(15000);
    const out = step(handshaking, { type: 'requestFailed', requestId: 1, error }, never);
    expect(out.state).to.include({ kind: 'stopped', attempt: 0, interrupted: true });
    expect(out.state).to.not.have.any.keys('requestId', 'timerId');
    expect(out.commands).to.deep.equal([
      { type: 'emitStatus', status: { category: 'disconnected', reason: 'failure', error, ...set } },
      { type: 'emitStatus', status: { category: 'error', error, attempts: 1, ...set } },
    ]);
    // maxAttempts 3, third failure in a row (a re-handshake after two failed ones): error only, the outage's
    // `disconnected` was already said.
    const three = { ...ctx, options: { ...DEFAULT_SUBSCRIBE_OPTIONS, maxAttempts: 3 } };
    const third = make({ ...rehandshaking, attempt: 2, interrupted: true });
    const last = err503();
    const gaveUp = step(third, { type: 'requestFailed', requestId: 5, error: last }, three);
    expect(gaveUp.commands).to.deep.equal([
      { type: 'emitStatus', status: { category: 'error', error: last, attempts: 3, ...set } },
    ]);
    expect(gaveUp.state).to.include({ kind: 'stopped', cursor: OLD });
  });

  it('receiving + requestFailed(retry), attempts used up → stopped: cursor and last contact kept; reconnect resets the count', () => {
    const three = { ...ctx, options: { ...DEFAULT_SUBSCRIBE_OPTIONS, maxAttempts: 3 } };
    const seen: string[] = [];
    let s: SubscribeState = receiving;
    let id = 3;
    for (let i = 0; i < 3; i++) {
      const failed = step(
        s,
        { type: 'requestFailed', requestId: id, error: new PubnubNetworkError('ECONNREFUSED') },
        three,
      );
      seen.push(...statuses(failed.commands));
      s = failed.state;
      if (s.kind !== 'waiting') break;
      const timer = failed.commands.find((c) => c.type === 'startTimer');
      expect(timer, `timer after failure ${i + 1}`).to.not.equal(undefined);
      const retried = step(s, { type: 'timerFired', timerId: timerIdOf(s) }, three);
      s = retried.state;
      id = requestIdOf(s);
    }
    expect(seen).to.deep.equal(['disconnected', 'error']);
    expect(s).to.include({ kind: 'stopped', cursor: OLD, lastContactMs: receiving.lastContactMs, attempt: 0 });
    const again = step(s, { type: 'reconnectRequested' }, three);
    expect(again.state).to.include({ kind: 'handshaking', attempt: 0 });
    // With the count reset, the next failure retries again (disconnected + timer), it does not stop at once.
    const next = step(
      again.state,
      { type: 'requestFailed', requestId: requestIdOf(again.state), error: err503() },
      three,
    );
    expect(next.state.kind).to.equal('waiting');
    expect(next.commands.map((c) => c.type)).to.deep.equal(['emitStatus', 'startTimer']);
  });

  it('handshaking | receiving + subsChanged(same set) → unchanged, no commands', () => {
    for (const s of [handshaking, receiving]) {
      expect(step(s, { type: 'subsChanged', channels: ['ch1', 'ch1'], groups: [] })).to.deep.equal({
        state: s,
        commands: [],
      });
    }
  });

  it('handshaking | receiving + subsChanged(other set) → handshaking: abort, poll without cursor, cursor kept', () => {
    const out = step(receiving, { type: 'subsChanged', channels: ['ch1', 'ch2'], groups: [] });
    expect(out.commands).to.deep.equal([
      { type: 'abort', requestId: 3 },
      { type: 'poll', requestId: 4, channels: ['ch1', 'ch2'], groups: [] },
    ]);
    expect(out.state).to.include({ kind: 'handshaking', cursor: OLD, synced: false });
    const again = step(handshaking, { type: 'subsChanged', channels: ['ch2'], groups: [] });
    expect(again.commands.map((c) => c.type)).to.deep.equal(['abort', 'poll']);
  });

  it('receiving + subsChanged(same set, another filter) → handshaking with filter-expr, cursor kept; the same filter is a no-op', () => {
    const filterExpression = "uuid == 'bot'";
    const out = step(receiving, { type: 'subsChanged', ...set, filterExpression });
    expect(out.commands).to.deep.equal([
      { type: 'abort', requestId: 3 },
      { type: 'poll', requestId: 4, ...set, filterExpression },
    ]);
    expect(out.state).to.include({ kind: 'handshaking', cursor: OLD, filterExpression });
    const answered = step(out.state, {
      type: 'responseArrived',
      requestId: 4,
      result: { cursor: HANDSHAKE, messages: [] },
    });
    const resumed = { timetoken: OLD.timetoken, region: HANDSHAKE.region };
    expect(answered.commands.at(-1)).to.deep.equal({
      type: 'poll',
      requestId: 5,
      ...set,
      cursor: resumed,
      filterExpression,
    });
    const same = step(answered.state, { type: 'subsChanged', channels: ['ch1'], groups: [], filterExpression });
    expect(same).to.deep.equal({ state: answered.state, commands: [] });
    // Removing the filter ("" is none) is another change: a handshake without filter-expr.
    const removed = step(answered.state, { type: 'subsChanged', ...set, filterExpression: '' });
    expect(removed.commands.at(-1)).to.deep.equal({ type: 'poll', requestId: 6, ...set });
    expect(removed.state).to.include({ filterExpression: undefined });
  });

  it('handshaking | receiving | waiting + subsChanged(empty) → idle: abort or cancel, disconnected(unsubscribed), cursor forgotten', () => {
    const r = step(receiving, { type: 'subsChanged', channels: [], groups: [] });
    expect(r.commands).to.deep.equal([
      { type: 'abort', requestId: 3 },
      { type: 'emitStatus', status: { category: 'disconnected', reason: 'unsubscribed', ...set } },
    ]);
    expect(r.state).to.deep.equal({ kind: 'idle', nextId: 4, recent: receiving.recent });
    const w = step(waiting, { type: 'subsChanged', channels: [], groups: [] });
    expect(w.commands[0]).to.deep.equal({ type: 'cancelTimer', timerId: 4 });
    expect(w.state).to.have.all.keys('kind', 'nextId', 'recent');
    expect(step(handshaking, { type: 'subsChanged', channels: [], groups: [] }).commands[0]).to.deep.equal({
      type: 'abort',
      requestId: 1,
    });
  });

  it('handshaking | receiving + disconnectRequested → stopped: abort, disconnected(requested)', () => {
    for (const s of [handshaking, receiving]) {
      const out = step(s, { type: 'disconnectRequested' });
      expect(out.state)
        .to.include({ kind: 'stopped', interrupted: true })
        .and.not.have.any.keys('requestId', 'polledAtMs');
      expect(out.commands).to.deep.equal([
        { type: 'abort', requestId: requestIdOf(s) },
        { type: 'emitStatus', status: { category: 'disconnected', reason: 'requested', ...set } },
      ]);
    }
  });

  it('handshaking | receiving + reconnectRequested → unchanged (already connecting or connected)', () => {
    for (const s of [handshaking, receiving]) {
      expect(step(s, { type: 'reconnectRequested' })).to.deep.equal({ state: s, commands: [] });
    }
  });

  it('waiting + timerFired → receiving (cursor synced) or handshaking (it was the handshake that failed)', () => {
    const out = step(waiting, { type: 'timerFired', timerId: 4 });
    expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 5, ...set, cursor: OLD }]);
    expect(out.state).to.include({ kind: 'receiving', attempt: 1 }).and.not.have.property('timerId');
    const hs = step(make({ ...waiting, synced: false }), { type: 'timerFired', timerId: 4 });
    expect(hs.commands).to.deep.equal([{ type: 'poll', requestId: 5, ...set }]);
    expect(hs.state.kind).to.equal('handshaking');
  });

  it('waiting + subsChanged(same set) → waiting, no commands', () => {
    expect(step(waiting, { type: 'subsChanged', channels: ['ch1'], groups: [] })).to.deep.equal({
      state: waiting,
      commands: [],
    });
  });

  it('waiting + subsChanged(other set) → handshaking: cancel the timer, handshake now, backoff step kept', () => {
    const out = step(waiting, { type: 'subsChanged', channels: [], groups: ['cg1'] });
    expect(out.commands).to.deep.equal([
      { type: 'cancelTimer', timerId: 4 },
      { type: 'poll', requestId: 5, channels: [], groups: ['cg1'] },
    ]);
    expect(out.state).to.include({ kind: 'handshaking', attempt: 1, interrupted: true, cursor: OLD });
  });

  it('waiting + disconnectRequested → stopped: cancel the timer, disconnected(requested)', () => {
    const out = step(waiting, { type: 'disconnectRequested' });
    expect(out.state).to.include({ kind: 'stopped', attempt: 0 }).and.not.have.property('timerId');
    expect(out.commands).to.deep.equal([
      { type: 'cancelTimer', timerId: 4 },
      { type: 'emitStatus', status: { category: 'disconnected', reason: 'requested', ...set } },
    ]);
  });

  it('waiting + reconnectRequested → receiving: cancel the timer and retry now', () => {
    const out = step(waiting, { type: 'reconnectRequested' });
    expect(out.commands).to.deep.equal([
      { type: 'cancelTimer', timerId: 4 },
      { type: 'poll', requestId: 5, ...set, cursor: OLD },
    ]);
  });

  it('stopped + subsChanged(empty) → idle, no status', () => {
    const out = step(stopped, { type: 'subsChanged', channels: [], groups: [] });
    expect(out.state.kind).to.equal('idle');
    expect(out.commands).to.deep.equal([]);
  });

  it('stopped + subsChanged(set) → handshaking, cursor kept', () => {
    const out = step(stopped, { type: 'subsChanged', channels: ['ch1'], groups: [] });
    expect(out.state).to.include({ kind: 'handshaking', cursor: OLD });
    expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 4, ...set }]);
  });

  it('stopped + disconnectRequested → stopped, no commands', () => {
    expect(step(stopped, { type: 'disconnectRequested' })).to.deep.equal({ state: stopped, commands: [] });
  });

  it('stopped + reconnectRequested → handshaking; its success reports reconnected and resumes from the kept tt', () => {
    const out = step(stopped, { type: 'reconnectRequested' });
    expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 4, ...set }]);
    // The same service, later: its cursor is ahead of the kept one, in the kept region (else rule 7a: a gap).
    const done = step(out.state, {
      type: 'responseArrived',
      requestId: 4,
      result: { cursor: NEXT, messages: [] },
    });
    expect(statuses(done.commands)).to.deep.equal(['reconnected']);
    expect(done.commands.at(-1)).to.deep.equal({
      type: 'poll',
      requestId: 5,
      ...set,
      cursor: { timetoken: OLD.timetoken, region: NEXT.region },
    });
  });

  it('any state + a stale responseArrived / requestFailed / timerFired → unchanged, dropped', () => {
    const stale: SubscribeEvent[] = [
      { type: 'responseArrived', requestId: 1, result: { cursor: NEXT, messages: [M1] } },
      { type: 'requestFailed', requestId: 1, error: err403() },
      { type: 'timerFired', timerId: 2 },
    ];
    for (const s of [
      receiving,
      waiting,
      stopped,
      rehandshaking,
      Object.freeze({ ...initialSubscribeState, nextId: 9 }),
    ]) {
      for (const e of stale) expect(step(s, e), `${s.kind} ${e.type}`).to.deep.equal({ state: s, commands: [] });
    }
  });

  it('an id never issued, or an unknown event, throws naming state and event', () => {
    expect(() =>
      step(receiving, { type: 'responseArrived', requestId: 4, result: { cursor: NEXT, messages: [] } }),
    ).to.throw(PubnubStateError, /"responseArrived".*"receiving".*never issued/);
    expect(() => step(waiting, { type: 'timerFired', timerId: 99 })).to.throw(
      PubnubStateError,
      /"timerFired".*"waiting"/,
    );
    expect(() => step(initialSubscribeState, { type: 'requestFailed', requestId: 0, error: err503() })).to.throw(
      PubnubStateError,
    );
    expect(() => step(receiving, { type: 'teleported' } as unknown as SubscribeEvent)).to.throw(
      PubnubStateError,
      /"teleported".*"receiving"/,
    );
  });
});

describe('core/subscribe: gap rule', () => {
  const long = { nowMs: NOW, jitter: 0.5 };
  it('emits gap { from, to } once, after reconnected, when the outage outlived the catch-up window', () => {
    const outage = make({ ...waiting, lastContactMs: NOW - 16 * 60 * 1000 });
    const retried = step(outage, { type: 'timerFired', timerId: 4 }, long);
    const done = step(
      retried.state,
      { type: 'responseArrived', requestId: 5, result: { cursor: NEXT, messages: [M1] } },
      long,
    );
    expect(done.commands.slice(0, 2)).to.deep.equal([
      { type: 'emitStatus', status: { category: 'reconnected', cursor: NEXT, ...set } },
      {
        type: 'emitStatus',
        status: {
          category: 'gap',
          reason: 'catchUpWindow',
          from: OLD.timetoken,
          to: NEXT.timetoken,
          outageMs: 16 * 60 * 1000,
          ...set,
        },
      },
    ]);
    const later = step(
      done.state,
      { type: 'responseArrived', requestId: 6, result: { cursor: NEXT, messages: [] } },
      long,
    );
    expect(statuses(later.commands)).to.deep.equal([]);
  });

  it('no gap for a short outage, nor when the window is configured longer', () => {
    const outage = make({ ...receiving, interrupted: true, lastContactMs: NOW - 16 * 60 * 1000 });
    const options = { ...DEFAULT_SUBSCRIBE_OPTIONS, catchUpWindowMs: 20 * 60 * 1000 };
    const done = step(
      outage,
      { type: 'responseArrived', requestId: 3, result: { cursor: NEXT, messages: [] } },
      {
        ...ctx,
        options,
      },
    );
    expect(statuses(done.commands)).to.deep.equal(['reconnected']);
    const short = step(waiting, { type: 'timerFired', timerId: 4 });
    const ok = step(short.state, { type: 'responseArrived', requestId: 5, result: { cursor: NEXT, messages: [] } });
    expect(statuses(ok.commands)).to.deep.equal(['reconnected']);
  });
});
