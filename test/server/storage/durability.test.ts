/**
 * The durable store's promise, proven on a real process (docs/protocol.md §13.1): a `pubkit-server --data DIR`
 * killed with SIGKILL in the middle of a publish stream loses no acknowledged message, and after a restart on the
 * same directory every new timetoken is above every acknowledged one, even with a clock that went back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@pubkit/server';
import { expect } from 'chai';
import { fakeClock, send } from '../helpers.js';

const CLI = new URL('../../../server/src/cli.ts', import.meta.url).pathname;

interface Child {
  readonly child: ChildProcess;
  readonly url: Promise<string>;
  readonly exited: Promise<void>;
}

function startChild(dataDir: string): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', CLI, '--port', '0', '--data', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`server exited before listening: ${out}`)));
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, url, exited };
}

/** Every stored (payload, timetoken) of a channel, paging history v2 back to the start. */
async function allHistory(url: string, channel: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  let start = '';
  for (;;) {
    const r = await send(
      url,
      `/v2/history/sub-key/sub/channel/${channel}?count=100&include_token=true&stringtoken=true${start}`,
    );
    const [entries, first] = r.json as [{ message: { i: number }; timetoken: string }[], string | number];
    for (const e of entries) found.set(e.message.i, e.timetoken);
    if (entries.length < 100) return found;
    start = `&start=${first}`;
  }
}

describe('storage: durability across SIGKILL', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pubkit-durable-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no acknowledged publish when the server is killed mid-stream, and tokens stay monotonic', async () => {
    const first = startChild(dir);
    const url = await first.url;
    const acked = new Map<number, string>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const i = next++;
        const r = await send(url, `/publish/pub/sub/0/ch/0/${encodeURIComponent(JSON.stringify({ i }))}?uuid=w`).catch(
          () => undefined,
        );
        if (r?.status === 200) acked.set(i, String((r.json as [number, string, string])[2]));
        if (acked.size >= 400 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    await first.exited;
    expect(acked.size).to.be.at.least(400);
    const inFlight = next - acked.size;
    expect(inFlight, 'publishes cut off by the kill').to.be.greaterThan(0);

    const second = startChild(dir);
    try {
      const url2 = await second.url;
      const stored = await allHistory(url2, 'ch');
      const lost = [...acked].filter(([i, tt]) => stored.get(i) !== tt);
      expect(lost, `acknowledged but lost (of ${acked.size}; ${inFlight} unacknowledged)`).to.deep.equal([]);
      const maxAcked = [...acked.values()].reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));
      const after = await send(url2, `/publish/pub/sub/0/ch/0/${encodeURIComponent('"after"')}`);
      expect(BigInt((after.json as [number, string, string])[2]) > BigInt(maxAcked)).to.equal(true);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('issues tokens above the stored ones after a restart with a clock that went back', async () => {
    const clock = fakeClock(1_800_000_000_000);
    const a = await startServer({ port: 0, dataDir: dir, clock });
    const r1 = await send(a.url, `/publish/pub/sub/0/ch/0/${encodeURIComponent('"one"')}`);
    await a.close();
    clock.ms -= 3_600_000;
    const b = await startServer({ port: 0, dataDir: dir, clock });
    try {
      const r2 = await send(b.url, `/publish/pub/sub/0/ch/0/${encodeURIComponent('"two"')}`);
      const [t1, t2] = [r1, r2].map((r) => BigInt((r.json as [number, string, string])[2]));
      expect(t2! > t1!).to.equal(true);
      const history = await send(b.url, '/v2/history/sub-key/sub/channel/ch?stringtoken=true');
      expect(history.json).to.deep.equal([['one', 'two'], String(t1), String(t2)]);
    } finally {
      await b.close();
    }
  });
});
