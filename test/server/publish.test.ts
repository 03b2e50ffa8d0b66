import { deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { enc, fakeClock, type Harness, harness } from './helpers.js';

describe('server: time and publish', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('answers /time/0 with a bare 17-digit number and the common headers', async () => {
    h = await harness();
    const r = await h.get('/time/0');
    expect(r.status).to.equal(200);
    expect(r.text).to.match(/^\[\d{17}\]$/);
    expect(r.headers['content-type']).to.equal('text/javascript; charset="UTF-8"');
    expect(r.headers['access-control-allow-origin']).to.equal('*');
  });

  it('accepts an absolute-form request target (the JS 3.x SDK through its proxy option)', async () => {
    h = await harness();
    const t = await h.get('/time/0?uuid=u1');
    const viaProxy = await h.get('http://pubkit.local/time/0?uuid=u1');
    expect(viaProxy.status).to.equal(200);
    expect(viaProxy.text).to.match(/^\[\d{17}\]$/);
    expect(viaProxy.text > t.text).to.equal(true);
    const published = await h.get(`http://pubkit.local/publish/pub/sub/0/ch1/0/${enc('via proxy')}`);
    expect(published.text).to.match(/^\[1,"Sent","\d{17}"\]$/);
    expect((await h.get('http://pubkit.local')).status).to.equal(404);
  });

  it('issues strictly increasing timetokens from the injected clock, even within one millisecond', async () => {
    const clock = fakeClock(1_700_000_000_000);
    h = await harness({ clock });
    const a = await h.get(`/publish/pub/sub/0/ch1/0/${enc('a')}`);
    const b = await h.get(`/publish/pub/sub/0/ch1/0/${enc('b')}`);
    const t = await h.get('/time/0');
    expect(a.text).to.equal('[1,"Sent","17000000000000000"]');
    expect(b.text).to.equal('[1,"Sent","17000000000000001"]');
    expect(t.text).to.equal('[17000000000000002]');
    clock.ms += 5;
    expect((await h.get('/time/0')).text).to.equal('[17000000000050000]');
  });

  it('publishes by GET with store, norep, meta, seqn, ttl and custom type and shows them in the envelope', async () => {
    h = await harness({ clock: fakeClock(1_700_000_000_000) });
    const hs = await h.get('/v2/subscribe/sub/ch1/0');
    const tt = (hs.json as { t: { t: string } }).t.t;
    const r = await h.get(
      `/publish/pub/sub/0/ch1/0/${enc({ n: 1 })}?store=0&norep=true&meta=${enc({ m: 1 })}&seqn=7&ttl=2&uuid=u1&custom_message_type=note`,
    );
    expect(r.json).to.deep.equal([1, 'Sent', '17000000000000001']);
    const s = await h.get(`/v2/subscribe/sub/ch1/0?tt=${tt}&tr=1`);
    expect(s.text).to.equal(
      '{"t":{"t":"17000000000000001","r":1},"m":[{"a":"1","f":0,"i":"u1","s":7,"p":{"t":"17000000000000001","r":1},"k":"sub","c":"ch1","d":{"n":1},"u":{"m":1},"b":"ch1","cmt":"note"}]}',
    );
    expect((await h.get('/v2/history/sub-key/sub/channel/ch1')).text).to.equal('[[],0,0]');
  });

  it('names the group or pattern in b of the same envelope, meta and custom type around it unchanged', async () => {
    h = await harness({ clock: fakeClock(1_700_000_000_000) });
    await h.get('/v1/channel-registration/sub-key/sub/channel-group/g?add=ch.x');
    const tt = ((await h.get('/v2/subscribe/sub/ch.*/0?channel-group=g')).json as { t: { t: string } }).t.t;
    await h.get(`/publish/pub/sub/0/ch.x/0/${enc({ n: 1 })}?meta=${enc({ m: 1 })}&uuid=u1&custom_message_type=note`);
    const envelope = (b: string) =>
      `{"a":"1","f":0,"i":"u1","p":{"t":"17000000000000001","r":1},"k":"sub","c":"ch.x","d":{"n":1},"u":{"m":1},"b":"${b}","cmt":"note"}`;
    expect((await h.get(`/v2/subscribe/sub/,/0?channel-group=g&tt=${tt}`)).text).to.equal(
      `{"t":{"t":"17000000000000001","r":1},"m":[${envelope('g')}]}`,
    );
    expect((await h.get(`/v2/subscribe/sub/ch.*/0?tt=${tt}`)).text).to.equal(
      `{"t":{"t":"17000000000000001","r":1},"m":[${envelope('ch.*')}]}`,
    );
    expect((await h.get(`/v2/subscribe/sub/ch.x/0?tt=${tt}`)).text).to.equal(
      `{"t":{"t":"17000000000000001","r":1},"m":[${envelope('ch.x')}]}`,
    );
  });

  for (const [name, encode, header] of [
    ['identity without a content type (JS 3.x)', (b: string) => Buffer.from(b), undefined],
    ['zlib deflate (JS current)', (b: string) => deflateSync(b), 'deflate'],
    ['gzip', (b: string) => gzipSync(b), 'gzip'],
  ] as const) {
    it(`publishes by POST with a ${name} body`, async () => {
      h = await harness();
      const headers: Record<string, string> = header ? { 'content-encoding': header } : {};
      const r = await h.get('/publish/pub/sub/0/ch1/0?uuid=u', { method: 'POST', body: encode('{"n":3}'), headers });
      expect(r.status).to.equal(200);
      expect((r.json as unknown[])[1]).to.equal('Sent');
      const hist = await h.get('/v2/history/sub-key/sub/channel/ch1');
      expect((hist.json as unknown[])[0]).to.deep.equal([{ n: 3 }]);
    });
  }

  it('accepts 0, false, "" and null as messages', async () => {
    h = await harness();
    for (const m of [0, false, '', null])
      expect((await h.get(`/publish/pub/sub/0/ch/0/${enc(m)}`)).status).to.equal(200);
    expect(((await h.get('/v2/history/sub-key/sub/channel/ch')).json as unknown[])[0]).to.deep.equal([
      0,
      false,
      '',
      null,
    ]);
  });

  it('sends signals with e:1 and keeps them out of history', async () => {
    h = await harness();
    const hs = await h.get('/v2/subscribe/sub/ch1/0');
    const tt = (hs.json as { t: { t: string } }).t.t;
    const r = await h.get(`/signal/pub/sub/0/ch1/0/${enc('sig')}`);
    expect(r.text).to.match(/^\[1,"Sent","\d{17}"\]$/);
    const s = await h.get(`/v2/subscribe/sub/ch1/0?tt=${tt}`);
    expect(s.text).to.contain('"e":1').and.contain('"d":"sig"');
    expect((await h.get('/v2/history/sub-key/sub/channel/ch1')).text).to.equal('[[],0,0]');
  });

  it('decodes percent-encoded channels and messages (Python 3.9, JS 3.x, JS current spellings)', async () => {
    h = await harness();
    const paths = [
      '/publish/pub/sub/0/ch%C3%A9/0/%7B%22text%22%3A%20%22it%27s%20~*%21%28%29%22%2C%20%22n%22%3A%201%7D',
      "/publish/pub/sub/0/ch%C3%A9/0/%7B%22text%22%3A%22it's%20~*!()%22%2C%22n%22%3A1%7D",
      '/publish/pub/sub/0/ch%C3%A9/0/%7B%22text%22%3A%22it%27s%20%7E%2A%21%28%29%22%2C%22n%22%3A1%7D',
    ];
    for (const p of paths) expect((await h.get(p)).status).to.equal(200);
    const hist = await h.get(`/v2/history/sub-key/sub/channel/${encodeURIComponent('ché')}`);
    expect((hist.json as unknown[][])[0]).to.deep.equal([
      { text: "it's ~*!()", n: 1 },
      { text: "it's ~*!()", n: 1 },
      { text: "it's ~*!()", n: 1 },
    ]);
  });
});
