import { connect } from 'node:net';
import { expect } from 'chai';
import { until } from '../support/until.js';
import { enc, fakeClock, type Harness, harness, NOW_SEC, PAM_KEYS, signed } from './helpers.js';

interface V2 {
  t: { t: string; r: number };
  m: { d: unknown; c: string }[];
}

/** Writes `chunks` on a raw socket (one per `gapMs`) and resolves with everything the server sent until it closed. */
function raw(port: number, chunks: readonly (string | Buffer)[], gapMs = 0): Promise<{ text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let reset = false;
    let i = 0;
    const next = (): void => {
      if (i >= chunks.length || socket.destroyed) return;
      socket.write(chunks[i++]!);
      if (gapMs > 0) setTimeout(next, gapMs).unref();
      else next();
    };
    socket.on('connect', next);
    socket.on('data', (c: Buffer) => got.push(c));
    socket.on('error', () => {
      reset = true;
    });
    socket.on('close', () => resolve({ text: Buffer.concat(got).toString('latin1'), reset }));
  });
}

describe('server: input handling (issue 9 items 10, 13)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('answers a future cursor at once with the current token, and the client resumes from it without loss', async () => {
    h = await harness({ pollTimeoutMs: 30_000 });
    const started = Date.now();
    const r = await h.get('/v2/subscribe/sub/ch/0?tt=99999999999999999999');
    expect(Date.now() - started).to.be.below(2_000);
    expect(r.status).to.equal(200);
    const t = (r.json as V2).t.t;
    expect(r.text).to.match(/^\{"t":\{"t":"\d{17}","r":1\},"m":\[\]\}$/);
    expect(BigInt(t) < 99999999999999999999n).to.equal(true);
    const poll = h.get(`/v2/subscribe/sub/ch/0?tt=${t}`);
    await h.get(`/publish/pub/sub/0/ch/0/${enc('after')}`);
    expect(((await poll).json as V2).m.map((m) => m.d)).to.deep.equal(['after']);
    // v1 the same way.
    const v1 = await h.get('/subscribe/sub/ch/0/99999999999999999999');
    expect(v1.text).to.match(/^\[\[\],"\d{17}"\]$/);
  });

  it('400 for a tt that is not a timetoken (v2 query and v1 path)', async () => {
    h = await harness();
    for (const tt of ['abc', '-1', '1.5', '123456789012345678901', '0x10']) {
      const r = await h.get(`/v2/subscribe/sub/ch/0?tt=${tt}`);
      expect(r.status, tt).to.equal(400);
      expect((r.json as { message: string }).message).to.match(/Invalid timetoken/);
    }
    expect((await h.get('/subscribe/sub/ch/0/nope')).status).to.equal(400);
    expect((await h.get('/v2/subscribe/sub/ch/0?tt=0')).status).to.equal(200);
    expect((await h.get('/v2/subscribe/sub/ch/0?tt=')).status).to.equal(200);
  });

  it('414 with a JSON body and a clean close for a 200 KiB URI', async () => {
    h = await harness();
    const r = await raw(h.server.port, [`GET /time/0?x=${'y'.repeat(200 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`]);
    expect(r.text).to.match(/^HTTP\/1\.1 414 URI Too Long\r\n/);
    expect(r.text).to.contain('"status":414');
    expect(r.text).to.contain('Content-Type: text/javascript; charset="UTF-8"');
    const many = 'X-Header: value\r\n'.repeat(12_000);
    const headers = await raw(h.server.port, [`GET /time/0 HTTP/1.1\r\nHost: x\r\n${many}\r\n`]);
    expect(headers.text).to.match(/^HTTP\/1\.1 431 /);
  });

  it('408 when the headers or the body do not arrive in time', async () => {
    h = await harness({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const started = Date.now();
    const slowHeaders = await raw(h.server.port, ['GET /time/0 HTTP/1.1\r\n', 'Host: x\r\n'], 200);
    expect(slowHeaders.text).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slowHeaders.text).to.contain('"status":408');
    const slowBody = await raw(
      h.server.port,
      ['POST /publish/pub/sub/0/ch/0 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"', 'a', 'b', 'c', 'd', 'e'],
      250,
    );
    expect(slowBody.text).to.match(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).to.be.below(5_000);
    expect((await h.get('/v2/history/sub-key/sub/channel/ch')).text).to.equal('[[],0,0]');
  });

  it('400 for non-UTF-8 bytes in a POST body; nothing is stored', async () => {
    h = await harness();
    const bad = Buffer.from([0x22, 0x61, 0xff, 0xfe, 0x22]);
    const r = await h.get('/publish/pub/sub/0/ch/0', { method: 'POST', body: bad });
    expect(r.status).to.equal(400);
    expect(r.json).to.deep.equal([0, 'Invalid UTF-8 in the request body']);
    expect((await h.get('/v2/history/sub-key/sub/channel/ch')).text).to.equal('[[],0,0]');
    const good = await h.get('/publish/pub/sub/0/ch/0', { method: 'POST', body: Buffer.from('"é"', 'utf8') });
    expect(good.status).to.equal(200);
  });

  it('a long-poll parked before a revoke is refused (403) rather than handed a message published after it', async () => {
    const clock = fakeClock(NOW_SEC * 1000);
    h = await harness({ clock, keysets: [PAM_KEYS], pollTimeoutMs: 30_000 });
    await h.get(signed('/v2/auth/grant/sub-key/sub', { channel: 'room', auth: 'reader', r: '1' }));
    const t = ((await h.get('/v2/subscribe/sub/room/0?auth=reader')).json as V2).t.t;
    const parked = h.get(`/v2/subscribe/sub/room/0?tt=${t}&auth=reader`);
    await until(() => h.server.stats().parked === 1, 'the long-poll to park');
    await h.get(signed('/v2/auth/grant/sub-key/sub', { channel: 'room', auth: 'reader', r: '0', w: '0' }));
    expect((await h.get(signed(`/publish/pub/sub/0/room/0/${enc('secret')}`, { uuid: 'admin' }))).status).to.equal(200);
    const r = await parked;
    expect(r.status).to.equal(403);
    expect(r.text).not.to.contain('secret');
    expect(r.json).to.deep.equal({
      message: 'Forbidden',
      payload: { channels: ['room'] },
      error: true,
      service: 'Access Manager',
      status: 403,
    });
  });
});
