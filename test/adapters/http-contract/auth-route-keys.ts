/**
 * One check, run by the Express and the Koa suites: `authRoute` takes the browser keys from a `Pubnub` (or a
 * view) by itself, and only a stand-in client without `subscribeKey` needs the `keys` option, which a
 * misconfigured app learns at setup (a `TypeError`), not from its first browser.
 */

import { Pubnub } from '@pubkit/node';
import type { BrowserKeys, GrantingClient } from '@pubkit/node/http';
import { expect } from 'chai';

/** The part of either adapter's `authRoute` options this check uses. */
interface KeyedRouteOptions {
  readonly client: GrantingClient;
  readonly channels: () => { read: string[]; write: string[] };
  readonly keys?: BrowserKeys;
}

/** Registers the check as an `it` in the calling suite. */
export function itReadsKeysFromTheClient(authRoute: (options: KeyedRouteOptions) => unknown): void {
  it('authRoute reads the browser keys from the client; only a stand-in without them needs keys', async () => {
    const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', secretKey: 'x', origin: 'http://127.0.0.1:1' });
    try {
      const channels = () => ({ read: ['a'], write: [] });
      expect(() => authRoute({ client, channels })).not.to.throw();
      expect(() => authRoute({ client: client.view({ authKey: 'k' }), channels })).not.to.throw();
      const standIn: GrantingClient = { grant: client.grant.bind(client), origin: client.origin };
      expect(() => authRoute({ client: standIn, channels })).to.throw(TypeError, /subscribeKey/);
      expect(() => authRoute({ client: standIn, channels, keys: { subscribeKey: 's' } })).not.to.throw();
    } finally {
      await client.close();
    }
  });
}
