import { expect } from 'chai';
import { enc, type Harness, harness } from './helpers.js';

describe('server: bad input (issue 3)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('400 [0,"Invalid JSON",tt] for a message or meta that is not JSON', async () => {
    h = await harness();
    const r = await h.get('/publish/pub/sub/0/ch/0/%7Bnope');
    expect(r.status).to.equal(400);
    expect(r.text).to.match(/^\[0,"Invalid JSON","\d{17}"\]$/);
    expect((await h.get(`/publish/pub/sub/0/ch/0/1?meta=%7Bx`)).status).to.equal(400);
    expect((await h.get('/publish/pub/sub/0/ch/0', { method: 'POST', body: 'not json' })).status).to.equal(400);
  });

  it('413 for a 33 KiB message; 414 for a URI over 32 KiB', async () => {
    h = await harness();
    const big = JSON.stringify('x'.repeat(33 * 1024));
    const post = await h.get('/publish/pub/sub/0/ch/0', { method: 'POST', body: big });
    expect(post.status).to.equal(413);
    expect(post.json).to.deep.equal([0, 'Request Entity Too Large']);
    expect((await h.get(`/publish/pub/sub/0/ch/0/${enc('x'.repeat(33 * 1024))}`)).status).to.equal(413);
    const get = await h.get(`/v2/history/sub-key/sub/channel/ch?x=${'y'.repeat(33 * 1024)}`);
    expect(get.status).to.equal(414);
    expect(get.headers['content-type']).to.equal('text/javascript; charset="UTF-8"');
    expect((get.json as { status: number }).status).to.equal(414);
    const longQuery = await h.get(`/publish/pub/sub/0/ch/0/1?x=${'y'.repeat(33 * 1024)}`);
    expect(longQuery.status).to.equal(414);
  });

  it('400 for invalid channel characters and for a 93-character channel', async () => {
    h = await harness();
    const space = await h.get(`/publish/pub/sub/0/a%20b/0/${enc(1)}`);
    expect(space.status).to.equal(400);
    expect((space.json as unknown[])[1]).to.equal('Invalid Character in Channel Name');
    expect((await h.get(`/publish/pub/sub/0/${'c'.repeat(92)}/0/1`)).status).to.equal(200);
    expect((await h.get(`/publish/pub/sub/0/${'c'.repeat(93)}/0/1`)).status).to.equal(400);
    expect((await h.get('/v2/subscribe/sub/a%3Ab/0')).status).to.equal(400);
  });

  it("the 92-character limit counts a presence name without its -pnpres suffix, as the client's validation does", async () => {
    h = await harness();
    expect((await h.get(`/v2/subscribe/sub/${'c'.repeat(92)}-pnpres/0`)).status).to.equal(200);
    expect((await h.get(`/v2/subscribe/sub/${'c'.repeat(93)}-pnpres/0`)).status).to.equal(400);
  });

  it('404 JSON with a clear message for unknown and unimplemented paths; CORS preflight', async () => {
    h = await harness();
    const cases: [string, RegExp][] = [
      ['/nothing/here', /Unknown path/],
      ['/v1/channel-registration/sub-key/sub/namespace/ns/remove', /namespaces are not implemented/],
      ['/v3/objects/sub/uuids', /Objects/],
      ['/v1/push/sub-key/sub/devices/abc', /push is not implemented/],
    ];
    for (const [path, message] of cases) {
      const r = await h.get(path);
      expect(r.status, path).to.equal(404);
      expect((r.json as { message: string }).message).to.match(message);
      expect(r.headers['content-type']).to.equal('text/javascript; charset="UTF-8"');
    }
    const pre = await h.get('/publish/pub/sub/0/ch/0', { method: 'OPTIONS' });
    expect(pre.status).to.equal(200);
    expect(pre.headers['access-control-allow-origin']).to.equal('*');
    expect(pre.headers['access-control-allow-methods']).to.contain('POST');
  });

  it('ignores unknown query parameters and malformed escapes get a 400, not a crash', async () => {
    h = await harness();
    expect((await h.get(`/publish/pub/sub/0/ch/0/1?l_pub=0.1&ee=&whatever=x`)).status).to.equal(200);
    expect((await h.get('/publish/pub/sub/0/ch/0/%E0%A4%A')).status).to.equal(400);
    expect((await h.get('/time/0?x=%ZZ')).status).to.equal(400);
    expect((await h.get('/time/0')).status).to.equal(200);
  });

  it('keeps a flood of distinct channel names within maxChannels and maxBufferedBytes', async () => {
    h = await harness({ maxChannels: 50, maxBufferedBytes: 64 * 1024 });
    for (let i = 0; i < 300; i++) await h.get(`/publish/pub/sub/0/flood-${i}/0/${enc('x'.repeat(200))}`);
    const stats = h.server.stats();
    expect(stats.channels).to.be.at.most(50);
    expect(stats.bufferedBytes).to.be.at.most(64 * 1024);
    // The most recent channel survives eviction.
    expect(((await h.get('/v2/history/sub-key/sub/channel/flood-299')).json as unknown[][])[0]).to.have.length(1);
    expect((await h.get('/v2/history/sub-key/sub/channel/flood-0')).text).to.equal('[[],0,0]');
  });

  it('a deflate bomb and a broken encoding are refused without crashing', async () => {
    h = await harness();
    const { deflateSync } = await import('node:zlib');
    const bomb = deflateSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    const r = await h.get('/publish/pub/sub/0/ch/0', {
      method: 'POST',
      body: bomb,
      headers: { 'content-encoding': 'deflate' },
    });
    expect(r.status).to.equal(413);
    const broken = await h.get('/publish/pub/sub/0/ch/0', {
      method: 'POST',
      body: 'garbage',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(broken.status).to.equal(400);
    expect((await h.get('/time/0')).status).to.equal(200);
  });
});
