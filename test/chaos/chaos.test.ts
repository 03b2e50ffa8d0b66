/**
 * The chaos suite (issue 17; docs/testing.md §1): 10,000 messages over 20 channels, with presence and a cipher
 * key, 64 publishes in flight, while the server fires faults at random and is killed with SIGKILL twice and
 * restarted on its data directory. No acknowledged message may be lost, none duplicated, each channel in order,
 * and memory must stay flat. The counts are printed.
 */
import { expect } from 'chai';
import { chaosFaults } from './faults.js';
import { runNodeChaos } from './node-chaos.js';
import { type ChaosServer, type ServerProcess, startChaosServer } from './server-process.js';

const MESSAGES = 10_000;

describe('chaos: faults and SIGKILL restarts lose no acknowledged message', function () {
  this.timeout(180_000);
  let chaos: ChaosServer;
  let server: ServerProcess;

  beforeEach(async () => {
    chaos = await startChaosServer(17, chaosFaults(17));
    server = chaos.server;
  });

  afterEach(() => chaos.dispose());

  it('node client: 10,000 messages, 20 channels, presence, cipher, 64 in flight, 2 SIGKILLs', async () => {
    const report = await runNodeChaos({
      server,
      channels: 20,
      inFlight: 64,
      messages: MESSAGES,
      durationMs: 120_000,
      killAt: (n) => n === 3_000 || n === 6_500,
      settleMs: 30_000,
      tickMs: 2_500,
    });
    const { heapMb, serverRssMb, ...counts } = report;
    console.log(`      chaos counts: ${JSON.stringify(counts)}`);
    console.log(`      heap MB: ${heapMb.join(' ')}; server RSS MB: ${serverRssMb.join(' ')}`);
    expect(report.attempted).to.equal(MESSAGES);
    expect(report.restarts).to.equal(2);
    expect(report.acknowledged).to.be.greaterThan(MESSAGES * 0.4);
    expect(report.lost, 'acknowledged messages lost').to.equal(0);
    expect(report.duplicated, 'messages received twice').to.equal(0);
    expect(report.outOfOrder, 'messages out of order within a channel').to.equal(0);
    expect(report.presenceEvents).to.be.greaterThan(0);
    // Memory flat: the heap's floor (its low points, after collections) in the second half of the run within 64 MB
    // of the first half's. Floors, not peaks: a sample may land before a collection, and the first one carries the
    // garbage of the tests that ran before this one. 10,000 small records are a few MB.
    const half = Math.ceil(heapMb.length / 2);
    const growth = Math.min(...heapMb.slice(half - 1)) - Math.min(...heapMb.slice(0, half));
    console.log(`      heap floor growth: ${growth} MB`);
    expect(heapMb.length).to.be.at.least(4);
    expect(growth).to.be.lessThan(64);
  });
});
