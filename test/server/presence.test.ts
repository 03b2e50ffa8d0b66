import { expect } from 'chai';
import { fakeClock, type Harness, harness, sleep } from './helpers.js';

const T0 = 1_700_000_000_000;

interface V2 {
  t: { t: string };
  m: { c: string; d: Record<string, unknown> }[];
}

describe('server: presence (docs/protocol.md §2.6–§2.10, §3)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function events(cursor: string, channel = 'ch1') {
    return ((await h.get(`/v2/subscribe/sub/${channel}-pnpres/0?tt=${cursor}`)).json as V2).m.map((m) => m.d);
  }
  async function cursor(channel = 'ch1') {
    return ((await h.get(`/v2/subscribe/sub/${channel}-pnpres/0`)).json as V2).t.t;
  }

  it('here_now: flat for one channel, payload.channels for several and global; sub_key and sub-key', async () => {
    h = await harness();
    await h.get('/v2/presence/sub-key/sub/channel/ch1,ch2/heartbeat?uuid=u1&heartbeat=60');
    await h.get('/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=u2');
    expect((await h.get('/v2/presence/sub_key/sub/channel/ch1')).text).to.equal(
      '{"status": 200, "message": "OK", "service": "Presence", "uuids": ["u1", "u2"], "occupancy": 2}',
    );
    expect((await h.get('/v2/presence/sub-key/sub/channel/ch1?disable_uuids=1')).text).to.equal(
      '{"status": 200, "message": "OK", "occupancy": 2, "service": "Presence"}',
    );
    const multi = (await h.get('/v2/presence/sub-key/sub/channel/ch1,ch2')).json;
    expect(multi).to.deep.equal({
      status: 200,
      message: 'OK',
      payload: {
        channels: { ch1: { uuids: ['u1', 'u2'], occupancy: 2 }, ch2: { uuids: ['u1'], occupancy: 1 } },
        total_channels: 2,
        total_occupancy: 3,
      },
      service: 'Presence',
    });
    const global = (await h.get('/v2/presence/sub_key/sub')).json as { payload: { total_occupancy: number } };
    expect(global.payload.total_occupancy).to.equal(3);
    const groupsOnly = (await h.get('/v2/presence/sub_key/sub/channel/%2C?disable_uuids=1&channel-group=cg1')).json as {
      payload: { channels: object };
    };
    expect(groupsOnly.payload.channels).to.deep.equal({});
  });

  it('state set/get, here_now state=1, where_now, and a state-change event', async () => {
    h = await harness({ clock: fakeClock(T0) });
    const c = await cursor();
    await h.get('/v2/subscribe/sub/ch1/0?uuid=u1');
    const set = await h.get(`/v2/presence/sub-key/sub/channel/ch1/uuid/u1/data?state=${encodeURIComponent('{"a":1}')}`);
    expect(set.text).to.equal('{"status": 200, "message": "OK", "payload": {"a": 1}, "service": "Presence"}');
    expect((await h.get('/v2/presence/sub-key/sub/channel/ch1/uuid/u1')).text).to.equal(
      '{"status": 200, "uuid": "u1", "service": "Presence", "message": "OK", "payload": {"a": 1}, "channel": "ch1"}',
    );
    expect(
      ((await h.get('/v2/presence/sub_key/sub/channel/ch1?state=1')).json as { uuids: unknown }).uuids,
    ).to.deep.equal([{ uuid: 'u1', state: { a: 1 } }]);
    expect((await h.get('/v2/presence/sub_key/sub/uuid/u1')).text).to.equal(
      '{"status": 200, "message": "OK", "payload": {"channels": ["ch1"]}, "service": "Presence"}',
    );
    expect(await events(c)).to.deep.equal([
      { action: 'join', timestamp: T0 / 1000, uuid: 'u1', occupancy: 1 },
      { action: 'state-change', timestamp: T0 / 1000, data: { a: 1 }, uuid: 'u1', occupancy: 1 },
    ]);
    const plus = await h.get('/v2/presence/sub-key/sub/channel/ch1/uuid/u1/data?state=%7B%22name%22%3A+%22Alex%22%7D');
    expect((plus.json as { payload: unknown }).payload).to.deep.equal({ name: 'Alex' });
    const bad = await h.get('/v2/presence/sub-key/sub/channel/ch1/uuid/u1/data?state=nope');
    expect(bad.status).to.equal(400);
  });

  it('leave removes the uuid and emits leave', async () => {
    h = await harness({ clock: fakeClock(T0) });
    const c = await cursor();
    await h.get('/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=u1');
    const r = await h.get('/v2/presence/sub_key/sub/channel/ch1/leave?uuid=u1');
    expect(r.text).to.equal('{"status": 200, "action": "leave", "message": "OK", "service": "Presence"}');
    expect((await events(c)).map((e) => e.action)).to.deep.equal(['join', 'leave']);
    expect(((await h.get('/v2/presence/sub-key/sub/channel/ch1')).json as { occupancy: number }).occupancy).to.equal(0);
  });

  it('times out a uuid after its heartbeat on the injected clock, but not while its subscribe is parked', async () => {
    const clock = fakeClock(T0);
    h = await harness({ clock, presenceSweepMs: 20, pollTimeoutMs: 60_000 });
    const c = await cursor();
    const hs = ((await h.get('/v2/subscribe/sub/ch1/0?uuid=parked&heartbeat=10')).json as V2).t.t;
    const poll = h.get(`/v2/subscribe/sub/ch1/0?uuid=parked&heartbeat=10&tt=${hs}`);
    await h.get('/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=idle&heartbeat=10');
    clock.ms += 11_000;
    await sleep(80);
    expect((await events(c)).map((e) => `${e.action}:${e.uuid}`)).to.deep.equal([
      'join:parked',
      'join:idle',
      'timeout:idle',
    ]);
    await h.close();
    await poll;
  });

  it('a parked poll keeps its uuid present when its room was emptied and built again while a poll was parked', async () => {
    // Polls of one subscription share their rooms array; presence looks its rooms up once for it and must not keep
    // a lookup from before a room was removed or built anew (server/src/presence-registry.ts `#roomsOf`).
    const clock = fakeClock(T0);
    h = await harness({ clock, presenceSweepMs: 20, pollTimeoutMs: 60_000 });
    const server = h;
    const parked = async (n: number) => {
      for (let i = 0; i < 200 && server.server.stats().parked !== n; i++) await sleep(5);
      expect(server.server.stats().parked).to.equal(n);
    };
    const c = await cursor();
    const hs = ((await h.get('/v2/subscribe/sub/ch1/0')).json as V2).t.t;
    const holder = h.get(`/v2/subscribe/sub/ch1/0?tt=${hs}`); // no uuid: holds the subscription throughout
    await parked(1);
    const abort = new AbortController();
    const first = h.get(`/v2/subscribe/sub/ch1/0?uuid=a&heartbeat=10&tt=${hs}`, { signal: abort.signal });
    await parked(2);
    await h.get('/v2/presence/sub-key/sub/channel/ch1/leave?uuid=a'); // the room is empty: removed
    abort.abort(); // a's poll is cancelled: presence unparks a from no room at all
    expect(await first.catch(() => 'gone')).to.equal('gone');
    await parked(1);
    const second = h.get(`/v2/subscribe/sub/ch1/0?uuid=b&heartbeat=10&tt=${hs}`); // b's join builds the room again
    await parked(2);
    clock.ms += 11_000;
    await sleep(80);
    expect((await events(c)).map((e) => `${e.action}:${e.uuid}`)).to.deep.equal(['join:a', 'leave:a', 'join:b']);
    await h.close();
    await Promise.all([holder, second]);
  });

  it('uses presenceTimeoutSec when no heartbeat parameter is sent', async () => {
    const clock = fakeClock(T0);
    h = await harness({ clock, presenceSweepMs: 20, presenceTimeoutSec: 5 });
    await h.get('/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=u1');
    clock.ms += 4_000;
    await sleep(60);
    expect(((await h.get('/v2/presence/sub-key/sub/channel/ch1')).json as { occupancy: number }).occupancy).to.equal(1);
    clock.ms += 2_000;
    await sleep(60);
    expect(((await h.get('/v2/presence/sub-key/sub/channel/ch1')).json as { occupancy: number }).occupancy).to.equal(0);
  });

  // Queued presence events keep their fields and build their texts when read (server/src/presence-message.ts): the
  // bytes must be those of the event object's JSON in the plain envelope, through a channel and through a group.
  it('a queued presence event answers the exact payload and envelope bytes (v2, v1, through a group)', async () => {
    h = await harness({ clock: fakeClock(T0) });
    const uuid = 'ü "q" \\ x';
    const state = '{"k":"v\\"","n":[1,2.5]}';
    const REG = '/v1/channel-registration/sub-key/sub/channel-group/cg';
    await h.get(`${REG}?add=r1`);
    const c = await cursor('r1');
    const g = ((await h.get('/v2/subscribe/sub/,/0?channel-group=cg-pnpres')).json as V2).t.t;
    await h.get(`/v2/subscribe/sub/r1/0?uuid=${encodeURIComponent(uuid)}`);
    await h.get(
      `/v2/presence/sub-key/sub/channel/r1/uuid/${encodeURIComponent(uuid)}/data?state=${encodeURIComponent(state)}`,
    );
    const ts = T0 / 1000;
    const u = JSON.stringify(uuid);
    const join = `{"action":"join","timestamp":${ts},"uuid":${u},"occupancy":1}`;
    const change = `{"action":"state-change","timestamp":${ts},"data":${state},"uuid":${u},"occupancy":1}`;
    const v2 = (await h.get(`/v2/subscribe/sub/r1-pnpres/0?tt=${c}`)).text;
    const [t1, t2] = [...v2.matchAll(/"p":\{"t":"(\d+)"/g)].map((m) => m[1]);
    const envelope = (tt: string | undefined, d: string, b: string) =>
      `{"a":"1","f":0,"p":{"t":"${tt}","r":1},"k":"sub","c":"r1-pnpres","d":${d},"b":"${b}"}`;
    expect(v2).to.equal(
      `{"t":{"t":"${t2}","r":1},"m":[${envelope(t1, join, 'r1-pnpres')},${envelope(t2, change, 'r1-pnpres')}]}`,
    );
    expect((await h.get(`/subscribe/sub/r1-pnpres/0/${c}`)).text).to.equal(
      `[[${join},${change}],"${t2}","r1-pnpres,r1-pnpres"]`,
    );
    expect((await h.get(`/v2/subscribe/sub/,/0?channel-group=cg-pnpres&tt=${g}`)).text).to.equal(
      `{"t":{"t":"${t2}","r":1},"m":[${envelope(t1, join, 'cg-pnpres')},${envelope(t2, change, 'cg-pnpres')}]}`,
    );
  });
});
