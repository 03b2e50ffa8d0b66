import { expect } from 'chai';
import { until } from '../support/until.js';
import { enc, fakeClock, type Harness, harness, NOW_SEC, PAM_KEYS, signed } from './helpers.js';

interface Envelope {
  c: string;
  b?: string;
  d: unknown;
  u?: unknown;
}
interface V2 {
  t: { t: string };
  m: Envelope[];
}

describe('server: wildcard subscribe and filter expressions (issue 12)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const handshake = async (path: string) => ((await h.get(path)).json as V2).t.t;

  describe('wildcard subscribe', () => {
    it('a.* receives a.b and a.b.c (b names the pattern), not b.x or a itself; v1 answers pattern then channel', async () => {
      h = await harness();
      const t = await handshake('/v2/subscribe/sub/a.*/0');
      for (const ch of ['a.b', 'b.x', 'a', 'a.b.c']) await h.get(`/publish/pub/sub/0/${ch}/0/${enc(ch)}`);
      const got = (await h.get(`/v2/subscribe/sub/a.*/0?tt=${t}`)).json as V2;
      expect(got.m.map((m) => [m.c, m.b, m.d])).to.deep.equal([
        ['a.b', 'a.*', 'a.b'],
        ['a.b.c', 'a.*', 'a.b.c'],
      ]);
      const deeper = (await h.get(`/v2/subscribe/sub/a.b.*/0?tt=${t}`)).json as V2;
      expect(deeper.m.map((m) => m.c)).to.deep.equal(['a.b.c']);
      const v1 = (await h.get(`/subscribe/sub/a.*/0/${t}`)).json as unknown[];
      expect([v1[0], v1[2], v1[3]]).to.deep.equal([['a.b', 'a.b.c'], 'a.*,a.*', 'a.b,a.b.c']);
    });

    it('wakes a parked pattern subscriber on a channel first published while it waits', async () => {
      h = await harness({ pollTimeoutMs: 10_000 });
      const t = await handshake('/v2/subscribe/sub/news.*/0');
      const parked = h.get(`/v2/subscribe/sub/news.*/0?tt=${t}`);
      await until(() => h.server.stats().parked === 1, 'the pattern poll to park');
      await h.get(`/publish/pub/sub/0/news.brand-new/0/${enc('first')}`);
      expect(((await parked).json as V2).m.map((m) => [m.c, m.b])).to.deep.equal([['news.brand-new', 'news.*']]);
    });

    it('400 where * may not stand: deeper than two dots, mid-name, alone; publishing to a pattern', async () => {
      h = await harness();
      for (const bad of ['a.b.c.*', 'a.*.c', '*', 'a*', '.*', 'a..*']) {
        const r = await h.get(`/v2/subscribe/sub/${encodeURIComponent(bad)}/0`);
        expect(r.status, bad).to.equal(400);
      }
      expect(((await h.get('/v2/subscribe/sub/a.b.c.*/0')).json as { message: string }).message).to.match(
        /at most 2 dots/,
      );
      expect((await h.get(`/publish/pub/sub/0/a.*/0/${enc(1)}`)).status).to.equal(400);
    });

    it('presence: a.*-pnpres delivers the presence of matching channels and of the a.* room itself', async () => {
      h = await harness();
      const t = await handshake('/v2/subscribe/sub/a.*-pnpres/0?uuid=watcher');
      await h.get('/v2/subscribe/sub/a.room/0?uuid=alice');
      await h.get('/v2/subscribe/sub/a.*/0?uuid=bob');
      await h.get('/v2/subscribe/sub/b.room/0?uuid=carol');
      const got = (await h.get(`/v2/subscribe/sub/a.*-pnpres/0?tt=${t}&uuid=watcher`)).json as V2;
      expect(got.m.map((m) => [m.c, m.b, (m.d as { uuid: string }).uuid])).to.deep.equal([
        ['a.room-pnpres', 'a.*-pnpres', 'alice'],
        ['a.*-pnpres', 'a.*-pnpres', 'bob'],
      ]);
      expect((await h.get('/v2/presence/sub-key/sub/channel/a.*')).json).to.deep.include({ uuids: ['bob'] });
    });

    it('Access Manager: a grant on a.* allows subscribing to a.* and to the channels it matches', async () => {
      const clock = fakeClock(NOW_SEC * 1000);
      h = await harness({ clock, keysets: [PAM_KEYS] });
      expect((await h.get('/v2/subscribe/sub/a.*/0?auth=k')).status).to.equal(403);
      await h.get(signed('/v2/auth/grant/sub-key/sub', { channel: 'a.*', auth: 'k', r: '1' }));
      expect((await h.get('/v2/subscribe/sub/a.*/0?auth=k')).status).to.equal(200);
      expect((await h.get('/v2/subscribe/sub/a.x/0?auth=k')).status).to.equal(200);
      expect((await h.get('/v2/subscribe/sub/a.x.y/0?auth=k')).status).to.equal(200);
      const other = await h.get('/v2/subscribe/sub/b.x/0?auth=k');
      expect(other.status).to.equal(403);
      expect((other.json as { payload: unknown }).payload).to.deep.equal({ channels: ['b.x'] });
      expect((await h.get('/v2/subscribe/sub/a.x-pnpres/0?auth=k')).status, '-pnpres is its own resource').to.equal(
        403,
      );
    });
  });

  describe('filter expressions', () => {
    const pub = (ch: string, msg: unknown, meta?: unknown, uuid = 'pubber') =>
      h.get(`/publish/pub/sub/0/${ch}/0/${enc(msg)}?uuid=${uuid}${meta === undefined ? '' : `&meta=${enc(meta)}`}`);

    it('delivers only what the filter accepts (meta paths, LIKE, CONTAINS, uuid) and moves the cursor past the rest', async () => {
      h = await harness();
      const filter = encodeURIComponent('meta.lang == "en" && meta.user.name LIKE "A*" && uuid != "me"');
      const t = await handshake(`/v2/subscribe/sub/ch/0?filter-expr=${filter}`);
      await pub('ch', 1, { lang: 'en', user: { name: 'Alice' } });
      await pub('ch', 2, { lang: 'fr', user: { name: 'Alice' } });
      await pub('ch', 3, { lang: 'en', user: { name: 'Bob' } });
      await pub('ch', 4, { lang: 'en', user: { name: 'Ann' } }, 'me');
      await pub('ch', 5);
      await pub('ch', 6, { lang: 'en', user: { name: 'Ann' } });
      await pub('ch', 7, { lang: 'fr' });
      const got = await h.get(`/v2/subscribe/sub/ch/0?tt=${t}&filter-expr=${filter}`);
      const body = got.json as V2;
      expect(body.m.map((m) => m.d)).to.deep.equal([1, 6]);
      expect(body.m[0]!.u).to.deep.equal({ lang: 'en', user: { name: 'Alice' } });
      // The cursor is past message 7 (refused), so resuming from it does not return to refused messages.
      const last = ((await h.get(`/v2/subscribe/sub/ch/0?tt=${t}`)).json as V2).t.t;
      expect(body.t.t).to.equal(last);
      const tags = encodeURIComponent('meta.tags CONTAINS "x"');
      const t2 = await handshake(`/v2/subscribe/sub/ch/0?filter-expr=${tags}`);
      await pub('ch', 'tagged', { tags: ['x', 'y'] });
      await pub('ch', 'untagged', { tags: ['y'] });
      expect(
        ((await h.get(`/v2/subscribe/sub/ch/0?tt=${t2}&filter-expr=${tags}`)).json as V2).m.map((m) => m.d),
      ).to.deep.equal(['tagged']);
    });

    it('a parked filtered poll keeps waiting through refused messages and answers with the first accepted one', async () => {
      h = await harness({ pollTimeoutMs: 10_000 });
      const filter = encodeURIComponent('meta.n > 2');
      await h.get('/v1/channel-registration/sub-key/sub/channel-group/g?add=ch');
      const t0 = await handshake(`/v2/subscribe/sub/,/0?channel-group=g&filter-expr=${filter}`);
      let answered = false;
      const parked = h.get(`/v2/subscribe/sub/,/0?channel-group=g&tt=${t0}&filter-expr=${filter}`).then((r) => {
        answered = true;
        return r;
      });
      await until(() => h.server.stats().parked === 1, 'the filtered poll to park');
      await pub('ch', 'one', { n: 1 });
      await pub('ch', 'two', { n: 2 });
      await new Promise((r) => setTimeout(r, 50));
      expect(answered, 'refused messages do not end the poll').to.equal(false);
      await pub('ch', 'three', { n: 3 });
      const got = (await parked).json as V2;
      expect(got.m.map((m) => [m.d, m.b])).to.deep.equal([['three', 'g']]);
    });

    it('presence events are never filtered out', async () => {
      h = await harness();
      const filter = encodeURIComponent('meta.kind == "chat"');
      const t = await handshake(`/v2/subscribe/sub/ch-pnpres/0?filter-expr=${filter}`);
      await h.get('/v2/presence/sub-key/sub/channel/ch/heartbeat?uuid=joiner');
      const got = (await h.get(`/v2/subscribe/sub/ch-pnpres/0?tt=${t}&filter-expr=${filter}`)).json as V2;
      expect(got.m.map((m) => (m.d as { action: string }).action)).to.deep.equal(['join']);
    });

    it('400 with the position for a filter with a syntax error', async () => {
      h = await harness();
      const r = await h.get(`/v2/subscribe/sub/ch/0?filter-expr=${encodeURIComponent('meta.a == "x" &&')}`);
      expect(r.status).to.equal(400);
      expect((r.json as { message: string }).message).to.equal(
        'Invalid filter expression at position 16: expected a value, found the end of the expression',
      );
      expect((await h.get(`/v2/subscribe/sub/ch/0?filter-expr=${encodeURIComponent('(a == 1')}`)).status).to.equal(400);
    });
  });
});
