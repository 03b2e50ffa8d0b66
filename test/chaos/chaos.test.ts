/**
 * The chaos suite (issue 17; docs/testing.md §1): 10,000 messages over 20 channels, with presence and a cipher
 * key, 64 publishes in flight, while the server fires faults at random and is killed with SIGKILL twice and
 * restarted on its data directory. No acknowledged message may be lost, none duplicated, each channel in order,
 * and memory must stay flat. The counts are printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { chaosFaults } from './faults.js';
import { runNodeChaos } from './node-chaos.js';
import { freePort, ServerProcess } from './server-process.js';

const MESSAGES = 10_000;

describe('chaos: faults and SIGKILL restarts lose no acknowledged message', function () {
  this.timeout(180_000);
  let dir: string;
  let server: ServerProcess;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pubkit-chaos-'));
    const file = join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify(chaosFaults(17)));
    server = new ServerProcess(await freePort(), join(dir, 'data'), file);
    await server.start();
  });

  afterEach(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('node client: 10,000 messages, 20 channels, presence, cipher, 64 in flight, 2 SIGKILLs', async () => {
    const report = await runNodeChaos({
      server,
      channels: 20,
      inFlight: 64,
      messages: MESSAGES,
      durationMs: 120_000,
      killAt: (n) => n === 3_000 || n === 6_500,
      settleMs: 30_000,
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
    // Memory flat: the last heap sample within 64 MB of the smallest (10,000 small records are a few MB).
    expect(Math.max(...heapMb) - Math.min(...heapMb)).to.be.lessThan(64);
  });
});
