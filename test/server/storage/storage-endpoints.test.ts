/**
 * The storage endpoints over real HTTP (docs/protocol.md §13.2–§13.7), against the memory store and the SQLite
 * store alike: fetch messages (one and many channels, every include flag, with actions and `more`), message
 * counts, delete, message actions with their events on subscribe, and publish ttl expiry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerOptions } from '@pubkit/server';
import { expect } from 'chai';
import { enc, fakeClock, type Harness, harness } from '../helpers.js';

const T0 = 1_800_000_000_000;

for (const kind of ['memory', 'sqlite'] as const) {
  describe(`server: storage endpoints (${kind})`, () => {
    let h: Harness;
    let dir: string | undefined;
    const clock = fakeClock(T0);

    async function start(options: ServerOptions = {}): Promise<void> {
      dir = kind === 'sqlite' ? mkdtempSync(join(tmpdir(), 'pubkit-endpoints-')) : undefined;
      h = await harness({ clock, ...(dir ? { dataDir: dir } : {}), ...options });
    }

    beforeEach(() => {
      clock.ms = T0;
    });
    afterEach(async () => {
      await h?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function publish(ch: string, message: unknown, query = ''): Promise<string> {
      const r = await h.get(`/publish/pub/sub/0/${ch}/0/${enc(message)}?uuid=pub-1${query}`);
      expect(r.status, r.text).to.equal(200);
      clock.ms += 1;
      return (r.json as [number, string, string])[2];
    }

    it('fetches one channel with every include flag, oldest first, timetokens as strings', async () => {
      await start();
      const t1 = await publish('a', { n: 1 }, `&meta=${enc({ m: 1 })}&custom_message_type=chat-text`);
      const t2 = await publish('a', 'two');
      const r = await h.get(
        '/v3/history/sub-key/sub/channel/a?max=10&include_meta=true&include_uuid=true&include_message_type=true&include_custom_message_type=true',
      );
      expect(r.status).to.equal(200);
      expect(r.json).to.deep.equal({
        status: 200,
        error: false,
        error_message: '',
        channels: {
          a: [
            {
              message: { n: 1 },
              timetoken: t1,
              meta: { m: 1 },
              uuid: 'pub-1',
              message_type: null,
              custom_message_type: 'chat-text',
            },
            { message: 'two', timetoken: t2, meta: '', uuid: 'pub-1', message_type: null },
          ],
        },
      });
      const bare = await h.get('/v3/history/sub-key/sub/channel/a');
      expect(bare.json).to.deep.equal({
        status: 200,
        error: false,
        error_message: '',
        channels: {
          a: [
            { message: { n: 1 }, timetoken: t1 },
            { message: 'two', timetoken: t2 },
          ],
        },
      });
    });

    it('fetches many channels, 25 per channel at most, and pages back with start', async () => {
      await start();
      for (let i = 0; i < 30; i++) await publish('m1', i);
      const tb = await publish('m2', 'b');
      const r = await h.get('/v3/history/sub-key/sub/channel/m1,m2,empty?max=100');
      const channels = (r.json as { channels: Record<string, { message: number; timetoken: string }[]> }).channels;
      expect(Object.keys(channels)).to.deep.equal(['m1', 'm2']);
      expect(channels.m1!.map((e) => e.message)).to.deep.equal(Array.from({ length: 25 }, (_, i) => i + 5));
      expect(channels.m2).to.deep.equal([{ message: 'b', timetoken: tb }]);
      const older = await h.get(`/v3/history/sub-key/sub/channel/m1?start=${channels.m1![0]!.timetoken}`);
      const rest = (older.json as { channels: { m1: { message: number }[] } }).channels.m1;
      expect(rest.map((e) => e.message)).to.deep.equal([0, 1, 2, 3, 4]);
    });

    it('refuses bad fetches with 400 and nothing read: >500 channels, actions for two, bad bounds or max', async () => {
      await start();
      const many = Array.from({ length: 501 }, (_, i) => `c${i}`).join(',');
      const cases = [
        `/v3/history/sub-key/sub/channel/${many}`,
        '/v3/history-with-actions/sub-key/sub/channel/a,b',
        '/v3/history/sub-key/sub/channel/a?start=abc',
        '/v3/history/sub-key/sub/channel/a?end=-1',
        '/v3/history/sub-key/sub/channel/a?max=0',
        '/v3/history/sub-key/sub/channel/a?max=ten',
      ];
      for (const path of cases) {
        const r = await h.get(path);
        expect(r.status, path).to.equal(400);
        expect((r.json as { error: boolean }).error, path).to.equal(true);
      }
    });

    it('counts messages after a timetoken per channel, and checks the arguments', async () => {
      await start();
      const t1 = await publish('x', 1);
      await publish('x', 2);
      await publish('x', 3);
      const t4 = await publish('y', 4);
      const single = await h.get(`/v3/history/sub-key/sub/message-counts/x,y?timetoken=${t1}`);
      expect(single.json).to.deep.equal({
        status: 200,
        error: false,
        error_message: '',
        channels: { x: 2, y: 1 },
        more: {},
      });
      const per = await h.get(`/v3/history/sub-key/sub/message-counts/x,y?channelsTimetoken=0,${t4}`);
      expect((per.json as { channels: unknown }).channels).to.deep.equal({ x: 3, y: 0 });
      const hundredOne = Array.from({ length: 101 }, (_, i) => `c${i}`).join(',');
      for (const path of [
        '/v3/history/sub-key/sub/message-counts/x',
        `/v3/history/sub-key/sub/message-counts/x?timetoken=1&channelsTimetoken=1`,
        '/v3/history/sub-key/sub/message-counts/x,y?channelsTimetoken=1',
        `/v3/history/sub-key/sub/message-counts/${hundredOne}?timetoken=1`,
      ]) {
        expect((await h.get(path)).status, path).to.equal(400);
      }
    });

    it('deletes a range when open, and requires a signature on a keyset with a secret', async () => {
      await start({ keysets: [{ publishKey: 'pub', subscribeKey: 'sub', secretKey: 'sec' }] });
      // A signed delete that succeeds is driven by pubkit's client and pubnub@7.3.3 (test/compat/pubnub-7-storage).
      const r = await h.get('/v3/history/sub-key/sub/channel/a', { method: 'DELETE' });
      expect(r.status).to.equal(403);
      const bad = await h.get('/v3/history/sub-key/sub/channel/a?timestamp=1&signature=v2.x', { method: 'DELETE' });
      expect(bad.status).to.equal(400); // a stale timestamp (docs/protocol.md §4.4)
    });

    it('deletes a range of messages (open keyset) and keeps the rest', async () => {
      await start();
      const t = [await publish('d', 1), await publish('d', 2), await publish('d', 3)];
      const r = await h.get(`/v3/history/sub-key/sub/channel/d?start=${t[2]}&end=${t[0]}`, { method: 'DELETE' });
      expect(r.json).to.deep.equal({ status: 200, error: false, error_message: '' });
      const left = await h.get('/v3/history/sub-key/sub/channel/d');
      expect((left.json as { channels: { d: { message: number }[] } }).channels.d.map((e) => e.message)).to.deep.equal([
        3,
      ]);
      expect((await h.get('/v3/history/sub-key/sub/channel/d', { method: 'PUT' })).status).to.equal(405);
    });

    it('expires a message after its publish ttl (hours)', async () => {
      await start();
      await publish('t', 'short', '&ttl=1');
      await publish('t', 'kept');
      clock.ms += 3_600_000;
      const r = await h.get('/v3/history/sub-key/sub/channel/t');
      expect((r.json as { channels: { t: { message: string }[] } }).channels.t.map((e) => e.message)).to.deep.equal([
        'kept',
      ]);
      const v2 = await h.get('/v2/history/sub-key/sub/channel/t');
      expect((v2.json as unknown[])[0]).to.deep.equal(['kept']);
    });

    it('adds, lists, refuses duplicates (409) and bad input (400), removes; history-with-actions groups them', async () => {
      await start();
      const mtt = await publish('r', 'hello');
      const add = (body: unknown, uuid = 'u1') =>
        h.get(`/v1/message-actions/sub/channel/r/message/${mtt}?uuid=${uuid}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
      const a1 = await add({ type: 'reaction', value: 'smile' });
      expect(a1.status).to.equal(200);
      const data = (a1.json as { data: { actionTimetoken: string } }).data;
      expect(data).to.deep.include({ type: 'reaction', value: 'smile', uuid: 'u1', messageTimetoken: mtt });
      expect((await add({ type: 'reaction', value: 'smile' })).status).to.equal(409);
      expect((await add({ type: 'reaction', value: 'smile' }, 'u2')).status).to.equal(200);
      for (const body of [
        { type: 'x'.repeat(16), value: 'v' },
        { type: 't', value: 'v'.repeat(1001) },
        { type: '', value: 'v' },
        'nope',
      ]) {
        expect((await add(body)).status, JSON.stringify(body)).to.equal(400);
      }
      const list = await h.get('/v1/message-actions/sub/channel/r');
      expect((list.json as { data: unknown[] }).data).to.have.length(2);
      const hist = await h.get('/v3/history-with-actions/sub-key/sub/channel/r');
      const [entry] = (
        hist.json as { channels: { r: { actions: Record<string, Record<string, { uuid: string }[]>> }[] } }
      ).channels.r;
      expect(entry!.actions.reaction!.smile!.map((a) => a.uuid)).to.deep.equal(['u1', 'u2']);
      const removed = await h.get(`/v1/message-actions/sub/channel/r/message/${mtt}/action/${data.actionTimetoken}`, {
        method: 'DELETE',
      });
      expect(removed.json).to.deep.equal({ status: 200, data: {} });
      const after = await h.get('/v1/message-actions/sub/channel/r');
      expect((after.json as { data: { uuid: string }[] }).data.map((a) => a.uuid)).to.deep.equal(['u2']);
    });

    it('pages actions with limit and more, and history-with-actions gives more when full', async () => {
      await start();
      const mtts: string[] = [];
      for (let i = 0; i < 30; i++) mtts.push(await publish('p', i));
      for (const mtt of mtts.slice(0, 5)) {
        await h.get(`/v1/message-actions/sub/channel/p/message/${mtt}?uuid=u`, {
          method: 'POST',
          body: '{"type":"receipt","value":"read"}',
        });
      }
      const first = await h.get('/v1/message-actions/sub/channel/p?limit=3');
      const page = first.json as {
        data: { messageTimetoken: string }[];
        more: { start: string; limit: number; url: string };
      };
      expect(page.data.map((a) => a.messageTimetoken)).to.deep.equal(mtts.slice(2, 5));
      expect(page.more.limit).to.equal(3);
      const next = await h.get(page.more.url);
      expect((next.json as { data: { messageTimetoken: string }[] }).data.map((a) => a.messageTimetoken)).to.deep.equal(
        mtts.slice(0, 2),
      );
      const hist = await h.get('/v3/history-with-actions/sub-key/sub/channel/p');
      const body = hist.json as {
        channels: { p: { timetoken: string }[] };
        more: { start: string; max: number; url: string };
      };
      expect(body.channels.p).to.have.length(25);
      expect(body.more).to.deep.include({ start: mtts[5], max: 25 });
      const rest = await h.get(body.more.url);
      expect((rest.json as { channels: { p: unknown[] } }).channels.p).to.have.length(5);
    });

    it('announces added and removed actions to subscribers as e:3 envelopes', async () => {
      await start();
      const mtt = await publish('ev', 'msg');
      const hs = await h.get('/v2/subscribe/sub/ev/0?uuid=s');
      const cursor = (hs.json as { t: { t: string } }).t.t;
      const poll = h.get(`/v2/subscribe/sub/ev/0?uuid=s&tt=${cursor}&tr=1`);
      const added = await h.get(`/v1/message-actions/sub/channel/ev/message/${mtt}?uuid=u9`, {
        method: 'POST',
        body: '{"type":"reaction","value":"wave"}',
      });
      const att = (added.json as { data: { actionTimetoken: string } }).data.actionTimetoken;
      const got = (await poll).json as { m: { e: number; i: string; c: string; d: unknown }[] };
      expect(got.m).to.have.length(1);
      expect(got.m[0]).to.deep.include({ e: 3, i: 'u9', c: 'ev' });
      expect(got.m[0]!.d).to.deep.equal({
        source: 'actions',
        version: '1.0',
        event: 'added',
        data: { type: 'reaction', value: 'wave', messageTimetoken: mtt, actionTimetoken: att },
      });
    });
  });
}
