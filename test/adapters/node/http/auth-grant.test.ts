/**
 * `grantAccess` against a recording client: how channels are grouped into grant calls, what the answer tells the
 * browser (never the secret key; the publish key only with write), and where the keys come from.
 */
import type { GrantOptions } from '@pubkit/node';
import { type GrantingClient, grantAccess } from '@pubkit/node/http';
import { expect } from 'chai';

class RecordingClient implements GrantingClient {
  readonly grants: GrantOptions[] = [];
  readonly origin = 'https://ps.example';
  constructor(
    readonly subscribeKey: string | undefined,
    readonly publishKey: string | undefined,
  ) {}
  // The seed-mode return type is generic over the options; this stub only records and answers promise mode.
  readonly grant = ((options: GrantOptions) => {
    this.grants.push(options);
    return Promise.resolve({ message: 'Success', payload: {} });
  }) as GrantingClient['grant'];
}

describe('node/http: grantAccess', () => {
  it('groups channels by permission, one grant call each, with presence read on the read channels', async () => {
    const client = new RecordingClient('sub-c', 'pub-c');
    const grant = await grantAccess(client, { read: ['a', 'b', 'a'], write: ['a', 'c'] }, { authKey: 'k', ttl: 5 });
    const calls = client.grants.map(({ channel, read, write }) => [channel, read, write]);
    expect(calls).to.have.deep.members([
      [['a'], true, true],
      [['b', 'a-pnpres', 'b-pnpres'], true, false],
      [['c'], false, true],
    ]);
    expect(client.grants.every((g) => g.authKey === 'k' && g.ttl === 5)).to.equal(true);
    expect(grant).to.deep.equal({
      authKey: 'k',
      channels: { read: ['a', 'b'], write: ['a', 'c'] },
      ttl: 5,
      origin: 'https://ps.example',
      subscribeKey: 'sub-c',
      publishKey: 'pub-c',
    });
  });

  it('never makes a grant without channels (that would be a key-level grant) and hides the publish key from readers', async () => {
    const client = new RecordingClient('sub-c', 'pub-c');
    const grant = await grantAccess(client, { read: ['a'], write: [] }, { presence: false });
    expect(client.grants.map((g) => g.channel)).to.deep.equal([['a']]);
    expect(grant).not.to.have.property('publishKey');
    expect(grant.authKey).to.match(/^[A-Za-z0-9_-]{32}$/);
    expect(grant.ttl).to.equal(60);
  });

  it('takes the keys from the client, or from keys when given, and refuses when there is no subscribe key', async () => {
    const bare = new RecordingClient(undefined, undefined);
    const told = await grantAccess(
      bare,
      { read: [], write: ['w'] },
      { keys: { subscribeKey: 's2', publishKey: 'p2' } },
    );
    expect([told.subscribeKey, told.publishKey]).to.deep.equal(['s2', 'p2']);
    let failure: unknown;
    await grantAccess(bare, { read: ['a'], write: [] }).catch((err: unknown) => {
      failure = err;
    });
    expect(failure).to.have.property('code', 'PN_VALIDATION');
    expect(bare.grants).to.have.length(1);
  });
});
