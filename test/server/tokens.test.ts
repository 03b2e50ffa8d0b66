import { parseToken } from '@pubkit/core';
import { expect } from 'chai';
import { pubnub7, type Sdk7, type Sdk7Error, sdk7Status } from '../compat/pubnub7.js';
import { until } from '../support/until.js';
import { enc, type FakeClock, fakeClock, type Harness, harness } from './helpers.js';

const keyset = { publishKey: 'pub', subscribeKey: 'sub', secretKey: 'sec' };
// Same secret on purpose: a token of one keyset must still fail on the other.
const other = { publishKey: 'pub2', subscribeKey: 'sub2', secretKey: 'sec' };

describe('server: Access Manager v3 tokens, driven by pubnub@7.3.3', () => {
  let h: Harness;
  let clock: FakeClock;
  let admin: Sdk7;
  const clients: Sdk7[] = [];
  const client = (uuid: string, token?: string): Sdk7 => {
    const c = pubnub7({ url: h.server.url, subscribeKey: 'sub', publishKey: 'pub', uuid });
    if (token !== undefined) c.setToken(token);
    clients.push(c);
    return c;
  };
  const grantAlice = () =>
    admin.grantToken({
      ttl: 10,
      authorized_uuid: 'alice',
      resources: { channels: { 'room-1': { read: true, write: true }, 'room-1-pnpres': { read: true } } },
      patterns: { channels: { '^public\\.': { read: true } } },
      meta: { plan: 'pro' },
    });
  const raw = (path: string, token: string, uuid = 'alice') =>
    h.get(`${path}${path.includes('?') ? '&' : '?'}uuid=${uuid}&auth=${encodeURIComponent(token)}`);

  beforeEach(async () => {
    // The SDK signs with the real clock; the server starts at real time so its ±60 s window holds.
    clock = fakeClock(Date.now());
    h = await harness({ clock, keysets: [keyset, other], pollTimeoutMs: 30_000 });
    admin = pubnub7({ url: h.server.url, ...keyset, uuid: 'admin' });
    clients.push(admin);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    await h.close();
  });

  it('grantToken issues a token that parses the same in pubnub@7.3.3 and in pubkit', async () => {
    const token = await grantAlice();
    const theirs = admin.parseToken(token)!;
    const ours = parseToken(token);
    const { authorized_uuid, signature, ...rest } = theirs;
    const { authorizedUuid, signature: ourSignature, ...ourRest } = ours;
    expect(authorizedUuid).to.equal('alice').and.equal(authorized_uuid);
    expect(ourRest).to.deep.equal(rest);
    expect(Buffer.from(ourSignature).equals(signature as Buffer)).to.equal(true);
    expect(ours.meta).to.deep.equal({ plan: 'pro' });
    expect(ours.ttl).to.equal(10);
    expect(Math.abs(ours.timestamp - clock.ms / 1000)).to.be.below(2);
  });

  it('a client holding only the token is allowed and denied exactly as the token says', async () => {
    const alice = client('alice', await grantAlice());
    expect(await sdk7Status(alice.publish({ channel: 'room-1', message: 'hi' }))).to.equal(200);
    expect(await sdk7Status(alice.signal({ channel: 'room-1', message: 's' }))).to.equal(200);
    expect(await sdk7Status(alice.history({ channel: 'room-1' }))).to.equal(200);
    expect(await sdk7Status(alice.hereNow({ channels: ['room-1'] }))).to.equal(200);
    expect(await sdk7Status(alice.publish({ channel: 'room-2', message: 'hi' }))).to.equal(403);
    expect(await sdk7Status(alice.publish({ channel: 'public.lobby', message: 'hi' }))).to.equal(403); // read only
    expect(await sdk7Status(alice.history({ channel: 'public.lobby' }))).to.equal(200); // pattern grants read
    expect(await sdk7Status(alice.history({ channel: 'room-2' }))).to.equal(403);
  });

  it('subscribe: read on each channel (presence channels are their own resource), 403 body names the refused', async () => {
    const token = await grantAlice();
    expect((await raw('/v2/subscribe/sub/room-1,room-1-pnpres,public.news/0', token)).status).to.equal(200);
    const denied = await raw('/v2/subscribe/sub/room-1,room-2/0', token);
    expect(denied.status).to.equal(403);
    expect(denied.json).to.deep.equal({
      message: 'Forbidden',
      payload: { channels: ['room-2'] },
      error: true,
      service: 'Access Manager',
      status: 403,
    });
    expect((await raw('/v2/subscribe/sub/public.news-pnpres/0', token)).status).to.equal(200); // the pattern matches it
    expect((await raw('/v2/presence/sub-key/sub', token)).status).to.equal(403); // a token grants no key-wide reads
  });

  it('channel groups: the registry needs manage on the group, subscribing through it needs read', async () => {
    const token = await admin.grantToken({
      ttl: 10,
      resources: { groups: { team: { read: true, manage: true }, watchers: { read: true } } },
    });
    expect((await raw('/v1/channel-registration/sub-key/sub/channel-group/team?add=a,b', token)).status).to.equal(200);
    const unmanaged = await raw('/v1/channel-registration/sub-key/sub/channel-group/watchers?add=a', token);
    expect(unmanaged.status).to.equal(403);
    expect((await raw('/v2/subscribe/sub/,/0?channel-group=team', token)).status).to.equal(200);
    const denied = await raw('/v2/subscribe/sub/,/0?channel-group=team,other', token);
    expect(denied.status).to.equal(403);
    expect((denied.json as { payload: unknown }).payload).to.deep.equal({ 'channel-groups': ['other'] });
  });

  it('403 with a message for a token for another uuid, tampered, for another keyset, revoked, expired', async () => {
    const token = await grantAlice();
    const message = async (path: string, t: string, uuid?: string) => {
      const r = await raw(path, t, uuid);
      expect(r.status, path).to.equal(403);
      return (r.json as { message: string }).message;
    };
    const pub = `/publish/pub/sub/0/room-1/0/${enc('m')}`;
    expect(await message(pub, token, 'bob')).to.equal('Token is not authorized for this uuid.');
    const mid = Math.floor(token.length / 2);
    const tampered = token.slice(0, mid) + (token[mid] === 'A' ? 'B' : 'A') + token.slice(mid + 1);
    expect(await message(pub, tampered)).to.be.oneOf(['Token signature does not match.', 'Token is malformed.']);
    expect(await message(`/publish/pub2/sub2/0/room-1/0/${enc('m')}`, token)).to.equal(
      'Token signature does not match.',
    );
    expect((await raw(pub, token)).status).to.equal(200);
    expect(await admin.revokeToken(token)).to.deep.equal({ status: 200, data: { message: 'Success' } });
    expect(await message(pub, token)).to.equal('Token is revoked.');
    // Revocation follows the token, not its spelling: the standard base64 alphabet is the same token.
    expect(await message(pub, token.replace(/-/g, '+').replace(/_/g, '/'))).to.be.oneOf(['Token is revoked.']);

    // An identical grant in the same second is the same token (and so revoked too): grant a different one.
    const fresh = await admin.grantToken({
      ttl: 5,
      authorized_uuid: 'alice',
      resources: { channels: { 'room-1': { write: true } } },
    });
    expect((await raw(pub, fresh)).status).to.equal(200);
    clock.ms += 10 * 60_000;
    expect(await message(pub, fresh)).to.equal('Token is expired.');
  });

  it('a long-poll parked under a token is refused once the token is revoked, not handed what came after', async () => {
    const token = await grantAlice();
    const t = ((await raw('/v2/subscribe/sub/room-1/0', token)).json as { t: { t: string } }).t.t;
    const parked = raw(`/v2/subscribe/sub/room-1/0?tt=${t}`, token);
    await until(() => h.server.stats().parked === 1, 'the long-poll to park');
    await admin.revokeToken(token);
    await admin.publish({ channel: 'room-1', message: 'after the revoke' });
    const r = await parked;
    expect(r.status).to.equal(403);
    expect(r.text).to.not.contain('after the revoke');
    expect((r.json as { message: string }).message).to.equal('Token is revoked.');
  });

  it('a token-shaped auth that does not decode, or whose bytes were cut, is 403 "Token is malformed."', async () => {
    const token = await grantAlice();
    const pub = `/publish/pub/sub/0/room-1/0/${enc('m')}`;
    for (const bad of [token.slice(0, token.length - 10), `${token.slice(0, 50)}!!`, `${token}AAAA`]) {
      const r = await raw(pub, bad);
      expect(r.status).to.equal(403);
      expect((r.json as { message: string }).message).to.equal('Token is malformed.');
    }
  });

  it('v2 grants keep working beside tokens', async () => {
    const token = await grantAlice();
    const g = await sdk7Status(
      (admin as unknown as { grant(p: object): Promise<unknown> }).grant({
        channels: ['v2-room'],
        authKeys: ['plain-key'],
        read: true,
        write: true,
        ttl: 5,
      }),
    );
    expect(g).to.equal(200);
    expect((await raw(`/publish/pub/sub/0/v2-room/0/${enc('m')}`, 'plain-key', 'anyone')).status).to.equal(200);
    expect((await raw(`/publish/pub/sub/0/v2-room/0/${enc('m')}`, token)).status).to.equal(403);
    expect((await raw(`/publish/pub/sub/0/room-1/0/${enc('m')}`, 'plain-key', 'anyone')).status).to.equal(403);
  });

  it('bad grants are 400 with the v3 error body; unsigned grant or revoke is 403', async () => {
    const status = async (call: Promise<unknown>) => sdk7Status(call);
    const grant = (p: Parameters<Sdk7['grantToken']>[0]) => status(admin.grantToken(p));
    expect(await grant({ ttl: 0, resources: { channels: { a: { read: true } } } })).to.equal(400);
    expect(await grant({ ttl: 43_201, resources: { channels: { a: { read: true } } } })).to.equal(400);
    expect(await grant({ ttl: 5, patterns: { channels: { '([a-': { read: true } } } })).to.equal(400);
    expect(await grant({ ttl: 5, resources: { channels: { a: { bogus: true } } } })).to.equal(400); // sent as 0: nothing
    expect(await grant({ ttl: 43_200, resources: { channels: { a: { read: true } } } })).to.equal(200);
    const refused = await admin.grantToken({ ttl: 0, resources: { channels: { a: { read: true } } } }).catch((e) => e);
    expect((refused as Sdk7Error).status?.errorData).to.deep.equal({
      error: {
        message: 'Invalid request',
        source: 'grant',
        details: [
          { message: 'ttl must be a whole number of minutes from 1 to 43200', location: 'ttl', locationType: 'body' },
        ],
      },
      service: 'Access Manager',
      status: 400,
    });

    const body = JSON.stringify({ ttl: 5, permissions: { resources: { channels: { a: 256 } } } });
    const r = await h.get('/v3/pam/sub/grant', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).to.equal(403); // unsigned
    expect((r.json as { message: string }).message).to.equal('Signature Does Not Match');
    const unsigned = await h.get(`/v3/pam/sub/grant/${await grantAlice()}?uuid=x`, { method: 'DELETE' });
    expect(unsigned.status).to.equal(403);
    expect(await status(admin.revokeToken('qEF2AkF0GmEI03xD'))).to.equal(400);
    expect(await status(admin.revokeToken('nonsense'))).to.equal(400);
  });
});

describe('server: tokens stay out of the log', () => {
  it('grant, use and revoke log no token, only the revoke path with [token]', async () => {
    const lines: string[] = [];
    const record = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields)}`);
    const logger = { debug: record, info: record, warn: record, error: record };
    const h = await harness({ clock: fakeClock(Date.now()), keysets: [keyset], logger });
    const admin = pubnub7({ url: h.server.url, ...keyset, uuid: 'admin' });
    try {
      const token = await admin.grantToken({ ttl: 5, resources: { channels: { a: { write: true } } } });
      await h.get(`/publish/pub/sub/0/a/0/${enc('m')}?uuid=u&auth=${token}`);
      await admin.revokeToken(token);
      await until(() => lines.some((l) => l.includes('[token]')), 'the revoke logged');
      expect(lines.join('\n')).to.not.contain(token.slice(0, 30));
      expect(lines.find((l) => l.includes('[token]'))).to.contain('"path":"/v3/pam/sub/grant/[token]"');
    } finally {
      admin.stop();
      await h.close();
    }
  });
});
