/**
 * SubscribeLoop (core/src/subscribe/loop.ts) driven end to end over a fake link and a manual scheduler: the real
 * request builder and parser, recorded v2 bodies (docs/protocol.md §2.4, §2.3, §5), no network and no real timers.
 */
import {
  PubnubAccessDeniedError,
  PubnubNetworkError,
  PubnubStateError,
  PubnubTimeoutError,
  PubnubValidationError,
  type SubscribeEnvelope,
  SubscribeLoop,
  type SubscribeLoopOptions,
  type SubscribeStatus,
} from '@pubkit/core';
import { expect } from 'chai';
import { ctx } from '../operations/helpers.js';
import { fixedEnv } from '../support/fixed-env.js';
import { FakeLink, flush } from './support/fake-link.js';
import { ManualScheduler } from './support/manual-scheduler.js';

// Recorded bodies (docs/protocol.md §2.4 examples; §2.3/§5 error bodies).
const HANDSHAKE_TT = '14607577960932487';
const HANDSHAKE = `{"t":{"t":"${HANDSHAKE_TT}","r":1},"m":[]}`;
const MESSAGE_TT = '14818869688928592';
const MESSAGE_ENVELOPE =
  '{"a":"2","f":0,"i":"eb63e8cb-b81c-4ccc-b411-bb53264e3c09","s":1,"p":{"t":"14818869688799557","r":12},"k":"sub-c-33f55052-190b-11e6-bfbc-02ee2ddab7fe","c":"subscribe-unsubscribe-channel","d":"hey","b":"subscribe-unsubscribe-group"}';
const PRESENCE_ENVELOPE =
  '{"a":"2","f":0,"p":{"t":"14720341194420285","r":1},"k":"sub-c-33f55052-190b-11e6-bfbc-02ee2ddab7fe","c":"heartbeat-tornado-ch-pnpres","d":{"action": "join", "timestamp": 1472034119, "uuid": "heartbeat-tornado-listener", "occupancy": 1},"b":"heartbeat-tornado-ch-pnpres"}';
const MESSAGE = `{"t":{"t":"${MESSAGE_TT}","r":12},"m":[${MESSAGE_ENVELOPE}]}`;
const TWO = `{"t":{"t":"${MESSAGE_TT}","r":12},"m":[${MESSAGE_ENVELOPE},${PRESENCE_ENVELOPE}]}`;
const FORBIDDEN =
  '{"message":"Forbidden","payload":{"channels":["ch"]},"error":true,"service":"Access Manager","status":403}';
const UNAVAILABLE = '{"status": 503, "message": "Service Unavailable", "error": 1, "service": "Presence"}';

function rig(options: Partial<SubscribeLoopOptions> & { lateAnswers?: boolean } = {}) {
  const env = fixedEnv();
  const link = new FakeLink(options.lateAnswers ?? false);
  const scheduler = new ManualScheduler(env.clock);
  const messages: SubscribeEnvelope[] = [];
  const statuses: SubscribeStatus[] = [];
  const loop = new SubscribeLoop({
    transport: link,
    scheduler,
    env,
    context: () => ctx,
    listener: { onMessage: (m) => messages.push(m), onStatus: (s) => statuses.push(s) },
    ...options,
  });
  const categories = () => statuses.map((s) => s.category);
  return { env, link, scheduler, loop, messages, statuses, categories };
}

/** Subscribes and completes the handshake; the poll from the handshake cursor is then open. */
async function connected(r: ReturnType<typeof rig>, channels = ['ch1']) {
  r.loop.setSubscriptions(channels);
  r.link.last.respond(HANDSHAKE);
  await flush();
}

describe('core/subscribe: SubscribeLoop over a fake link', () => {
  it('handshake (no tt) → connected → long-poll from the cursor → messages in order → next poll', async () => {
    const r = rig({ heartbeat: 300 });
    r.loop.setSubscriptions(['subscribe-unsubscribe-channel', 'heartbeat-tornado-ch-pnpres']);
    expect(r.link.sent).to.have.length(1);
    expect(r.link.last.request.path).to.equal(
      '/v2/subscribe/sub/heartbeat-tornado-ch-pnpres,subscribe-unsubscribe-channel/0',
    );
    expect(r.link.last.request.query).to.not.have.property('tt');
    expect(r.link.last.request.query).to.include({ heartbeat: '300' });
    r.link.last.respond(HANDSHAKE);
    await flush();
    expect(r.categories()).to.deep.equal(['connected']);
    expect(r.link.last.request.query).to.include({ tt: HANDSHAKE_TT, tr: '1' });
    r.link.last.respond(TWO);
    await flush();
    expect(r.messages.map((m) => m.message)).to.deep.equal([
      'hey',
      { action: 'join', timestamp: 1472034119, uuid: 'heartbeat-tornado-listener', occupancy: 1 },
    ]);
    expect(r.messages.map((m) => m.eventType)).to.deep.equal(['message', 'presence']);
    expect(r.link.sent).to.have.length(3);
    expect(r.link.last.request.query).to.include({ tt: MESSAGE_TT, tr: '12' });
    expect(r.loop.cursor).to.deep.equal({ timetoken: MESSAGE_TT, region: 12 });
    r.loop.stop();
  });

  it('a channel change aborts the poll, re-handshakes, then resumes from the PREVIOUS cursor (docs/protocol.md §8.2)', async () => {
    const r = rig();
    await connected(r);
    r.link.last.respond(MESSAGE);
    await flush();
    const poll = r.link.last;
    r.loop.setSubscriptions(['ch1', 'ch2']);
    expect(poll.aborted).to.equal(true);
    expect(r.link.last.request.path).to.equal('/v2/subscribe/sub/ch1,ch2/0');
    expect(r.link.last.request.query).to.not.have.property('tt');
    r.link.last.respond(HANDSHAKE);
    await flush();
    expect(r.link.last.request.query).to.include({ tt: MESSAGE_TT, tr: '1' });
    expect(r.categories()).to.deep.equal(['connected', 'subscriptionChanged']);
    r.loop.stop();
  });

  it('a stale response (for the request aborted by a channel change) is dropped', async () => {
    const r = rig({ lateAnswers: true });
    await connected(r);
    const old = r.link.last;
    r.loop.setSubscriptions(['ch2']);
    old.respond(MESSAGE);
    await flush();
    expect(r.messages).to.deep.equal([]);
    expect(r.link.sent).to.have.length(3);
    expect(r.loop.stateKind).to.equal('handshaking');
    r.loop.stop();
  });

  it('a long-poll timeout re-polls at once from the same cursor: no status, no timer', async () => {
    const r = rig();
    await connected(r);
    r.link.last.fail(new PubnubTimeoutError(310_000));
    await flush();
    expect(r.link.sent).to.have.length(3);
    expect(r.link.last.request.query).to.include({ tt: HANDSHAKE_TT, tr: '1' });
    expect(r.scheduler.pending).to.equal(0);
    expect(r.categories()).to.deep.equal(['connected']);
    r.loop.stop();
  });

  it('5xx → backoff timers with growing, capped delays → reconnected, messages resume', async () => {
    const r = rig({ retry: { baseDelayMs: 1000, maxDelayMs: 4000 } });
    await connected(r);
    for (let i = 0; i < 4; i++) {
      r.link.last.respond(UNAVAILABLE, 503);
      await flush();
      expect(r.scheduler.pending, `timer after failure ${i + 1}`).to.equal(1);
      const sent = r.link.sent.length;
      r.scheduler.advance(r.scheduler.delays[i]!);
      expect(r.link.sent).to.have.length(sent + 1);
      // Machine rule 4c: a retry is a handshake (answered at once), not a poll a service would hold.
      expect(r.link.last.request.query).not.to.have.property('tt');
    }
    const [d1, d2, d3, d4] = r.scheduler.delays as [number, number, number, number];
    // step min(4000, 1000·2^n) plus up to the default 1000 ms of jitter (backoff.ts)
    expect(d1).to.be.within(1000, 1999);
    expect(d2).to.be.within(2000, 2999);
    expect(d3).to.be.within(4000, 4999);
    expect(d4).to.be.within(4000, 4999);
    // The same service after its outage: same region as the kept cursor (else machine rule 7a reports a gap).
    r.link.last.respond(HANDSHAKE);
    await flush();
    expect(r.categories()).to.deep.equal(['connected', 'disconnected', 'reconnected']);
    expect(r.link.last.request.query).to.include({ tt: HANDSHAKE_TT, tr: '1' });
    r.link.last.respond(MESSAGE);
    await flush();
    expect(r.statuses[1]).to.include({ category: 'disconnected', reason: 'failure' });
    expect(r.messages).to.have.length(1);
    r.loop.stop();
  });

  it('retry { maxAttempts: 3, jitterMs } → exact delays with the injected jitter, then error + stopped; reconnect() resumes', async () => {
    const r = rig({ retry: { baseDelayMs: 100, maxDelayMs: 150, jitterMs: 40, maxAttempts: 3 } });
    await connected(r);
    // The driver draws one unit per event it steps: failure, timer, failure, timer, failure.
    r.env.random.queueUnits(0.5, 0, 0.25, 0, 0.75);
    for (let i = 0; i < 3; i++) {
      r.link.last.fail(new PubnubNetworkError('ECONNREFUSED'));
      await flush();
      if (i < 2) r.scheduler.advance(r.scheduler.delays[i]!);
    }
    // step min(150, 100·2^n) + unit × 40 (backoff.ts): 100 + 20, then 150 + 10; the third failure is not retried.
    expect(r.scheduler.delays).to.deep.equal([120, 160]);
    expect(r.categories()).to.deep.equal(['connected', 'disconnected', 'error']);
    expect(r.statuses[2]).to.include({ category: 'error', attempts: 3 });
    expect((r.statuses[2] as { error: Error }).error).to.be.instanceOf(PubnubNetworkError);
    expect(r.loop.stateKind).to.equal('stopped');
    expect(r.scheduler.pending).to.equal(0);
    const sent = r.link.sent.length;
    r.scheduler.advance(60 * 60 * 1000);
    expect(r.link.sent).to.have.length(sent);
    r.loop.reconnect();
    expect(r.link.last.request.query).to.not.have.property('tt');
    r.link.last.respond(HANDSHAKE);
    await flush();
    expect(r.link.last.request.query).to.include({ tt: HANDSHAKE_TT, tr: '1' });
    // An hour stopped outlived the catch-up window: the reconnect also reports the gap (rule 7 survives rule 4a).
    expect(r.categories()).to.deep.equal(['connected', 'disconnected', 'error', 'reconnected', 'gap']);
    r.loop.stop();
  });

  it('retry: false → the first failure reports disconnected and error, starts no timer and sends nothing more', async () => {
    const r = rig({ retry: false });
    await connected(r);
    r.link.last.respond(UNAVAILABLE, 503);
    await flush();
    expect(r.categories()).to.deep.equal(['connected', 'disconnected', 'error']);
    expect(r.statuses[2]).to.include({ attempts: 1 });
    expect(r.scheduler.delays).to.deep.equal([]);
    expect(r.link.sent).to.have.length(2);
    expect(r.loop.stateKind).to.equal('stopped');
    r.loop.stop();
  });

  it('a retry policy the backoff cannot follow fails at construction with PubnubValidationError', () => {
    expect(() => rig({ retry: { baseDelayMs: 5000, maxDelayMs: 1000 } })).to.throw(
      PubnubValidationError,
      /retry|backoff/,
    );
    expect(() => rig({ retry: { maxAttempts: -1 } })).to.throw(PubnubValidationError);
    // undefined fields keep their defaults rather than erasing them
    expect(() => rig({ retry: { jitterMs: undefined } as never })).to.not.throw();
  });

  it('403 → error status with PubnubAccessDeniedError, no retry; reconnect() handshakes again', async () => {
    const r = rig();
    await connected(r);
    r.link.last.respond(FORBIDDEN, 403);
    await flush();
    const status = r.statuses.at(-1);
    expect(status?.category).to.equal('error');
    expect(status && 'error' in status ? status.error : undefined).to.be.instanceOf(PubnubAccessDeniedError);
    expect(r.scheduler.pending).to.equal(0);
    r.scheduler.advance(10 * 60 * 1000);
    expect(r.link.sent).to.have.length(2);
    r.loop.reconnect();
    expect(r.link.sent).to.have.length(3);
    expect(r.link.last.request.query).to.not.have.property('tt');
    r.link.last.respond(HANDSHAKE);
    await flush();
    expect(r.categories()).to.deep.equal(['connected', 'error', 'reconnected']);
    r.loop.stop();
  });

  it('a duplicate envelope re-delivered after a reconnect is dropped', async () => {
    const r = rig();
    await connected(r);
    r.link.last.respond(MESSAGE);
    await flush();
    r.link.last.fail(new PubnubNetworkError('ECONNRESET'));
    await flush();
    r.scheduler.advance(r.scheduler.delays[0]!);
    r.link.last.respond(`{"t":{"t":"${MESSAGE_TT}","r":12},"m":[]}`);
    await flush();
    expect(r.link.last.request.query).to.include({ tt: MESSAGE_TT, tr: '12' });
    r.link.last.respond(TWO);
    await flush();
    expect(r.messages.map((m) => m.eventType)).to.deep.equal(['message', 'presence']);
    expect(r.categories()).to.deep.equal(['connected', 'disconnected', 'reconnected']);
    r.loop.stop();
  });

  it('gap { from, to } after an outage longer than the catch-up window (injected clock)', async () => {
    const r = rig({ catchUpWindowMs: 20 * 60 * 1000 });
    await connected(r);
    r.link.last.fail(new PubnubNetworkError('ENETUNREACH'));
    await flush();
    r.env.clock.advance(21 * 60 * 1000);
    r.scheduler.advance(r.scheduler.delays[0]!);
    r.link.last.respond(`{"t":{"t":"${MESSAGE_TT}","r":1},"m":[]}`);
    await flush();
    expect(r.categories()).to.deep.equal(['connected', 'disconnected', 'reconnected', 'gap']);
    expect(r.statuses[3]).to.include({ category: 'gap', reason: 'catchUpWindow', from: HANDSHAKE_TT, to: MESSAGE_TT });
    r.loop.stop();
  });

  it('stop() aborts the request in flight and cancels the backoff timer; later calls throw', async () => {
    const r = rig();
    await connected(r);
    r.loop.stop();
    expect(r.link.open).to.deep.equal([]);
    expect(r.categories()).to.deep.equal(['connected', 'disconnected']);
    expect(() => r.loop.setSubscriptions(['ch1'])).to.throw(PubnubStateError);

    const w = rig();
    await connected(w);
    w.link.last.fail(new PubnubNetworkError('ECONNREFUSED'));
    await flush();
    expect(w.scheduler.pending).to.equal(1);
    w.loop.stop();
    w.loop.stop();
    expect(w.scheduler.pending).to.equal(0);
    expect(w.link.open).to.deep.equal([]);
  });

  it('an empty set goes idle: the poll is aborted, disconnected(unsubscribed), nothing else is sent', async () => {
    const r = rig();
    await connected(r);
    r.loop.setSubscriptions([]);
    await flush();
    expect(r.link.open).to.deep.equal([]);
    expect(r.link.sent).to.have.length(2);
    expect(r.statuses.at(-1)).to.include({ category: 'disconnected', reason: 'unsubscribed' });
    expect(r.loop.stateKind).to.equal('idle');
  });

  it('validates names in the caller’s stack and sends nothing for a bad one', () => {
    const r = rig();
    expect(() => r.loop.setSubscriptions(['a,b'])).to.throw(PubnubValidationError);
    expect(r.link.sent).to.deep.equal([]);
    expect(r.loop.stateKind).to.equal('idle');
  });

  it('stop() from onMessage ends the batch there: no later message of it, no next poll', async () => {
    const r = rig();
    const got: string[] = [];
    const loop: SubscribeLoop = new SubscribeLoop({
      transport: r.link,
      scheduler: r.scheduler,
      env: r.env,
      context: () => ctx,
      listener: {
        onMessage(m) {
          got.push(m.channel);
          loop.stop();
        },
      },
    });
    loop.setSubscriptions(['ch1']);
    r.link.last.respond(HANDSHAKE);
    await flush();
    r.link.last.respond(TWO);
    await flush();
    expect(got).to.deep.equal(['subscribe-unsubscribe-channel']);
    expect(r.link.sent).to.have.length(2);
  });

  it('a listener that throws or resubscribes from onMessage does not break the chain; no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const r = rig();
      let calls = 0;
      const loop: SubscribeLoop = new SubscribeLoop({
        transport: r.link,
        scheduler: r.scheduler,
        env: r.env,
        context: () => ctx,
        listener: {
          onMessage() {
            calls += 1;
            if (calls === 1) loop.setSubscriptions(['ch1', 'ch2']);
            throw new Error('listener bug');
          },
        },
      });
      loop.setSubscriptions(['ch1']);
      r.link.last.respond(HANDSHAKE);
      await flush();
      r.link.last.respond(TWO);
      await flush();
      expect(calls).to.equal(2);
      // The poll issued after the batch was aborted by the queued change, then the handshake for ch1,ch2 went out.
      expect(r.link.sent.map((s) => [s.aborted, s.request.query.tt ?? '-'])).to.deep.equal([
        [false, '-'],
        [false, HANDSHAKE_TT],
        [true, MESSAGE_TT],
        [false, '-'],
      ]);
      r.link.last.respond('<html>captive portal</html>');
      await flush();
      expect(loop.stateKind).to.equal('waiting');
      loop.stop();
      await flush();
      expect(rejections).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
