import { expect } from 'chai';
import { enc, fakeClock, type Harness, harness, sleep } from './helpers.js';

interface V2 {
  t: { t: string; r: number };
  m: { c: string; b?: string; d: unknown; p: { t: string } }[];
}

describe('server: subscribe', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('v2 handshake without tt answers at once with a fresh cursor and region >= 1 (quirks 1, 2)', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    for (const q of ['', '?tt=0', '?tt=0&ee=&on-demand=1']) {
      const r = await h.get(`/v2/subscribe/sub/ch1/0${q}`);
      const body = r.json as V2;
      expect(body.t.t).to.match(/^\d{17}$/);
      expect(body.t.r).to.be.at.least(1);
      expect(body.m).to.deep.equal([]);
    }
  });

  it('v2 long-poll is answered by a publish, with b/c as the clients filter on', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    const { t } = (await h.get('/v2/subscribe/sub/ch1,ch2/0')).json as V2;
    const poll = h.get(`/v2/subscribe/sub/ch1,ch2/0?tt=${t.t}&tr=${t.r}`);
    await sleep(30);
    await h.get(`/publish/pub/sub/0/ch2/0/${enc('hi')}`);
    const body = (await poll).json as V2;
    expect(body.m).to.have.length(1);
    expect(body.m[0]).to.include({ c: 'ch2', b: 'ch2', d: 'hi' });
    expect(body.t.t).to.equal(body.m[0]!.p.t);
  });

  it('commas raw or %2C mean the same list (quirk 4)', async () => {
    h = await harness();
    const { t } = (await h.get('/v2/subscribe/sub/ch1%2Cch2/0')).json as V2;
    await h.get(`/publish/pub/sub/0/ch2/0/${enc(1)}`);
    await h.get(`/publish/pub/sub/0/ch1/0/${enc(2)}`);
    const a = (await h.get(`/v2/subscribe/sub/ch1%2Cch2/0?tt=${t.t}`)).json as V2;
    const b = (await h.get(`/v2/subscribe/sub/ch1,ch2/0?tt=${t.t}`)).json as V2;
    expect(a.m.map((m) => m.d)).to.deep.equal([1, 2]);
    expect(b).to.deep.equal(a);
  });

  it('an unanswered poll times out with an empty batch and a cursor no older than the request', async () => {
    h = await harness({ pollTimeoutMs: 100 });
    const started = Date.now();
    const r = await h.get('/v2/subscribe/sub/quiet/0?tt=17000000000000000');
    expect(Date.now() - started).to.be.at.least(90);
    const body = r.json as V2;
    expect(body.m).to.deep.equal([]);
    expect(BigInt(body.t.t) >= 17000000000000000n).to.equal(true);
  });

  it('catches up from an older cursor in order, at most 100 per response (quirk 18)', async () => {
    h = await harness();
    const { t } = (await h.get('/v2/subscribe/sub/a,b/0')).json as V2;
    for (let i = 0; i < 150; i++) await h.get(`/publish/pub/sub/0/${i % 2 ? 'a' : 'b'}/0/${i}`);
    const first = (await h.get(`/v2/subscribe/sub/a,b/0?tt=${t.t}`)).json as V2;
    expect(first.m.map((m) => m.d)).to.deep.equal([...Array(100).keys()]);
    const second = (await h.get(`/v2/subscribe/sub/a,b/0?tt=${first.t.t}`)).json as V2;
    expect(second.m.map((m) => m.d)).to.deep.equal([...Array(50).keys()].map((i) => i + 100));
  });

  it('re-handshake with tt=0, then resume from the previous cursor loses nothing (docs/protocol.md §8.2)', async () => {
    h = await harness();
    const { t } = (await h.get('/v2/subscribe/sub/ch1/0')).json as V2;
    await h.get(`/publish/pub/sub/0/ch1/0/${enc('before')}`);
    await h.get('/v2/subscribe/sub/ch1,ch2/0');
    const r = (await h.get(`/v2/subscribe/sub/ch1,ch2/0?tt=${t.t}`)).json as V2;
    expect(r.m.map((m) => m.d)).to.deep.equal(['before']);
  });

  it('drops catch-up messages older than queueTtlMs and beyond queueSize', async () => {
    const clock = fakeClock(1_700_000_000_000);
    h = await harness({ clock, queueSize: 3, queueTtlMs: 1_000 });
    const { t } = (await h.get('/v2/subscribe/sub/ch/0')).json as V2;
    for (let i = 0; i < 5; i++) await h.get(`/publish/pub/sub/0/ch/0/${i}`);
    expect(((await h.get(`/v2/subscribe/sub/ch/0?tt=${t.t}`)).json as V2).m.map((m) => m.d)).to.deep.equal([2, 3, 4]);
    clock.ms += 2_000;
    await h.get(`/publish/pub/sub/0/ch/0/${enc('new')}`);
    expect(((await h.get(`/v2/subscribe/sub/ch/0?tt=${t.t}`)).json as V2).m.map((m) => m.d)).to.deep.equal(['new']);
  });

  it('v1: tt=0 answers [[],"tt"]; messages come as 3 elements, 4 when a channel group was asked (quirk 21)', async () => {
    h = await harness();
    const hs = await h.get('/subscribe/sub/ch1%2Cch2/0/0?uuid=u1');
    expect(hs.text).to.match(/^\[\[\],"\d{17}"\]$/);
    const tt = (hs.json as string[])[1];
    await h.get(`/publish/pub/sub/0/ch2/0/${enc({ text: 'hey' })}`);
    await h.get(`/publish/pub/sub/0/ch1/0/${enc('x')}`);
    const three = await h.get(`/subscribe/sub/ch1%2Cch2/0/${tt}?uuid=u1`);
    expect(three.json).to.deep.equal([[{ text: 'hey' }, 'x'], (three.json as string[])[1], 'ch2,ch1']);
    const four = await h.get(`/subscribe/sub/ch1%2Cch2/0/${tt}?uuid=u1&channel-group=cg1`);
    expect((four.json as unknown[]).slice(2)).to.deep.equal(['ch2,ch1', 'ch2,ch1']);
  });

  it('delivers presence events on {ch}-pnpres with c = b = {ch}-pnpres (quirk 3)', async () => {
    h = await harness({ clock: fakeClock(1_700_000_000_000) });
    const { t } = (await h.get('/v2/subscribe/sub/ch1-pnpres/0?uuid=watcher')).json as V2;
    await h.get('/v2/subscribe/sub/ch1/0?uuid=alice');
    const r = (await h.get(`/v2/subscribe/sub/ch1-pnpres/0?tt=${t.t}&uuid=watcher`)).json as V2;
    expect(r.m).to.have.length(1);
    expect(r.m[0]).to.deep.include({
      c: 'ch1-pnpres',
      b: 'ch1-pnpres',
      d: { action: 'join', timestamp: 1_700_000_000, uuid: 'alice', occupancy: 1 },
    });
  });

  it('forgets a parked client that disconnects, and close() answers the ones still parked', async () => {
    h = await harness({ pollTimeoutMs: 60_000 });
    const { t } = (await h.get('/v2/subscribe/sub/ch1/0')).json as V2;
    const abort = new AbortController();
    const gone = h.get(`/v2/subscribe/sub/ch1/0?tt=${t.t}&uuid=gone`, { signal: abort.signal }).catch(() => 'aborted');
    const stays = h.get(`/v2/subscribe/sub/ch1/0?tt=${t.t}`);
    await sleep(50);
    expect(h.server.stats().parked).to.equal(2);
    abort.abort();
    expect(await gone).to.equal('aborted');
    await sleep(50);
    expect(h.server.stats().parked).to.equal(1);
    await h.close();
    const r = await stays;
    expect(r.status).to.equal(200);
    expect((r.json as V2).m).to.deep.equal([]);
  });
});
