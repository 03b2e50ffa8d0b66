/**
 * Issue 9 item 7: one socket flooding a channel must not make other users' publishes there fail. On the real
 * stack (the client's per-channel publish lane is bounded by `maxPublishQueue`, here 50 so the flood is short):
 * the flooding socket is refused with `RATE_LIMITED` past its share, nothing reaches the lane's bound, and a
 * quiet socket's publishes all succeed and are stored in the order it sent them.
 */
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { type Harness, type Reply, startSocketIo, startWs } from './harness.js';
import { policy } from './relay-suite.js';

const FLOOD = 300;

for (const [name, start] of [
  ['socket.io', startSocketIo],
  ['ws', startWs],
] as const) {
  describe(`@pubkit/socketio over ${name}: publish limits and fairness (real server and client)`, () => {
    let server: RunningServer;
    let client: Pubnub;
    let harness: Harness;

    beforeEach(async () => {
      server = await startServer({ port: 0, host: '127.0.0.1' });
      client = new Pubnub({
        publishKey: 'demo',
        subscribeKey: 'demo',
        origin: server.url,
        uuid: 'bridge',
        maxPublishQueue: 50,
      });
      harness = await start(client, { authorize: policy, publish: { maxPendingPerSocket: 16 } });
    });
    afterEach(async () => {
      await harness.close();
      await client.close();
      await server.close();
    });

    it('refuses a flooding socket past its share and publishes every message of a quiet one', async () => {
      const [flooder, quiet] = [await harness.connect('flooder'), await harness.connect('quiet')];
      const flood: Array<Promise<Reply>> = [];
      for (let n = 0; n < FLOOD; n++) flood.push(flooder.request('publish', { channel: 'room', message: { f: n } }));
      const mine: Array<Promise<Reply>> = [];
      for (let n = 0; n < 5; n++) mine.push(quiet.request('publish', { channel: 'room', message: { q: n } }));
      const [floodReplies, quietReplies] = [await Promise.all(flood), await Promise.all(mine)];

      expect(quietReplies.map((r) => r.error ?? null)).to.deep.equal([null, null, null, null, null]);
      const codes = new Set(floodReplies.map((r) => r.error?.code ?? 'ok'));
      expect([...codes].sort()).to.deep.equal(['RATE_LIMITED', 'ok']);
      expect(floodReplies.filter((r) => r.error?.code === 'UPSTREAM')).to.deep.equal([]);
      const stats = harness.bridge.stats();
      expect(stats.rateLimited).to.be.greaterThan(0);
      expect(stats.publishPending).to.equal(0);

      // The quiet socket's messages are stored, in the order it sent them.
      const [page] = await client.history('room', { count: 100 });
      const stored = (page as Array<{ q?: number }>).filter((m) => m.q !== undefined).map((m) => m.q);
      expect(stored).to.deep.equal([0, 1, 2, 3, 4]);
    });
  });
}
