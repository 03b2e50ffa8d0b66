/**
 * The chaos suite for the Socket.IO bridge (issue 17; docs/testing.md §1): 200 sockets over 10 channels behind one
 * bridge whose upstream client talks to a `pubkit-server` child that fires the chaos faults and is killed with
 * SIGKILL and restarted on its data directory. Every socket must receive every acknowledged message of its channel
 * exactly once and in order (a `gap` status is counted and printed: after one, the bridge's backfill must still
 * have brought every message, so the assertion is the same).
 */
import { Pubnub } from '@pubkit/node';
import { expect } from 'chai';
import { type Harness, startSocketIo, type TestPeer } from '../adapters/socketio/harness.js';
import { chaosFaults } from './faults.js';
import { type ChaosServer, type ServerProcess, startChaosServer } from './server-process.js';

const SOCKETS = 200;
const CHANNELS = 10;
const MESSAGES = 2_000;
const IN_FLIGHT = 16;

describe('chaos: the Socket.IO bridge across faults and a SIGKILL restart', function () {
  this.timeout(180_000);
  let chaos: ChaosServer;
  let server: ServerProcess;

  beforeEach(async () => {
    chaos = await startChaosServer(23, chaosFaults(23));
    server = chaos.server;
  });

  afterEach(() => chaos.dispose());

  it('200 sockets receive every acknowledged message once and in order', async () => {
    const common = {
      publishKey: 'pub',
      subscribeKey: 'sub',
      origin: server.url,
      requestTimeoutMs: 5_000,
      subscribeTimeoutMs: 15_000,
      retry: { baseDelayMs: 50, maxDelayMs: 400, jitterMs: 20 },
    } as const;
    const upstream = new Pubnub({ ...common, uuid: 'bridge' });
    const publisher = new Pubnub({ ...common, uuid: 'chaos-publisher' });
    const names = Array.from({ length: CHANNELS }, (_, i) => `room-${i}`);
    let harness: Harness | undefined;
    const peers: TestPeer[] = [];
    const acked = new Set<string>();
    let attempted = 0;
    let failed = 0;
    try {
      harness = await startSocketIo(upstream, { authorize: () => true });
      for (let i = 0; i < SOCKETS; i += 20) {
        const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => harness!.connect(`u${i + j}`)));
        peers.push(...batch);
      }
      const subscribed = await Promise.all(
        peers.map((peer, i) => peer.request('subscribe', { channels: [names[i % CHANNELS]] })),
      );
      expect(subscribed.filter((r) => r.error)).to.deep.equal([]);

      const seqs = new Array<number>(CHANNELS).fill(0);
      let restarting: Promise<void> | undefined;
      const worker = async () => {
        while (attempted < MESSAGES) {
          const c = attempted % CHANNELS;
          const s = seqs[c]!++;
          attempted++;
          if (attempted === MESSAGES / 2) {
            restarting = (async () => {
              await server.kill();
              await server.start();
            })();
          }
          try {
            await publisher.publish(names[c]!, { c, s });
            acked.add(`${c}:${s}`);
          } catch (err) {
            failed++;
            const down = !(err as { maybeDelivered?: boolean }).maybeDelivered;
            await new Promise((r) => setTimeout(r, down ? 400 : 100));
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      await restarting;

      const missing = (peer: TestPeer, i: number) => {
        const c = i % CHANNELS;
        const got = new Set(
          peer.log.messages(names[c]).map((m) => `${(m as { c: number }).c}:${(m as { s: number }).s}`),
        );
        return [...acked].filter((id) => id.startsWith(`${c}:`) && !got.has(id)).length;
      };
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && peers.some((p, i) => missing(p, i) > 0)) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));

      let lost = 0;
      let duplicated = 0;
      let outOfOrder = 0;
      let delivered = 0;
      let gaps = 0;
      peers.forEach((peer, i) => {
        lost += missing(peer, i);
        const seqsSeen = peer.log.messages(names[i % CHANNELS]).map((m) => (m as { s: number }).s);
        delivered += seqsSeen.length;
        duplicated += seqsSeen.length - new Set(seqsSeen).size;
        for (let k = 1; k < seqsSeen.length; k++) if (seqsSeen[k]! <= seqsSeen[k - 1]!) outOfOrder++;
        gaps += peer.log.of('status').filter((st) => st.category === 'gap').length;
      });
      const counts = {
        sockets: peers.length,
        attempted,
        acknowledged: acked.size,
        failed,
        delivered,
        lost,
        duplicated,
        outOfOrder,
        gaps,
        restarts: server.starts - 1,
      };
      console.log(`      bridge chaos counts: ${JSON.stringify(counts)}`);
      expect(acked.size).to.be.greaterThan(MESSAGES * 0.4);
      expect(lost, 'acknowledged messages a socket never got').to.equal(0);
      expect(duplicated, 'messages a socket got twice').to.equal(0);
      expect(outOfOrder, 'messages out of order on a socket').to.equal(0);
    } finally {
      for (const peer of peers) await peer.close();
      await harness?.close();
      await Promise.all([upstream.close(), publisher.close()]);
    }
  });
});
