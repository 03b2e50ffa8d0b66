import { expect } from 'chai';
import { enc, fakeClock, type Harness, harness, PAM_KEYS as keys, NOW_SEC, signed } from './helpers.js';

const FORBIDDEN = (channels: string[]) =>
  JSON.stringify({
    message: 'Forbidden',
    payload: { channels },
    error: true,
    service: 'Access Manager',
    status: 403,
  });

describe('server: Access Manager (docs/protocol.md §4, §6.4)', () => {
  let h: Harness;
  let clock: ReturnType<typeof fakeClock>;
  beforeEach(async () => {
    clock = fakeClock(NOW_SEC * 1000);
    h = await harness({ clock, keysets: [keys, { publishKey: 'open-pub', subscribeKey: 'open-sub' }] });
  });
  afterEach(async () => h.close());

  const publish = (ch: string, auth = 'ak') => h.get(`/publish/pub/sub/0/${ch}/0/${enc('m')}?auth=${auth}&uuid=u`);

  it('403 without a grant, success after a channel+auth grant, 403 again after revoke', async () => {
    const denied = await publish('ch1');
    expect(denied.status).to.equal(403);
    expect(denied.text).to.equal(FORBIDDEN(['ch1']));
    const g = await h.get(signed('/v2/auth/grant/sub-key/sub', { channel: 'ch1', auth: 'ak', r: '1', w: '1', m: '0' }));
    expect(g.text).to.equal(
      '{"message":"Success","payload":{"level":"user","subscribe_key":"sub","ttl":1440,"channel":"ch1","auths":{"ak":{"r":1,"w":1,"m":0,"d":0}}},"service":"Access Manager","status":200}',
    );
    expect((await publish('ch1')).status).to.equal(200);
    expect((await publish('ch1', 'other')).status).to.equal(403);
    expect((await h.get('/v2/subscribe/sub/ch1,ch1-pnpres/0?auth=ak')).text).to.equal(FORBIDDEN(['ch1-pnpres']));
    await h.get(signed('/v1/auth/grant/sub-key/sub', { channel: 'ch1', auth: 'ak', r: '0', w: '0', ttl: '1' }));
    expect((await publish('ch1')).status).to.equal(403);
  });

  it('enforces read on subscribe, history, here_now, leave, heartbeat and state', async () => {
    for (const p of [
      '/v2/subscribe/sub/ch1/0',
      '/subscribe/sub/ch1/0/0',
      '/v2/history/sub-key/sub/channel/ch1',
      '/v2/presence/sub_key/sub/channel/ch1',
      '/v2/presence/sub_key/sub/channel/ch1/leave?uuid=u',
      '/v2/presence/sub-key/sub/channel/ch1/heartbeat?uuid=u',
      '/v2/presence/sub-key/sub/channel/ch1/uuid/u',
    ]) {
      expect((await h.get(p)).status, p).to.equal(403);
    }
    await h.get(signed('/v2/auth/grant/sub-key/sub', { channel: 'ch1', r: '1' }));
    expect((await h.get('/v2/history/sub-key/sub/channel/ch1')).status).to.equal(200);
    expect((await publish('ch1')).status).to.equal(403);
  });

  it('subkey-level grants cover every channel; ttl expires on the injected clock', async () => {
    const g = await h.get(signed('/v1/auth/grant/sub-key/sub', { r: '1', w: '1', ttl: '5' }));
    expect(g.text).to.equal(
      '{"message":"Success","payload":{"level":"subkey","subscribe_key":"sub","ttl":5,"r":1,"w":1,"m":0},"service":"Access Manager","status":200}',
    );
    expect((await publish('any')).status).to.equal(200);
    clock.ms += 5 * 60_000 + 1;
    expect((await publish('any')).status).to.equal(403);
  });

  it('a correctly signed request passes as admin; bad signature 403, stale timestamp 400', async () => {
    const path = `/publish/pub/sub/0/ch1/0/${enc('m')}`;
    expect((await h.get(signed(path, { uuid: 'u' }))).status).to.equal(200);
    const stale = await h.get(signed(path, { uuid: 'u' }, NOW_SEC - 61));
    expect(stale.status).to.equal(400);
    expect(stale.text).to.equal('{"message":"Invalid Timestamp","error":true,"service":"Access Manager","status":400}');
    const bad = await h.get(`${path}?uuid=u&timestamp=${NOW_SEC}&signature=v2.AAAA`);
    expect(bad.status).to.equal(403);
    expect((bad.json as { message: string }).message).to.equal('Signature Does Not Match');
    expect((await h.get('/v2/auth/grant/sub-key/sub?channel=x&r=1')).status).to.equal(403);
  });

  it('grant with comma lists and auth=null, then audit shows the remaining ttl', async () => {
    const g = await h.get(signed('/v1/auth/grant/sub-key/sub', { channel: 'a,b', r: '1', w: '1', ttl: '60' }));
    expect((g.json as { payload: unknown }).payload).to.deep.equal({
      level: 'channel',
      subscribe_key: 'sub',
      ttl: 60,
      channels: { a: { r: 1, w: 1, m: 0 }, b: { r: 1, w: 1, m: 0 } },
    });
    const gen = await h.get(signed('/v1/auth/grant/sub-key/sub', { channel: 'c', auth: 'null', r: '1' }));
    const auths = (gen.json as { payload: { auths: Record<string, unknown> } }).payload.auths;
    expect(Object.keys(auths)).to.have.length(1).and.not.include('null');
    clock.ms += 30 * 60_000;
    const a = await h.get(signed('/v1/auth/audit/sub-key/sub', { channel: 'a' }, NOW_SEC + 1800));
    expect(a.text).to.equal(
      '{"message":"Success","payload":{"level":"channel","subscribe_key":"sub","channels":{"a":{"r":1,"m":0,"w":1,"ttl":30}}},"service":"Access Manager","status":200}',
    );
  });

  it('serves an open keyset beside the PAM one and refuses unknown keys', async () => {
    expect((await h.get(`/publish/open-pub/open-sub/0/ch/0/${enc(1)}`)).status).to.equal(200);
    const unknown = await h.get(`/publish/x/unknown/0/ch/0/${enc(1)}`);
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.equal(
      '{"message":"Invalid Subscribe Key","error":true,"service":"Access Manager","status":400}',
    );
    const wrongPub = await h.get(`/publish/nope/open-sub/0/ch/0/${enc(1)}`);
    expect(wrongPub.status).to.equal(400);
    expect((wrongPub.json as unknown[]).slice(0, 2)).to.deep.equal([0, 'Invalid Key']);
  });
});
