/**
 * The classic JS SDK 3.16.5, unmodified, against a PAM keyset of the real `@pubkit/server`: grant, audit and
 * revoke on `/v1/auth/*` with v1 signatures (the 3.x SDK signs every request, `/time/0` included), and a client
 * with an `auth_key` refused (403 payload at its error callbacks) before a grant and served after it.
 * docs/protocol.md §4, §6.1, §9.2, §12 quirks 9 and 22.
 */
import { expect } from 'chai';
import { ClassicCallError } from './js3-client.js';
import { channelName, type Rig, startRig } from './rig.js';

const KEYS = { publishKey: 'pub-c-pam', subscribeKey: 'sub-c-pam', secretKey: 'sec-c-pam' };

/** The `detail` of a rejected 3.x call. */
async function refusal(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (err) {
    expect(err).to.be.instanceOf(ClassicCallError);
    return (err as ClassicCallError).detail;
  }
  throw new Error('expected the 3.x call to fail');
}

describe('compat: JS SDK 3.16.5 Access Manager against a PAM keyset of the local server', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(KEYS, { keysets: [KEYS] });
  });
  afterEach(async () => {
    await rig?.close();
  });

  it('grant, audit and revoke (v1, signed by the SDK) answer with the Access Manager payloads', async () => {
    const ch = channelName('js3-pam-admin');
    const admin = rig.classic({ uuid: 'js3-admin', admin: true });
    // The SDK signs /time/0 too: a signed time request is served.
    expect(String(await admin.time())).to.match(/^\d{17}$/);

    const granted = await admin.grant({ channel: ch, auth_key: 'ak-admin', read: true, write: true, ttl: 5 });
    expect(granted).to.deep.equal({
      level: 'user',
      subscribe_key: KEYS.subscribeKey,
      ttl: 5,
      channel: ch,
      auths: { 'ak-admin': { r: 1, w: 1, m: 0 } },
    });

    const audited = (await admin.audit({ channel: ch, auth_key: 'ak-admin' })) as Record<string, unknown>;
    expect(audited).to.deep.include({ level: 'user', subscribe_key: KEYS.subscribeKey, channel: ch });
    expect(audited.auths).to.deep.equal({ 'ak-admin': { r: 1, m: 0, w: 1, ttl: 5 } });

    const revoked = (await admin.revoke({ channel: ch, auth_key: 'ak-admin' })) as Record<string, unknown>;
    expect(revoked).to.deep.include({ level: 'user', channel: ch });
    expect(revoked.auths).to.deep.equal({ 'ak-admin': { r: 0, w: 0, m: 0 } });

    const after = (await admin.audit({ channel: ch, auth_key: 'ak-admin' })) as { auths?: Record<string, unknown> };
    expect(after.auths?.['ak-admin'] ?? {}).to.not.include({ r: 1 });
  });

  it('a wrong secret key: grant is refused with 403 and no permission is stored', async () => {
    const ch = channelName('js3-pam-badsig');
    const forger = rig.classic({ uuid: 'js3-forger', secretKey: 'not-the-secret' });
    const detail = (await refusal(forger.grant({ channel: ch, auth_key: 'ak-forged', read: true, write: true }))) as {
      message?: unknown;
    };
    expect(String(detail.message)).to.match(/signature/i);

    const user = rig.classic({ uuid: 'js3-forged-user', authKey: 'ak-forged' });
    const denied = await refusal(user.publish(ch, 'sneaky'));
    expect(denied).to.deep.equal({ message: 'Forbidden', payload: { channels: [ch] } });
  });

  it('an auth_key client: publish and subscribe refused (403 payload) before the grant, served after it', async () => {
    const ch = channelName('js3-pam-user');
    const admin = rig.classic({ uuid: 'js3-pam-admin', admin: true });
    const user = rig.classic({ uuid: 'js3-pam-user', authKey: 'ak-user' });

    // Before any grant: the SDK's error callbacks get the 403's { message, payload }.
    expect(await refusal(user.publish(ch, 'too early'))).to.deep.equal({
      message: 'Forbidden',
      payload: { channels: [ch] },
    });
    const sub = user.subscribe(ch);
    const [subError] = await sub.errors.count(1, 'subscribe error');
    expect(subError).to.deep.equal({ message: 'Forbidden', payload: { channels: [ch] } });
    expect(sub.connects.items).to.deep.equal([]);

    await admin.grant({ channel: ch, auth_key: 'ak-user', read: true, write: true, ttl: 5 });

    // The 3.x subscribe loop retries every second after a 403: once granted, it connects and receives.
    await sub.connects.count(1, 'connect after the grant', 8_000);
    const [ok, sent] = (await user.publish(ch, 'now allowed')) as [unknown, unknown];
    expect([ok, sent]).to.deep.equal([1, 'Sent']);
    await admin.publish(ch, 'from the admin');
    const got = await sub.messages.count(2, 'two messages');
    expect(got.map((d) => d.message)).to.deep.equal(['now allowed', 'from the admin']);

    // Leave is read-protected; it is granted here. Unsubscribe before the revoke so the loop ends cleanly.
    expect(await user.unsubscribe(ch)).to.include({ action: 'leave' });

    await admin.revoke({ channel: ch, auth_key: 'ak-user' });
    expect(await refusal(user.publish(ch, 'too late'))).to.deep.equal({
      message: 'Forbidden',
      payload: { channels: [ch] },
    });
    // The history call is refused the same way (read revoked).
    expect(await refusal(user.history({ channel: ch }))).to.deep.equal({
      message: 'Forbidden',
      payload: { channels: [ch] },
    });
  });
});
