/**
 * Backpressure with a socket that never reads: its TCP socket is paused, so the loopback buffers fill, then the
 * transport's, then the bridge's queue. What the server holds for it must stay within the queue bound however
 * much is published, and the policy must be applied and counted. Run against every transport.
 */
import { expect } from 'chai';
import { until } from './event-log.js';
import type { Harness, TestPeer } from './harness.js';
import { type StartHarness, useFakeBridge } from './relay-suite.js';

const MAX_BYTES = 64 * 1024;
const MAX_MESSAGES = 50;
// socket.io and ws framing around each payload (`42["pubnub:message",…]`, frame header), per queued message.
const FRAMING = 64;
const BODY = 'x'.repeat(8 * 1024);

/** Registers the backpressure suite for one transport. */
export function backpressureSuite(start: StartHarness): void {
  const bridge = useFakeBridge(start);

  /**
   * Publishes 8 KiB messages until `done`, checking the bound after every batch; returns how many went out.
   * With a `reader`, each batch waits until the reader has it: a healthy socket keeps up by construction, so
   * every drop and disconnect is the slow socket's.
   */
  async function flood(h: Harness, done: () => boolean, reader?: TestPeer, limit = 4000): Promise<number> {
    let sent = 0;
    let peak = 0;
    while (!done() && sent < limit) {
      for (let i = 0; i < 4; i++) bridge.fake.inject('room', { n: sent++, body: BODY });
      const last = sent - 1;
      if (reader === undefined) await new Promise((resolve) => setImmediate(resolve));
      else await reader.log.waitFor('message', (p) => (p.message as { n: number }).n === last, 5000);
      const stats = h.bridge.stats();
      // What the server really holds: the bridge's queues plus the transports' buffers, measured independently.
      const held = stats.queuedBytes - stats.transportBytes + h.serverBuffered();
      peak = Math.max(peak, held);
      expect(stats.queued).to.be.at.most(MAX_MESSAGES);
      // stats() reports the transport's part too, not only the queue (issue 9 item 4: it said 0).
      expect(stats.transportBytes, 'stats counts the transport buffers').to.be.at.least(h.serverBuffered() * 0.9);
      expect(stats.queuedBytes).to.be.at.most(MAX_BYTES + MAX_MESSAGES * FRAMING);
    }
    expect(peak, 'bytes held for the slow socket').to.be.at.most(MAX_BYTES + MAX_MESSAGES * FRAMING);
    return sent;
  }

  async function slowAndFast(h: Harness): Promise<[TestPeer, TestPeer]> {
    const [slow, fast] = [await h.connect('slow'), await h.connect('fast')];
    await slow.request('subscribe', { channels: ['room'] });
    await fast.request('subscribe', { channels: ['room'] });
    slow.pause();
    return [slow, fast];
  }

  it('drop-oldest: a socket that never reads cannot grow memory past the bound; drops are counted', async () => {
    const h = await bridge.open({ queue: { maxBytes: MAX_BYTES, maxMessages: MAX_MESSAGES } });
    const [, fast] = await slowAndFast(h);
    const sent = await flood(h, () => h.bridge.stats().dropped > 500, fast);
    expect(h.bridge.stats().dropped).to.be.greaterThan(500);
    // The healthy socket on the same channel got everything, in order.
    await fast.log.waitFor('message', (p) => (p.message as { n: number }).n === sent - 1, 10_000);
    const numbers = fast.log.of('message').map((p) => (p.message as { n: number }).n);
    expect(numbers).to.deep.equal([...Array(sent).keys()]);
  });

  it('drop-oldest: a socket that reads again learns of the gap, then gets the newest messages', async () => {
    const h = await bridge.open({ queue: { maxBytes: MAX_BYTES, maxMessages: MAX_MESSAGES } });
    const slow = await h.connect('slow');
    await slow.request('subscribe', { channels: ['room'] });
    slow.pause();
    const sent = await flood(h, () => h.bridge.stats().dropped > 100);
    slow.resume();
    const gap = await slow.log.waitFor('status', (p) => p.category === 'gap', 10_000);
    expect(gap).to.include({ reason: 'queue-full' });
    await slow.log.waitFor('message', (p) => (p.message as { n: number }).n === sent - 1, 10_000);
  });

  it('disconnect: the socket is closed when its queue is full, and its channel released', async () => {
    const h = await bridge.open({ queue: { maxBytes: MAX_BYTES, maxMessages: MAX_MESSAGES, onFull: 'disconnect' } });
    const [slow, fast] = await slowAndFast(h);
    let closed = false;
    void slow.closedByServer.then(() => {
      closed = true;
    });
    await flood(h, () => h.bridge.stats().disconnected > 0, fast);
    expect(h.bridge.stats()).to.include({ disconnected: 1, dropped: 0, sockets: 1 });
    await fast.close();
    await until(() => bridge.fake.liveChannels().length === 0, 'the upstream unsubscribe');
    slow.resume();
    await until(() => closed, 'the slow socket to see its connection closed', 10_000);
  });
}
