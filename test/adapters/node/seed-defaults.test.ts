/**
 * The seed's own defaults (issue 10; README "Decisions"), against the real PAM server on port 0: grant reads and
 * writes by default; revoke sends ttl=1; grant/revoke/audit take comma-separated strings as well as arrays; each
 * `"null"` auth key becomes a new key; `hereNow(null)` is the global here_now in both modes.
 */
import type { AccessResult, HereNowResult } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, PAM_KEYSET, useHarness } from './support/server.js';

describe('node client: the seed defaults', () => {
  const h = useHarness();

  it('grant({ channel, authKey }) grants read and write (not manage); the key can then publish', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const ch = channelName('seed');
    const result = await admin.grant({ channel: ch, authKey: 'seed-user', ttl: 5 });
    expect(result.payload.channels[ch]?.auths['seed-user']).to.deep.include({ r: true, w: true, m: false });
    const user = h().client({
      publishKey: PAM_KEYSET.publishKey,
      subscribeKey: PAM_KEYSET.subscribeKey,
      authKey: 'seed-user',
    });
    expect((await user.publish(ch, 'hi'))[0]).to.equal(1);
    const readOnly = await admin.grant({ channel: ch, authKey: 'reader', write: false, ttl: 5 });
    expect(readOnly.payload.channels[ch]?.auths.reader).to.deep.include({ r: true, w: false });
  });

  it('revoke sends ttl=1, as the seed does', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const result = await admin.revoke({ channel: channelName('seed'), authKey: 'k' });
    expect(result.payload.ttl).to.equal(1);
  });

  it('comma-separated channels and auth keys in grant, revoke and audit', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const a = channelName('seed');
    const b = channelName('seed');
    const granted = await admin.grant({ channel: `${a},${b}`, authKey: 'k1,k2', ttl: 5 });
    for (const ch of [a, b])
      expect(Object.keys(granted.payload.channels[ch]?.auths ?? {})).to.have.members(['k1', 'k2']);
    const audited = await admin.audit({ channel: `${a},${b}`, authKey: 'k1,k2' });
    expect(Object.keys(audited.payload.channels)).to.include.members([a, b]);
    const revoked = await admin.revoke({ channel: `${a},${b}`, authKey: 'k1,k2' });
    expect(revoked.payload.channels[a]?.auths.k2).to.deep.include({ r: false, w: false });
  });

  it('each "null" auth key becomes a new key', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const ch = channelName('seed');
    const result = await admin.grant({ channel: ch, authKey: 'null,known,null', ttl: 5 });
    const keys = Object.keys(result.payload.channels[ch]?.auths ?? {});
    expect(keys).to.have.length(3);
    expect(keys).to.include('known');
    expect(keys).to.not.include('null');
    const fresh = keys.filter((k) => k !== 'known');
    expect(fresh[0]).to.not.equal(fresh[1]);
    const viaArray = await admin.grant({ channel: ch, authKey: ['null', 'null'], ttl: 5 });
    expect(Object.keys(viaArray.payload.channels[ch]?.auths ?? {})).to.have.length(2);
  });

  it('hereNow(null) and hereNow(null, { callback }) are the global here_now', async () => {
    const client = h().client();
    const global: HereNowResult = await client.hereNow(null);
    expect(global).to.have.property('totalOccupancy');
    const viaCallback = await new Promise<HereNowResult>((resolve, reject) => {
      client.hereNow(null, { callback: resolve, error: reject });
    });
    expect(viaCallback.totalChannels).to.equal(global.totalChannels);
  });

  it('grant in callback mode still reaches the callback with the seed result', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const result = await new Promise<AccessResult>((resolve, reject) => {
      admin.grant({ channel: channelName('seed'), authKey: 'cb', ttl: 5, callback: resolve, error: reject });
    });
    expect(result.message).to.equal('Success');
  });
});
