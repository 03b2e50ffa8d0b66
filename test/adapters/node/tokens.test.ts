/**
 * Access Manager v3 tokens through @pubkit/node against the real server: grantToken, parseToken, setToken,
 * revokeToken, view({ token }); and interop with pubnub@7.3.3 both ways.
 */
import { PubnubAccessDeniedError, type PubnubError, PubnubTokenError, PubnubValidationError } from '@pubkit/node';
import { expect } from 'chai';
import { pubnub7, sdk7Status } from '../../compat/pubnub7.js';
import { channelName, PAM_KEYSET, until, useHarness } from './support/server.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('node client: Access Manager v3 tokens', () => {
  const h = useHarness();
  const admin = () => h().client({ ...PAM_KEYSET, uuid: 'admin' });
  const user = (uuid: string) =>
    h().client({ publishKey: PAM_KEYSET.publishKey, subscribeKey: PAM_KEYSET.subscribeKey, uuid });

  it('grantToken → setToken: allowed and denied as the token says; revokeToken ends it', async () => {
    const room = channelName('room');
    const token = await admin().grantToken({
      ttl: 5,
      authorizedUuid: 'alice',
      resources: { channels: { [room]: { read: true, write: true } } },
      patterns: { channels: { '^lobby\\.': { read: true } } },
      meta: { role: 'member' },
    });
    const alice = user('alice');
    expect(await rejection(alice.publish(room, 'no token yet'))).to.be.instanceOf(PubnubAccessDeniedError);
    alice.setToken(token);
    expect(alice.getToken()).to.equal(token);
    expect((await alice.publish(room, 'hi'))[0]).to.equal(1);
    expect((await alice.history(room))[0]).to.deep.equal(['hi']);
    expect(await rejection(alice.publish(channelName('other'), 'x'))).to.be.instanceOf(PubnubAccessDeniedError);
    expect(await rejection(alice.publish('lobby.main', 'x'))).to.be.instanceOf(PubnubAccessDeniedError);
    expect(await alice.history('lobby.main')).to.have.length(3);

    const bob = user('bob');
    bob.setToken(token);
    const denied = await rejection(bob.publish(room, 'not mine'));
    expect((denied as PubnubAccessDeniedError).message).to.contain('not authorized for this uuid');

    expect(await admin().revokeToken(token)).to.deep.equal({ status: 200, data: { message: 'Success' } });
    const revoked = await rejection(alice.publish(room, 'after revoke'));
    expect((revoked as PubnubAccessDeniedError).message).to.contain('Token is revoked');
    alice.setToken(undefined);
    expect(alice.getToken()).to.equal(undefined);
  });

  it('a subscription sends the token on its handshake and polls', async () => {
    const room = channelName('live');
    const token = await admin().grantToken({
      ttl: 5,
      authorizedUuid: 'carol',
      resources: { channels: { [room]: { read: true, write: true } } },
    });
    const carol = user('carol');
    carol.setToken(token);
    const got: unknown[] = [];
    const errors: PubnubError[] = [];
    carol.subscribe(room, { callback: (m) => got.push(m), error: (e) => errors.push(e) });
    await until(async () => {
      await carol.publish(room, got.length);
      return got.length > 0;
    }, 'message');
    expect(errors).to.deep.equal([]);
  });

  it('view({ token }) answers one request under that token; the client is untouched', async () => {
    const room = channelName('view');
    const client = user('dave');
    const token = await admin().grantToken({ ttl: 5, resources: { channels: { [room]: { write: true } } } });
    expect((await client.view({ token }).publish(room, 'via view'))[0]).to.equal(1);
    expect(await rejection(client.publish(room, 'no token'))).to.be.instanceOf(PubnubAccessDeniedError);
    expect(() => client.view({ token: 'not-a-token' })).to.throw(PubnubTokenError);
  });

  it('parseToken: what pubnub@7.3.3 reports, for tokens issued by pubkit and by pubnub@7.3.3', async () => {
    const room = channelName('parse');
    const params = {
      ttl: 30,
      resources: { channels: { [room]: { read: true, join: true } }, uuids: { eve: { get: true, update: true } } },
      patterns: { groups: { '^team-': { read: true, manage: true } } },
      meta: { n: 1, ok: true },
    };
    const sdk = pubnub7({ url: h().url, ...PAM_KEYSET, uuid: 'sdk-admin' });
    try {
      const fromPubkit = await admin().grantToken({ ...params, authorizedUuid: 'eve' });
      const fromSdk = await sdk.grantToken({ ...params, authorized_uuid: 'eve' });
      for (const token of [fromPubkit, fromSdk]) {
        const ours = admin().parseToken(token);
        const { authorized_uuid, signature, ...theirs } = sdk.parseToken(token)!;
        const { authorizedUuid, signature: ourSignature, ...rest } = ours;
        expect(rest).to.deep.equal(theirs);
        expect(authorizedUuid).to.equal(authorized_uuid);
        expect(Buffer.from(ourSignature).equals(signature as Buffer)).to.equal(true);
      }
      // A pubkit-issued token works in pubnub@7.3.3's hands.
      const holder = pubnub7({ url: h().url, subscribeKey: PAM_KEYSET.subscribeKey, uuid: 'eve' });
      holder.setToken(fromPubkit);
      expect(await sdk7Status(holder.history({ channel: room }))).to.equal(200);
      expect(await sdk7Status(holder.history({ channel: channelName('nope') }))).to.equal(403);
      holder.stop();
    } finally {
      sdk.stop();
    }
  });

  it('bad input is a typed error before anything is sent', async () => {
    const c = admin();
    expect(() => c.parseToken('%%%')).to.throw(PubnubTokenError);
    expect(() => c.setToken('abc!')).to.throw(PubnubTokenError);
    expect(() => c.grantToken({ ttl: 0, resources: { channels: { a: { read: true } } } })).to.throw(
      PubnubValidationError,
      /ttl/,
    );
    expect(() => c.grantToken({ ttl: 5, resources: { channels: { a: { admin: true } as never } } })).to.throw(
      /unknown permission "admin"/,
    );
    expect(() => c.grantToken({ ttl: 5, patterns: { uuids: { '*bad': { get: true } } } })).to.throw(
      /not a valid regular expression/,
    );
    expect(() => user('x').grantToken({ ttl: 5, resources: { channels: { a: { read: true } } } })).to.throw(
      PubnubValidationError,
      /secretKey/,
    );
    expect(() => c.revokeToken('nope')).to.throw(PubnubTokenError);
    const errors: PubnubError[] = [];
    c.grantToken({ ttl: -1, error: (e) => errors.push(e) });
    await until(() => errors.length === 1, 'error callback');
    expect(errors[0]).to.be.instanceOf(PubnubValidationError);
  });
});
