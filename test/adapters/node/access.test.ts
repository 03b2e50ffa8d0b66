/**
 * PAM end to end: a client with an auth key is denied (403) without a grant, allowed after one, denied again after
 * a revoke; a denied subscribe reports once and is not retried in a storm.
 */
import { PubnubAccessDeniedError, type PubnubError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, PAM_KEYSET, until, useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('node client: access manager', () => {
  const h = useHarness();

  it('403 without a grant, success after grant, 403 after revoke', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const user = h().client({
      publishKey: PAM_KEYSET.publishKey,
      subscribeKey: PAM_KEYSET.subscribeKey,
      authKey: 'user-key',
    });
    const ch = channelName('pam');
    const denied = await rejection(user.publish(ch, 'hi'));
    expect(denied).to.be.instanceOf(PubnubAccessDeniedError);
    expect((denied as PubnubAccessDeniedError).upstream.status).to.equal(403);
    expect(denied).to.not.have.property('status');
    await admin.grant({ channel: ch, authKey: 'user-key', read: true, write: true, ttl: 5 });
    expect((await user.publish(ch, 'hi'))[0]).to.equal(1);
    const [messages] = await user.history(ch);
    expect(messages).to.deep.equal(['hi']);
    await admin.revoke({ channel: ch, authKey: 'user-key' });
    expect(await rejection(user.publish(ch, 'again'))).to.be.instanceOf(PubnubAccessDeniedError);
  });

  it('a denied subscribe calls error once with PubnubAccessDeniedError and does not retry', async () => {
    const proxy = await startTcpProxy(h().url);
    try {
      // pooling: false opens one connection per request, so the proxy's connection count is the request count.
      const user = h().client({
        publishKey: PAM_KEYSET.publishKey,
        subscribeKey: PAM_KEYSET.subscribeKey,
        authKey: 'nobody',
        origin: proxy.url,
        pooling: false,
      });
      const errors: PubnubError[] = [];
      user.subscribe(channelName('pam'), { error: (e) => errors.push(e) });
      await until(() => errors.length === 1, 'error');
      const requests = proxy.connections;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(errors).to.have.length(1);
      expect(errors[0]).to.be.instanceOf(PubnubAccessDeniedError);
      expect(proxy.connections).to.equal(requests);
      await user.close();
    } finally {
      await proxy.close();
    }
  });

  it('a view carries its own auth key over the shared pool', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const ch = channelName('pam');
    await admin.grant({ channel: ch, authKey: 'view-key', write: true });
    const base = h().client({ publishKey: PAM_KEYSET.publishKey, subscribeKey: PAM_KEYSET.subscribeKey });
    const view = base.view({ authKey: 'view-key', uuid: 'view-user' });
    expect(view.uuid).to.equal('view-user');
    expect((await view.publish(ch, 'from view'))[0]).to.equal(1);
    expect(await rejection(base.publish(ch, 'no key'))).to.be.instanceOf(PubnubAccessDeniedError);
  });
});
