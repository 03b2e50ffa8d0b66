import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { until } from '../support/until.js';
import { enc, fakeClock, type Harness, harness, NOW_SEC, PAM_KEYS, signed } from './helpers.js';

interface Envelope {
  c: string;
  b?: string;
  d: unknown;
}
interface V2 {
  t: { t: string };
  m: Envelope[];
}

const REG = '/v1/channel-registration/sub-key/sub/channel-group';
const OK = '{"status":200,"message":"OK","service":"channel-registry","error":false}';
const names = (p: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${p}${from + i}`).join(',');

describe('server: channel groups (issue 12, docs/protocol.md §2.11)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const cursor = async (path: string) => ((await h.get(path)).json as V2).t.t;

  it('adds, lists, removes and deletes with the registry bodies; listing groups', async () => {
    h = await harness();
    expect((await h.get(`${REG}/cg1?add=a,b,c`)).text).to.equal(OK);
    expect((await h.get(`${REG}/cg2?add=b`)).text).to.equal(OK);
    expect((await h.get(`${REG}/cg1`)).text).to.equal(
      '{"status":200,"payload":{"channels":["a","b","c"],"group":"cg1"},"service":"channel-registry","error":false}',
    );
    expect((await h.get(REG)).json).to.deep.include({ payload: { groups: ['cg1', 'cg2'] } });
    expect((await h.get(`${REG}/cg1?remove=b`)).text).to.equal(OK);
    expect((await h.get(`${REG}/cg1`)).json).to.deep.include({ payload: { channels: ['a', 'c'], group: 'cg1' } });
    expect((await h.get(`${REG}/cg1/remove`)).text).to.equal(OK);
    expect((await h.get(`${REG}/cg1`)).json).to.deep.include({ payload: { channels: [], group: 'cg1' } });
    expect((await h.get('/v1/channel-registration/sub_key/sub/channel-group')).json).to.deep.include({
      payload: { groups: ['cg2'] },
    });
  });

  it('answers PubNub limits and bad names with a 400 and changes nothing', async () => {
    h = await harness();
    const tooMany = await h.get(`${REG}/big?add=${names('c', 201)}`);
    expect(tooMany.status).to.equal(400);
    expect(tooMany.json).to.deep.equal({
      status: 400,
      message: 'Too many channels: at most 200 per call',
      service: 'channel-registry',
      error: true,
    });
    for (let i = 0; i < 10; i++)
      expect((await h.get(`${REG}/big?add=${names('c', 200, i * 200)}`)).status).to.equal(200);
    const full = await h.get(`${REG}/big?add=one-more,c0`);
    expect(full.status).to.equal(400);
    expect((full.json as { message: string }).message).to.equal(
      'Channel group is full: a group holds at most 2000 channels',
    );
    const listed = (await h.get(`${REG}/big`)).json as { payload: { channels: string[] } };
    expect(listed.payload.channels).to.have.length(2000).and.not.include('one-more');
    expect((await h.get(`${REG}/big?add=c0`)).status, 'a channel already in the group costs nothing').to.equal(200);
    for (const bad of [`${REG}/a%2Cb?add=x`, `${REG}/g-pnpres?add=x`, `${REG}/${'g'.repeat(93)}?add=x`]) {
      expect((await h.get(bad)).status, bad).to.equal(400);
    }
    expect((await h.get(`${REG}/ok?add=x-pnpres`)).status).to.equal(400);
    expect((await h.get(`${REG}/ok?add=a%20b`)).status).to.equal(400);
    expect((await h.get(`${REG}/ns:grp?add=x`)).status, 'ns:group names are legal').to.equal(200);
  });

  it('delivers a group member’s messages with the group in b (v2) and as element 2 (v1), the channel in c / element 3', async () => {
    h = await harness();
    await h.get(`${REG}/cg?add=a,b`);
    const t = await cursor('/v2/subscribe/sub/,/0?channel-group=cg');
    const poll = h.get(`/v2/subscribe/sub/,/0?channel-group=cg&tt=${t}`);
    await h.get(`/publish/pub/sub/0/b/0/${enc('hi')}`);
    const got = (await poll).json as V2;
    expect(got.m).to.have.length(1);
    expect(got.m[0]).to.deep.include({ c: 'b', b: 'cg', d: 'hi' });
    const v1 = await h.get(`/subscribe/sub/%2C/0/${t}?channel-group=cg`);
    expect(v1.json).to.deep.equal([['hi'], (v1.json as unknown[])[1], 'cg', 'b']);
    // A channel named and reached through a group is delivered once, as the named channel.
    const both = (await h.get(`/v2/subscribe/sub/b/0?channel-group=cg&tt=${t}`)).json as V2;
    expect(both.m.map((m) => [m.c, m.b])).to.deep.equal([['b', 'b']]);
  });

  it('400 for a subscription that reaches nothing (only empty or unknown groups)', async () => {
    h = await harness();
    const r = await h.get('/v2/subscribe/sub/,/0?channel-group=nothing');
    expect(r.status).to.equal(400);
    expect((r.json as { message: string }).message).to.equal(
      'Channel group or groups result in empty subscription set',
    );
    expect((await h.get('/v2/subscribe/sub/ch/0?channel-group=nothing')).status).to.equal(200);
  });

  it('holds zero loss for group members: catch-up, and a channel added to the group while a poll waits', async () => {
    h = await harness({ pollTimeoutMs: 10_000 });
    await h.get(`${REG}/cg?add=a`);
    const t = await cursor('/v2/subscribe/sub/,/0?channel-group=cg');
    for (const m of [1, 2, 3]) await h.get(`/publish/pub/sub/0/a/0/${m}`);
    const caught = (await h.get(`/v2/subscribe/sub/,/0?channel-group=cg&tt=${t}`)).json as V2;
    expect(caught.m.map((m) => m.d)).to.deep.equal([1, 2, 3]);
    const parked = h.get(`/v2/subscribe/sub/,/0?channel-group=cg&tt=${caught.t.t}`);
    await until(() => h.server.stats().parked === 1, 'the group poll to park');
    await h.get(`${REG}/cg?add=late`);
    await h.get(`/publish/pub/sub/0/late/0/${enc('after add')}`);
    const woke = (await parked).json as V2;
    expect(woke.m.map((m) => [m.c, m.b, m.d])).to.deep.equal([['late', 'cg', 'after add']]);
  });

  it('presence on groups: joins on every channel of the group, g-pnpres delivers them, here_now and leave take groups', async () => {
    h = await harness({ pollTimeoutMs: 10_000 });
    await h.get(`${REG}/cg?add=r1,r2`);
    const t = await cursor('/v2/subscribe/sub/,/0?channel-group=cg-pnpres&uuid=watcher');
    await h.get('/v2/subscribe/sub/,/0?channel-group=cg&uuid=alice');
    const joins = (await h.get(`/v2/subscribe/sub/,/0?channel-group=cg-pnpres&tt=${t}&uuid=watcher`)).json as V2;
    expect(joins.m.map((m) => [m.c, m.b, (m.d as { action: string; uuid: string }).action])).to.deep.equal([
      ['r1-pnpres', 'cg-pnpres', 'join'],
      ['r2-pnpres', 'cg-pnpres', 'join'],
    ]);
    const here = (await h.get('/v2/presence/sub-key/sub/channel/,?channel-group=cg')).json as {
      payload: { channels: Record<string, { uuids: string[]; occupancy: number }>; total_occupancy: number };
    };
    expect(here.payload.channels.r1).to.deep.equal({ uuids: ['alice'], occupancy: 1 });
    expect(here.payload.total_occupancy).to.equal(2);
    await h.get('/v2/presence/sub-key/sub/channel/,/heartbeat?channel-group=cg&uuid=bob');
    expect((await h.get('/v2/presence/sub-key/sub/channel/r2')).json).to.deep.include({ occupancy: 2 });
    await h.get('/v2/presence/sub-key/sub/channel/,/leave?channel-group=cg&uuid=alice');
    expect((await h.get('/v2/presence/sub_key/sub/uuid/alice')).json).to.deep.include({ payload: { channels: [] } });
    const leaves = (await h.get(`/v2/subscribe/sub/,/0?channel-group=cg-pnpres&tt=${joins.t.t}`)).json as V2;
    expect(leaves.m.filter((m) => (m.d as { action: string }).action === 'leave').map((m) => m.c)).to.deep.equal([
      'r1-pnpres',
      'r2-pnpres',
    ]);
  });

  it('Access Manager: read on the group to subscribe, manage for the registry; 403 names the groups', async () => {
    const clock = fakeClock(NOW_SEC * 1000);
    h = await harness({ clock, keysets: [PAM_KEYS] });
    const denied = await h.get(`${REG}/cg?add=a&auth=k`);
    expect(denied.status).to.equal(403);
    expect(denied.json).to.deep.equal({
      message: 'Forbidden',
      payload: { 'channel-groups': ['cg'] },
      error: true,
      service: 'Access Manager',
      status: 403,
    });
    expect((await h.get(`${REG}/cg`)).status).to.equal(403);
    await h.get(signed('/v2/auth/grant/sub-key/sub', { 'channel-group': 'cg', auth: 'k', m: '1' }));
    expect((await h.get(`${REG}/cg?add=a&auth=k`)).status).to.equal(200);
    expect((await h.get('/v2/subscribe/sub/,/0?channel-group=cg&auth=k')).status, 'm is not r').to.equal(403);
    await h.get(signed('/v2/auth/grant/sub-key/sub', { 'channel-group': 'cg', auth: 'k', r: '1', m: '1' }));
    expect((await h.get('/v2/subscribe/sub/,/0?channel-group=cg&auth=k')).status).to.equal(200);
    expect((await h.get(signed(REG, {}))).json).to.deep.include({ payload: { groups: ['cg'] } });
    expect((await h.get(`${REG}?auth=k`)).status, 'listing groups needs subkey-level manage').to.equal(403);
  });

  it('keeps groups across a restart with dataDir (written through the storage records)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubkit-groups-'));
    try {
      h = await harness({ dataDir: dir });
      await h.get(`${REG}/kept?add=x,y`);
      await h.get(`${REG}/gone?add=z`);
      await h.get(`${REG}/gone/remove`);
      await h.close();
      h = await harness({ dataDir: dir });
      expect((await h.get(`${REG}/kept`)).json).to.deep.include({ payload: { channels: ['x', 'y'], group: 'kept' } });
      expect((await h.get(REG)).json).to.deep.include({ payload: { groups: ['kept'] } });
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
