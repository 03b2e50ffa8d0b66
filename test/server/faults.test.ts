/**
 * Fault injection (server/README.md "Faults", docs/testing.md §1): each fault kind over real HTTP, the seeded
 * probability, `count` and `after`, the runtime API, the admin route (only with the option), and cleanup on close.
 */
import { request } from 'node:http';
import { type FaultRule, FaultRuleError, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { enc, harness, send } from './helpers.js';

/** What a raw request got: status, the bytes that arrived, the time, and how it ended. */
interface Raw {
  status: number | undefined;
  text: string;
  chunks: number;
  ms: number;
  ended: 'complete' | 'cut' | 'error';
  contentLength: number | undefined;
}

/** One request on a fresh connection that resolves however it ends (a fault may cut it anywhere). */
function raw(base: string, path: string, method = 'GET', body?: string): Promise<Raw> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    const out: Raw = { status: undefined, text: '', chunks: 0, ms: 0, ended: 'error', contentLength: undefined };
    const done = (ended: Raw['ended']) => {
      out.ms = performance.now() - started;
      out.ended = ended;
      resolve(out);
    };
    const req = request(
      { host: url.hostname, port: url.port, path, method, agent: false, headers: { connection: 'close' } },
      (res) => {
        out.status = res.statusCode;
        out.contentLength = Number(res.headers['content-length']);
        res.on('data', (c: Buffer) => {
          out.text += c.toString();
          out.chunks++;
        });
        res.on('end', () => done(res.complete ? 'complete' : 'cut'));
        res.on('error', () => done('cut'));
      },
    );
    req.on('error', () => done('error'));
    req.end(body);
  });
}

const PUBLISH = `/publish/pub/sub/0/ch/0/${enc('hello')}`;

describe('server: faults', function () {
  this.timeout(20_000);

  it('drop: the connection closes without an answer, count retires the rule', async () => {
    const h = await harness({ faults: [{ route: 'publish', fault: 'drop', count: 1 }] });
    try {
      expect((await raw(h.server.url, PUBLISH)).ended).to.equal('error');
      expect((await raw(h.server.url, PUBLISH)).status).to.equal(200);
      expect(h.server.faults.list()).to.deep.equal([]);
      expect(h.server.faults.counts().drop).to.equal(1);
    } finally {
      await h.close();
    }
  });

  it('delay: the request is served after the delay; other routes are not delayed', async () => {
    const h = await harness({ faults: [{ route: 'time', fault: 'delay', ms: 400 }] });
    try {
      const slow = await raw(h.server.url, '/time/0');
      expect(slow.status).to.equal(200);
      expect(slow.ms).to.be.at.least(380);
      const other = await raw(h.server.url, PUBLISH);
      expect(other.status).to.equal(200);
    } finally {
      await h.close();
    }
  });

  it('status: 429 with Retry-After, 403 in the Access Manager shape, 503 in the presence shape', async () => {
    const h = await harness({
      faults: [
        { route: 'publish', fault: 'status', status: 429, retryAfterSec: 2, count: 1 },
        { route: 'publish', fault: 'status', status: 403, count: 1 },
        { route: 'presence', fault: 'status', status: 503 },
        { route: 'history', fault: 'status', status: 500 },
      ],
    });
    try {
      const limited = await send(h.server.url, PUBLISH);
      expect(limited.status).to.equal(429);
      expect(limited.headers['retry-after']).to.equal('2');
      expect(limited.json).to.deep.include({ status: 429, error: true, service: 'Balancer' });
      const forbidden = await send(h.server.url, PUBLISH);
      expect(forbidden.status).to.equal(403);
      expect(forbidden.json).to.deep.include({ status: 403, error: true, service: 'Access Manager' });
      const presence = await send(h.server.url, '/v2/presence/sub-key/sub/channel/ch');
      expect(presence.status).to.equal(503);
      expect(presence.json).to.deep.equal({
        status: 503,
        message: 'Service Unavailable',
        error: 1,
        service: 'Presence',
      });
      expect((await send(h.server.url, '/v2/history/sub-key/sub/channel/ch')).status).to.equal(500);
      expect((await send(h.server.url, PUBLISH)).status).to.equal(200);
    } finally {
      await h.close();
    }
  });

  it('truncate: part of the body arrives, then the connection closes', async () => {
    const h = await harness({ faults: [{ route: 'time', fault: 'truncate', bytes: 5 }] });
    try {
      const cut = await raw(h.server.url, '/time/0');
      expect(cut.status).to.equal(200);
      expect(cut.ended).to.equal('cut');
      expect(cut.text).to.have.length(5);
      expect(cut.contentLength).to.equal(19);
    } finally {
      await h.close();
    }
  });

  it('drip: the whole body arrives, a few bytes at a time', async () => {
    const h = await harness({ faults: [{ route: 'time', fault: 'drip', chunkBytes: 4, intervalMs: 40 }] });
    try {
      const slow = await raw(h.server.url, '/time/0');
      expect(slow.ended).to.equal('complete');
      expect(slow.text).to.match(/^\[\d{17}\]$/);
      expect(slow.chunks).to.be.at.least(3);
      expect(slow.ms).to.be.at.least(150);
    } finally {
      await h.close();
    }
  });

  it('stall: a long-poll gets no answer, then its connection is closed', async () => {
    const h = await harness({ pollTimeoutMs: 10_000, faults: [{ route: 'subscribe', fault: 'stall', ms: 400 }] });
    try {
      const stalled = await raw(h.server.url, '/v2/subscribe/sub/ch/0?tt=0');
      expect(stalled.ended).to.equal('error');
      expect(stalled.status).to.equal(undefined);
      expect(stalled.ms).to.be.at.least(380);
    } finally {
      await h.close();
    }
  });

  it('restart: parked long-polls are dropped, connections refused while down, history kept', async () => {
    const h = await harness({ pollTimeoutMs: 10_000, faults: [] });
    try {
      expect((await send(h.server.url, PUBLISH)).status).to.equal(200);
      const hs = (await send(h.server.url, '/v2/subscribe/sub/ch2/0?tt=0')).json as { t: { t: string } };
      const parked = raw(h.server.url, `/v2/subscribe/sub/ch2/0?tt=${hs.t.t}`);
      await new Promise((r) => setTimeout(r, 100));
      h.server.faults.restart(600);
      expect((await parked).ended).to.equal('error');
      expect((await raw(h.server.url, '/time/0')).ended).to.equal('error');
      await new Promise((r) => setTimeout(r, 700));
      const history = await send(h.server.url, '/v2/history/sub-key/sub/channel/ch');
      expect(history.json).to.deep.equal([['hello'], (history.json as unknown[])[1], (history.json as unknown[])[2]]);
      expect(h.server.faults.counts().restart).to.equal(1);
    } finally {
      await h.close();
    }
  });

  it('restart as a rule: the matching request triggers it and is dropped, service resumes after downMs', async () => {
    const h = await harness({ faults: [{ route: 'history', fault: 'restart', downMs: 300, count: 1 }] });
    try {
      expect((await raw(h.server.url, '/v2/history/sub-key/sub/channel/ch')).ended).to.equal('error');
      expect(h.server.faults.counts().restart).to.equal(1);
      await new Promise((r) => setTimeout(r, 400));
      expect((await send(h.server.url, '/v2/history/sub-key/sub/channel/ch')).status).to.equal(200);
    } finally {
      await h.close();
    }
  });

  it('probability is drawn from the seed: the same seed fires on the same requests', async () => {
    const pattern = async (seed: number) => {
      const h = await harness({
        faults: { seed, rules: [{ route: 'time', fault: 'status', status: 500, probability: 0.5 }] },
      });
      try {
        let out = '';
        for (let i = 0; i < 30; i++) out += (await send(h.server.url, '/time/0')).status === 500 ? 'x' : '.';
        return out;
      } finally {
        await h.close();
      }
    };
    const a = await pattern(7);
    expect(await pattern(7)).to.equal(a);
    expect(a).to.match(/x/).and.match(/\./);
    expect(await pattern(8)).not.to.equal(a);
  });

  it('after lets matching requests through first; path and method narrow a rule', async () => {
    const h = await harness({
      faults: [{ path: '^/time/', method: 'GET', fault: 'status', status: 503, after: 2, count: 1 }],
    });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(h.server.url, '/time/0')).status);
      expect(statuses).to.deep.equal([200, 200, 503, 200]);
      expect((await send(h.server.url, '/time/0', { method: 'POST' })).status).to.equal(200);
    } finally {
      await h.close();
    }
  });

  it('the runtime API adds, lists, removes and clears rules; invalid rules are refused whole', async () => {
    const h = await harness();
    try {
      const [id] = h.server.faults.add({ route: 'time', fault: 'status', status: 500 });
      expect((await send(h.server.url, '/time/0')).status).to.equal(500);
      expect(h.server.faults.list()).to.have.length(1);
      expect(h.server.faults.list()[0]).to.deep.include({ id, seen: 1, fired: 1 });
      expect(h.server.faults.remove(id!)).to.equal(true);
      expect(h.server.faults.remove(id!)).to.equal(false);
      expect((await send(h.server.url, '/time/0')).status).to.equal(200);
      const bad = [
        { fault: 'explode' },
        { route: 'nowhere', fault: 'drop' },
        { fault: 'delay' },
        { fault: 'status', status: 200 },
        { fault: 'drop', probability: 2 },
        { fault: 'stall', ms: 10_000_000 },
        { fault: 'drop', path: '(' },
        { fault: 'drop', colour: 'red' },
      ];
      for (const rule of bad) {
        expect(() => h.server.faults.add([{ fault: 'drop' }, rule as unknown as FaultRule])).to.throw(FaultRuleError);
      }
      expect(h.server.faults.list()).to.deep.equal([]);
      h.server.faults.add([{ fault: 'drop' }, { fault: 'drop' }]);
      h.server.faults.clear();
      expect(h.server.faults.list()).to.deep.equal([]);
      // No `faults` option: no admin route.
      expect((await send(h.server.url, '/pubkit/faults')).status).to.equal(404);
    } finally {
      await h.close();
    }
  });

  it('startServer refuses an invalid faults option with a FaultRuleError', async () => {
    let caught: unknown;
    try {
      await startServer({ port: 0, faults: [{ fault: 'status', status: 299 } as unknown as FaultRule] });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(FaultRuleError).and.have.property('message').that.contains('status must be');
  });

  it('the admin route (with the option): add over HTTP, list, delete one, clear, restart', async () => {
    const h = await harness({ faults: { seed: 3, rules: [] } });
    try {
      const added = await send(h.server.url, '/pubkit/faults', {
        method: 'POST',
        body: JSON.stringify([
          { route: 'time', fault: 'status', status: 503 },
          { route: 'publish', fault: 'drop' },
        ]),
      });
      expect(added.status).to.equal(200);
      const { ids } = added.json as { ids: string[] };
      expect(ids).to.have.length(2);
      expect((await send(h.server.url, '/time/0')).status).to.equal(503);
      const listed = (await send(h.server.url, '/pubkit/faults')).json as { seed: number; rules: { id: string }[] };
      expect(listed.seed).to.equal(3);
      expect(listed.rules.map((r) => r.id)).to.deep.equal(ids);
      expect((await send(h.server.url, `/pubkit/faults/${ids[0]}`, { method: 'DELETE' })).status).to.equal(200);
      expect((await send(h.server.url, '/pubkit/faults/nope', { method: 'DELETE' })).status).to.equal(404);
      expect((await send(h.server.url, '/time/0')).status).to.equal(200);
      const invalid = await send(h.server.url, '/pubkit/faults', { method: 'POST', body: '{"fault":"boom"}' });
      expect(invalid.status).to.equal(400);
      expect(invalid.text).to.contain('fault must be one of');
      expect((await send(h.server.url, '/pubkit/faults', { method: 'DELETE' })).json).to.deep.equal({ removed: 1 });
      expect((await raw(h.server.url, '/pubkit/faults/restart?downMs=0', 'POST')).ended).to.equal('error');
      expect(h.server.faults.counts().restart).to.equal(1);
    } finally {
      await h.close();
    }
  });

  it('close() clears held requests and drips (no timer outlives the server)', async () => {
    const server = await startServer({
      port: 0,
      faults: [
        { route: 'time', fault: 'delay', ms: 60_000 },
        { route: 'publish', fault: 'drip', chunkBytes: 1, intervalMs: 60_000 },
        { route: 'subscribe', fault: 'stall', ms: 60_000 },
      ],
    });
    const pending = [
      raw(server.url, '/time/0'),
      raw(server.url, PUBLISH),
      raw(server.url, '/v2/subscribe/sub/ch/0?tt=0'),
    ];
    await new Promise((r) => setTimeout(r, 200));
    await server.close();
    const results = await Promise.all(pending);
    expect(results.map((r) => r.ended)).to.not.include('complete');
  });
});
