/**
 * HeartbeatLoop over a fake link and a manual scheduler, with the real `buildHeartbeat`/`parseHeartbeat` and
 * recorded bodies (docs/protocol.md §2.9, §5).
 */
import {
  HeartbeatLoop,
  type HeartbeatLoopOptions,
  type HeartbeatStatus,
  PubnubAccessDeniedError,
  PubnubNetworkError,
  PubnubStateError,
  PubnubValidationError,
} from '@pubkit/core';
import { expect } from 'chai';
import { ctx } from '../operations/helpers.js';
import { fixedEnv } from '../support/fixed-env.js';
import { FakeLink, flush } from './support/fake-link.js';
import { ManualScheduler } from './support/manual-scheduler.js';

const OK = '{"status": 200, "message": "OK", "service": "Presence"}';
const FORBIDDEN =
  '{"message":"Forbidden","payload":{"channels":["ch"]},"error":true,"service":"Access Manager","status":403}';

function rig(options: Partial<HeartbeatLoopOptions> = {}) {
  const env = fixedEnv();
  const link = new FakeLink();
  const scheduler = new ManualScheduler(env.clock);
  const statuses: HeartbeatStatus[] = [];
  const loop = new HeartbeatLoop({
    transport: link,
    scheduler,
    env,
    context: () => ctx,
    heartbeat: 300,
    onStatus: (s) => statuses.push(s),
    ...options,
  });
  return { link, scheduler, loop, statuses };
}

describe('core/subscribe: HeartbeatLoop over a fake link', () => {
  it('beats at once, then every (timeout/2 − 1) s (docs/protocol.md §8.4), without -pnpres names', async () => {
    const r = rig();
    expect(r.loop.intervalMs).to.equal(149_000);
    r.loop.setSubscriptions(['ch1', 'ch1-pnpres', 'ch2'], ['cg1']);
    expect(r.link.sent).to.have.length(1);
    expect(r.link.last.request.path).to.equal('/v2/presence/sub-key/sub/channel/ch1,ch2/heartbeat');
    expect(r.link.last.request.query).to.include({ heartbeat: '300', 'channel-group': 'cg1' });
    r.link.last.respond(OK);
    await flush();
    expect(r.scheduler.delays).to.deep.equal([149_000]);
    r.scheduler.advance(148_999);
    expect(r.link.sent).to.have.length(1);
    r.scheduler.advance(1);
    expect(r.link.sent).to.have.length(2);
    r.loop.stop();
  });

  it('a failure (403, network) is reported and retried at the next tick, not sooner', async () => {
    const r = rig({ intervalMs: 10_000 });
    r.loop.setSubscriptions(['ch1']);
    r.link.last.respond(FORBIDDEN, 403);
    await flush();
    expect(r.statuses.map((s) => s.error)).to.have.length(1);
    expect(r.statuses[0]?.error).to.be.instanceOf(PubnubAccessDeniedError);
    r.scheduler.advance(10_000);
    expect(r.link.sent).to.have.length(2);
    r.link.last.fail(new PubnubNetworkError('ECONNRESET'));
    await flush();
    expect(r.statuses).to.have.length(2);
    expect(r.scheduler.pending).to.equal(1);
    r.loop.stop();
  });

  it('a channel change sends one at once; the same set sends nothing; an empty set stops', async () => {
    const r = rig({ intervalMs: 10_000 });
    r.loop.setSubscriptions(['ch1']);
    r.link.last.respond(OK);
    await flush();
    r.loop.setSubscriptions(['ch1']);
    expect(r.link.sent).to.have.length(1);
    r.loop.setSubscriptions(['ch1', 'ch2']);
    expect(r.link.sent).to.have.length(2);
    expect(r.scheduler.pending).to.equal(0);
    r.loop.setSubscriptions([]);
    expect(r.link.last.aborted).to.equal(true);
    expect(r.link.open).to.deep.equal([]);
    expect(r.scheduler.pending).to.equal(0);
  });

  it('heartbeat 0 disables it; a bad heartbeat or name is refused synchronously', () => {
    const off = rig({ heartbeat: 0 });
    off.loop.setSubscriptions(['ch1']);
    expect(off.link.sent).to.deep.equal([]);
    expect(() => rig({ heartbeat: 400 })).to.throw(PubnubValidationError);
    const r = rig();
    expect(() => r.loop.setSubscriptions(['a/b'])).to.throw(PubnubValidationError);
    expect(r.link.sent).to.deep.equal([]);
  });

  it('stop() aborts the heartbeat in flight and cancels the tick; later calls throw', async () => {
    const r = rig();
    r.loop.setSubscriptions(['ch1']);
    r.loop.stop();
    expect(r.link.open).to.deep.equal([]);
    const t = rig();
    t.loop.setSubscriptions(['ch1']);
    t.link.last.respond(OK);
    await flush();
    expect(t.scheduler.pending).to.equal(1);
    t.loop.stop();
    expect(t.scheduler.pending).to.equal(0);
    expect(() => t.loop.setSubscriptions(['ch1'])).to.throw(PubnubStateError);
  });
});
