/**
 * Issue 9 items 6, 9 and 12 in the subscribe machine, by plain data (no network, no timers):
 * - rule 3a: a long-poll answered at once, empty, with the same cursor is paced, not re-polled at once;
 * - rule 4b: a 429/503 `Retry-After` (`PubnubServiceError.retryAfterMs`) sets the backoff's floor;
 * - rule 7a: after a break, an answer from another region or from behind the kept cursor reports
 *   `gap { reason: 'serviceLost' }` however short the outage.
 */
import {
  backoffDelay,
  DEFAULT_SUBSCRIBE_OPTIONS,
  PubnubMalformedResponseError,
  PubnubServiceError,
  type SubscribeCommand,
  type SubscribeState,
  type SubscribeStep,
  stepSubscribe,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { make, requestIdOf } from './support/states.js';

const NOW = 1_795_882_483_000;
const CURSOR = { timetoken: '17958824830000000', region: 4 };
const LATER = { timetoken: '17958824890000000', region: 4 };
const set = { channels: ['ch1'], groups: [] };

const receiving = make({
  kind: 'receiving',
  cursor: CURSOR,
  synced: true,
  requestId: 3,
  nextId: 4,
  announced: true,
  lastContactMs: NOW - 1000,
  polledAtMs: NOW - 2,
});

const ctx = (nowMs: number) => ({ nowMs, jitter: 0 });
const statuses = (commands: readonly SubscribeCommand[]) =>
  commands.flatMap((c) => (c.type === 'emitStatus' ? [c.status] : []));

describe('core/subscribe: odd answers (issue 9 items 6, 9, 12)', () => {
  describe('rule 3a: instant empty answers with the same cursor are paced', () => {
    it('an echo goes to waiting with a growing delay; the timer polls from the same cursor; no status', () => {
      let state: SubscribeState = receiving;
      let polledAtMs = receiving.polledAtMs;
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        const answered: SubscribeStep = stepSubscribe(
          state,
          { type: 'responseArrived', requestId: requestIdOf(state), result: { cursor: CURSOR, messages: [] } },
          ctx(polledAtMs + 1),
        );
        expect(answered.state.kind).to.equal('waiting');
        expect(statuses(answered.commands)).to.deep.equal([]);
        const timer = answered.commands.find((c) => c.type === 'startTimer');
        if (timer?.type !== 'startTimer') throw new Error('no timer');
        delays.push(timer.delayMs);
        const fired = stepSubscribe(answered.state, { type: 'timerFired', timerId: timer.timerId }, ctx(NOW));
        expect(fired.commands).to.deep.equal([{ type: 'poll', requestId: timer.timerId + 1, ...set, cursor: CURSOR }]);
        state = fired.state;
        polledAtMs = NOW;
      }
      expect(delays).to.deep.equal([0, 1, 2, 3].map((n) => backoffDelay(n, 0, DEFAULT_SUBSCRIBE_OPTIONS)));
    });

    it('a held answer (not instant), a new cursor, or a message polls again at once and resets the run', () => {
      const echoing = make({ ...receiving, emptyRun: 3 });
      const slow = DEFAULT_SUBSCRIBE_OPTIONS.instantPollMs;
      const answers = [
        { at: receiving.polledAtMs + slow, cursor: CURSOR },
        { at: receiving.polledAtMs + 1, cursor: LATER },
      ];
      for (const { at, cursor } of answers) {
        const out = stepSubscribe(
          echoing,
          { type: 'responseArrived', requestId: 3, result: { cursor, messages: [] } },
          ctx(at),
        );
        expect(out.state).to.include({ kind: 'receiving', emptyRun: 0, polledAtMs: at });
        expect(out.commands).to.deep.equal([{ type: 'poll', requestId: 4, ...set, cursor }]);
      }
    });
  });

  describe('rule 4b: Retry-After', () => {
    it('the backoff waits at least what Retry-After asked (err.retryAfterMs), and never less than its own step', () => {
      const slowDown = (retryAfterMs: number) =>
        new PubnubServiceError('slow down', { status: 429, body: '' }, { retryAfterMs });
      const long = stepSubscribe(receiving, { type: 'requestFailed', requestId: 3, error: slowDown(20_000) }, ctx(NOW));
      expect(long.commands.at(-1)).to.deep.equal({ type: 'startTimer', timerId: 4, delayMs: 20_000 });
      const short = stepSubscribe(receiving, { type: 'requestFailed', requestId: 3, error: slowDown(1) }, ctx(NOW));
      expect(short.commands.at(-1)).to.deep.equal({
        type: 'startTimer',
        timerId: 4,
        delayMs: backoffDelay(0, 0, DEFAULT_SUBSCRIBE_OPTIONS),
      });
    });

    it('a malformed answer is a failure that backs off (disconnected carries the error)', () => {
      const error = new PubnubMalformedResponseError('cursor 0', { status: 200, body: '{"t":{"t":"0"}}' });
      const out = stepSubscribe(receiving, { type: 'requestFailed', requestId: 3, error }, ctx(NOW));
      expect(out.state.kind).to.equal('waiting');
      expect(statuses(out.commands)).to.deep.equal([{ category: 'disconnected', reason: 'failure', error, ...set }]);
    });
  });

  describe('rule 7a: the service lost what it had', () => {
    const broken = make({
      ...receiving,
      kind: 'waiting',
      timerId: 4,
      nextId: 5,
      attempt: 1,
      interrupted: true,
    });
    function firstAnswerAfterBreak(cursor: { timetoken: string; region: number }) {
      const retried = stepSubscribe(broken, { type: 'timerFired', timerId: 4 }, ctx(NOW));
      return stepSubscribe(
        retried.state,
        { type: 'responseArrived', requestId: 5, result: { cursor, messages: [] } },
        ctx(NOW + 10),
      );
    }

    it('another region: reconnected, then gap { serviceLost } from the kept cursor, however short the outage', () => {
      const moved = { timetoken: LATER.timetoken, region: 9 };
      const out = firstAnswerAfterBreak(moved);
      expect(statuses(out.commands)).to.deep.equal([
        { category: 'reconnected', cursor: moved, ...set },
        { category: 'gap', reason: 'serviceLost', from: CURSOR.timetoken, to: LATER.timetoken, outageMs: 1010, ...set },
      ]);
    });

    it('a cursor behind the kept one: gap { serviceLost }, and the handshake resumes from the service cursor', () => {
      const behind = { timetoken: '17958824000000000', region: 4 };
      const polled = firstAnswerAfterBreak(behind);
      expect(statuses(polled.commands).map((s) => s.category)).to.deep.equal(['reconnected', 'gap']);
      expect(statuses(polled.commands)[1]).to.include({ from: CURSOR.timetoken, to: CURSOR.timetoken });
      const stopped = make({ ...broken, kind: 'stopped', interrupted: true });
      const again = stepSubscribe(stopped, { type: 'reconnectRequested' }, ctx(NOW));
      const shaken = stepSubscribe(
        again.state,
        { type: 'responseArrived', requestId: 5, result: { cursor: behind, messages: [] } },
        ctx(NOW),
      );
      expect(statuses(shaken.commands).map((s) => s.category)).to.deep.equal(['reconnected', 'gap']);
      expect(shaken.commands.at(-1)).to.deep.equal({ type: 'poll', requestId: 6, ...set, cursor: behind });
    });

    it('the same region, ahead, within the catch-up window: reconnected only', () => {
      expect(statuses(firstAnswerAfterBreak(LATER).commands).map((s) => s.category)).to.deep.equal(['reconnected']);
    });
  });
});
