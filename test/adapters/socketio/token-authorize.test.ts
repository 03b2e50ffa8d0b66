/**
 * Issue 14: bridge sockets authorized from Access Manager v3 tokens (`tokenAuthorizer`), over socket.io and ws,
 * against the real server: a socket may join and publish exactly as its token says; a revoked or expired token
 * takes the socket out of the rooms it may no longer read.
 */
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { tokenAuthorizer } from '@pubkit/socketio';
import { expect } from 'chai';
import { type Harness, type HarnessOptions, startSocketIo, startWs } from './harness.js';

const keyset = { publishKey: 'pub-b', subscribeKey: 'sub-b', secretKey: 'sec-b' };

for (const [name, start] of [
  ['socket.io', startSocketIo],
  ['ws', startWs],
] as const) {
  describe(`${name} bridge: tokenAuthorizer`, () => {
    let server: RunningServer;
    let admin: Pubnub;
    let harness: Harness | undefined;
    let closeAuthorizer = (): void => {};
    beforeEach(async () => {
      server = await startServer({ port: 0, keysets: [keyset] });
      admin = new Pubnub({ ...keyset, origin: server.url, uuid: 'bridge' });
    });
    afterEach(async () => {
      closeAuthorizer();
      await harness?.close();
      harness = undefined;
      await admin.close();
      await server.close();
    });

    /** A bridge whose sockets act under the tokens in `tokens` (by user), server-held as the helper requires. */
    async function bridgeWith(tokens: Map<string, string>, nowMs?: () => number) {
      const auth = tokenAuthorizer<string>({ token: (user) => tokens.get(user), uuid: (user) => user, nowMs });
      closeAuthorizer = () => auth.close();
      const options: HarnessOptions = {
        authorize: (user, channel, permission) => auth.authorize(user, channel, permission),
      };
      harness = await start(admin, options);
      auth.attach(harness.bridge);
      return { auth, harness };
    }

    it('joins and publishes as the token says; revoke removes the socket from the room', async () => {
      const ana = await admin.grantToken({
        ttl: 10,
        authorizedUuid: 'ana',
        resources: { channels: { lobby: { read: true, write: true } } },
        patterns: { channels: { '^news\\.': { read: true } } },
      });
      const bob = await admin.grantToken({
        ttl: 10,
        authorizedUuid: 'bob',
        resources: { channels: { lobby: { read: true } } },
      });
      const tokens = new Map([
        ['ana', ana],
        ['bob', bob],
        ['eve', ana], // someone else's token: bound to ana
      ]);
      const { auth, harness: h } = await bridgeWith(tokens);
      const pa = await h.connect('ana');
      const pb = await h.connect('bob');
      const pe = await h.connect('eve');
      expect((await pa.request('subscribe', { channels: ['lobby', 'news.today'] })).error).to.equal(null);
      expect((await pa.request('subscribe', { channels: ['secret'] })).error?.code).to.equal('FORBIDDEN');
      expect((await pb.request('subscribe', { channels: ['lobby'] })).error).to.equal(null);
      expect((await pb.request('publish', { channel: 'lobby', message: 'x' })).error?.code).to.equal('FORBIDDEN');
      expect((await pe.request('subscribe', { channels: ['lobby'] })).error?.code).to.equal('FORBIDDEN');
      expect((await pa.request('publish', { channel: 'lobby', message: 'one' })).error).to.equal(null);
      await pb.log.waitFor('message', (m) => m.message === 'one');

      await admin.revokeToken(bob);
      expect(await auth.revoke(bob)).to.equal(1);
      expect(await pb.log.waitFor('status', (s) => s.category === 'access-denied')).to.deep.equal({
        category: 'access-denied',
        channel: 'lobby',
      });
      expect((await pa.request('publish', { channel: 'lobby', message: 'two' })).error).to.equal(null);
      await pa.log.waitFor('message', (m) => m.message === 'two');
      expect(pb.log.messages('lobby')).to.deep.equal(['one']);
      expect((await pb.request('subscribe', { channels: ['lobby'] })).error?.code).to.equal('FORBIDDEN');
    });

    it('an expiring token takes the socket out of its rooms when it expires, without a call', async () => {
      const ana = await admin.grantToken({
        ttl: 1,
        authorizedUuid: 'ana',
        resources: { channels: { lobby: { read: true } } },
      });
      const expiresAtMs = (admin.parseToken(ana).timestamp + 60) * 1000;
      // A clock 300 ms short of the token's expiry: the helper's timer fires for real in about 300 ms.
      const offset = expiresAtMs - 300 - Date.now();
      const { harness: h } = await bridgeWith(new Map([['ana', ana]]), () => Date.now() + offset);
      const pa = await h.connect('ana');
      expect((await pa.request('subscribe', { channels: ['lobby'] })).error).to.equal(null);
      expect(await pa.log.waitFor('status', (s) => s.category === 'access-denied', 3000)).to.include({
        channel: 'lobby',
      });
      expect((await pa.request('subscribe', { channels: ['lobby'] })).error?.code).to.equal('FORBIDDEN');
    });
  });
}
