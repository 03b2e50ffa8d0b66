import { expect } from 'chai';
import { enc, type Harness, harness } from './helpers.js';

/** Issue 9 item 3: the server's memory cannot be exhausted without credentials (server/README.md "Limits"). */
describe('server: limits that bound memory (issue 9 item 3)', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('refuses a 30 KB uuid on heartbeat, subscribe, state and where_now with a 400, storing nothing', async () => {
    h = await harness();
    const huge = 'u'.repeat(30_000);
    const hb = await h.get(`/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=${huge}`);
    expect(hb.status).to.equal(400);
    expect(hb.json).to.deep.equal({
      status: 400,
      error: 1,
      message: 'Invalid UUID: 30000 characters; the limit is 92',
      service: 'Presence',
    });
    expect((await h.get(`/v2/subscribe/sub/ch1/0?uuid=${huge}`)).status).to.equal(400);
    expect(
      (await h.get(`/v2/presence/sub-key/sub/channel/ch1/uuid/${huge}/data?state=${enc({ a: 1 })}`)).status,
    ).to.equal(400);
    expect((await h.get(`/v2/presence/sub-key/sub/uuid/${huge}`)).status).to.equal(400);
    expect((await h.get(`/publish/pub/sub/0/ch1/0/1?uuid=${huge}`)).status).to.equal(400);
    expect(h.server.stats().presenceBytes).to.equal(0);
    // 92 characters (PubNub's limit) is fine, counted in characters, not bytes.
    expect(
      (await h.get(`/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=${encodeURIComponent('é'.repeat(92))}`)).status,
    ).to.equal(200);
    expect(h.server.stats().presenceBytes).to.be.greaterThan(0);
  });

  it('refuses a dev-mode grant of 1,400 channels × 1,400 auth keys with a 400 and stores nothing', async () => {
    h = await harness();
    const names = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`).join(',');
    const r = await h.get(`/v2/auth/grant/sub-key/sub?channel=${names('c', 1400)}&auth=${names('a', 1400)}&r=1`);
    expect(r.status).to.equal(400);
    expect(r.json).to.deep.equal({
      message: 'Too many names in one grant: 1400 channels and channel groups; the limit is 200',
      error: true,
      service: 'Access Manager',
      status: 400,
    });
    const auths = await h.get(`/v2/auth/grant/sub-key/sub?channel=c&auth=${names('a', 201)}&r=1`);
    expect((auths.json as { message: string }).message).to.match(/201 auth keys; the limit is 200/);
    expect(h.server.stats().grantBytes).to.equal(0);
    const ok = await h.get(`/v2/auth/grant/sub-key/sub?channel=${names('c', 200)}&auth=${names('a', 10)}&r=1`);
    expect(ok.status).to.equal(200);
    expect(h.server.stats().grantBytes).to.be.greaterThan(0);
  });

  it('bounds grants by bytes across subscribe keys: 503 past maxGrantBytes, room again after a revoke', async () => {
    h = await harness({ maxGrantBytes: 64 * 1024 });
    const names = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`).join(',');
    let refused = 0;
    for (let k = 0; k < 40; k++) {
      const r = await h.get(`/v2/auth/grant/sub-key/sub${k}?channel=${names('chan', 50)}&auth=${names('k', 4)}&r=1`);
      if (r.status === 503) refused++;
      else expect(r.status).to.equal(200);
      expect(h.server.stats().grantBytes).to.be.at.most(64 * 1024);
    }
    expect(refused).to.be.greaterThan(0);
    await h.get(`/v2/auth/grant/sub-key/sub0?channel=${names('chan', 50)}&auth=${names('k', 4)}&r=0&w=0`);
    const again = await h.get(`/v2/auth/grant/sub-key/other?channel=${names('chan', 50)}&auth=${names('k', 4)}&r=1`);
    expect(again.status).to.equal(200);
  });

  it('bounds presence memberships and state by bytes: joins past maxPresenceBytes are not tracked, state is a 503', async () => {
    const max = 256 * 1024;
    h = await harness({ maxPresenceBytes: max });
    const channels = Array.from({ length: 40 }, (_, i) => `room-${i}`).join(',');
    for (let i = 0; i < 60; i++) {
      const uuid = `${i}-${'x'.repeat(88)}`.slice(0, 92);
      await h.get(`/v2/presence/sub-key/sub/channel/${channels}/heartbeat?uuid=${uuid}`);
      expect(h.server.stats().presenceBytes).to.be.at.most(max);
    }
    const big = { blob: 'y'.repeat(20_000) };
    let full = 0;
    for (let i = 0; i < 20; i++) {
      const r = await h.get(`/v2/presence/sub-key/sub/channel/room-0/uuid/s${i}/data?state=${enc(big)}`);
      if (r.status === 503) {
        full++;
        expect(r.json).to.deep.equal({ status: 503, message: 'Service Unavailable', error: 1, service: 'Presence' });
      }
      expect(h.server.stats().presenceBytes).to.be.at.most(max);
    }
    expect(full).to.be.greaterThan(0);
    // Leaving gives the memory back.
    const before = h.server.stats().presenceBytes;
    await h.get(`/v2/presence/sub-key/sub/channel/${channels}/leave?uuid=${`0-${'x'.repeat(88)}`.slice(0, 92)}`);
    expect(h.server.stats().presenceBytes).to.be.lessThan(before);
  });
});
