/**
 * The keys a `Pubnub` tells: `subscribeKey` and `publishKey` are read-only getters on the client and on every
 * view (so `authRoute` needs no `keys` option), and the secret key is reachable by no property at all.
 */
import { inspect } from 'node:util';
import { Pubnub } from '@pubkit/node';
import type { GrantingClient } from '@pubkit/node/http';
import { expect } from 'chai';

const SECRET = 'sec-c-must-not-leak';

describe('node/http: the keys a client exposes', () => {
  it('client and views expose subscribeKey and publishKey, read-only', async () => {
    const client = new Pubnub({ publishKey: 'pub-c', subscribeKey: 'sub-c', secretKey: SECRET });
    try {
      const view = client.view({ authKey: 'browser', uuid: 'u1' });
      for (const target of [client, view]) {
        expect([target.subscribeKey, target.publishKey]).to.deep.equal(['sub-c', 'pub-c']);
        expect(Object.keys(target)).to.deep.equal([]);
      }
      // Getters without setters: an assignment throws in strict code and changes nothing in sloppy code.
      for (const key of ['subscribeKey', 'publishKey']) {
        const descriptor = Object.getOwnPropertyDescriptor(Pubnub.prototype, key);
        expect(descriptor?.get, key).to.be.a('function');
        expect(descriptor?.set, key).to.equal(undefined);
      }
      // A Pubnub is a GrantingClient with its keys, so the auth routes read them from it.
      const granting: GrantingClient = view;
      expect(granting.subscribeKey).to.equal('sub-c');
    } finally {
      await client.close();
    }
  });

  it('never exposes the secret key: no property, no enumerable state, not in inspect() or JSON', async () => {
    const client = new Pubnub({ publishKey: 'pub-c', subscribeKey: 'sub-c', secretKey: SECRET });
    try {
      for (const target of [client, client.view({ authKey: 'a' })]) {
        expect('secretKey' in target).to.equal(false);
        expect(inspect(target, { depth: 5, showHidden: true })).not.to.contain(SECRET);
        expect(JSON.stringify(target)).not.to.contain(SECRET);
      }
    } finally {
      await client.close();
    }
  });
});
