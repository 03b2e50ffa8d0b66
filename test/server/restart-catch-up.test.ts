/**
 * A restart keeps the catch-up window (docs/decisions.md "A restart keeps the catch-up window"; found by the chaos
 * suite): a subscriber resuming from a cursor taken before the restart gets every stored message published after
 * it, from a new process on the same data directory and after an in-process `restart` fault alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@pubkit/server';
import { expect } from 'chai';
import { enc, send } from './helpers.js';

interface V2 {
  t: { t: string };
  m: { d: unknown; c: string }[];
}

describe('server: a restart keeps the catch-up window', () => {
  it('a new server on the same dataDir answers an old cursor with what was committed after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubkit-restart-'));
    try {
      const a = await startServer({ port: 0, dataDir: dir, pollTimeoutMs: 300 });
      let cursor: string;
      try {
        cursor = ((await send(a.url, '/v2/subscribe/sub/room/0')).json as V2).t.t;
        for (const n of [1, 2, 3])
          expect((await send(a.url, `/publish/pub/sub/0/room/0/${enc(n)}`)).status).to.equal(200);
        expect((await send(a.url, `/publish/pub/sub/0/room/0/${enc('gone')}?store=0`)).status).to.equal(200);
      } finally {
        await a.close();
      }
      const b = await startServer({ port: 0, dataDir: dir, pollTimeoutMs: 300 });
      try {
        const resumed = (await send(b.url, `/v2/subscribe/sub/room/0?tt=${cursor}`)).json as V2;
        // Stored messages come back; one published with store=0 was never durable.
        expect(resumed.m.map((m) => m.d)).to.deep.equal([1, 2, 3]);
        const after = (await send(b.url, `/v2/subscribe/sub/room/0?tt=${resumed.t.t}`)).json as V2;
        expect(after.m).to.deep.equal([]);
      } finally {
        await b.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the restart fault rebuilds the catch-up queues from the store', async () => {
    const server = await startServer({ port: 0, pollTimeoutMs: 300 });
    try {
      const cursor = ((await send(server.url, '/v2/subscribe/sub/room/0')).json as V2).t.t;
      await send(server.url, `/publish/pub/sub/0/room/0/${enc('kept')}`);
      server.faults.restart(0);
      const resumed = (await send(server.url, `/v2/subscribe/sub/room/0?tt=${cursor}`)).json as V2;
      expect(resumed.m.map((m) => m.d)).to.deep.equal(['kept']);
    } finally {
      await server.close();
    }
  });
});
