/**
 * Every request method of the client in both seed modes (docs/architecture.md §5): a Promise of the seed's value, and
 * `callback`/`error` options (returns undefined, calls exactly one).
 */
import { type PubnubError, PubnubValidationError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, PAM_KEYSET, until, useHarness } from './support/server.js';

/** Runs a call in async mode and resolves with what exactly one callback received. */
function viaCallbacks<T>(start: (cb: { callback: (v: T) => void; error: (e: PubnubError) => void }) => unknown) {
  return new Promise<{ value?: T; error?: PubnubError; calls: number; returned: unknown }>((resolve) => {
    let calls = 0;
    const out: { value?: T; error?: PubnubError; calls: number; returned: unknown } = { calls: 0, returned: null };
    out.returned = start({
      callback: (value) => {
        calls += 1;
        out.value = value;
      },
      error: (error) => {
        calls += 1;
        out.error = error;
      },
    });
    // Wait a little past the first call to catch a second one.
    const check = setInterval(() => {
      if (calls > 0) {
        clearInterval(check);
        setTimeout(() => {
          out.calls = calls;
          resolve(out);
        }, 30);
      }
    }, 5);
  });
}

describe('node client: every method in both modes', () => {
  const h = useHarness();

  it('time(): a 17-digit string; callback mode returns undefined and calls callback once', async () => {
    const client = h().client();
    const tt = await client.time();
    expect(tt)
      .to.be.a('string')
      .and.match(/^\d{17}$/);
    const r = await viaCallbacks<string>((cb) => client.time(cb));
    expect(r.returned).to.equal(undefined);
    expect(r.calls).to.equal(1);
    expect(r.value).to.match(/^\d{17}$/);
  });

  it('publish() / fire() / signal(): [1, "Sent", "<timetoken>"] in both modes', async () => {
    const client = h().client();
    const ch = channelName();
    const sent = await client.publish(ch, { a: 1 });
    expect(sent[0]).to.equal(1);
    expect(sent[1]).to.equal('Sent');
    expect(sent[2]).to.match(/^\d{17}$/);
    for (const value of [0, false, '', null]) expect((await client.publish(ch, value))[0]).to.equal(1);
    const fired = await client.fire(ch, 'x');
    expect(fired[0]).to.equal(1);
    const r = await viaCallbacks<[1, string, string]>((cb) => client.publish(ch, 'cb', cb));
    expect(r.returned).to.equal(undefined);
    expect(r.calls).to.equal(1);
    expect(r.value?.[0]).to.equal(1);
    const f = await viaCallbacks<[1, string, string]>((cb) => client.fire(ch, 'cb', cb));
    expect(f.value?.[0]).to.equal(1);
  });

  it('a validation error in callback mode goes to error (once, asynchronously), and throws in promise mode', async () => {
    const client = h().client();
    const r = await viaCallbacks((cb) => client.publish('bad,channel', 1, cb));
    expect(r.returned).to.equal(undefined);
    expect(r.calls).to.equal(1);
    expect(r.error).to.be.instanceOf(PubnubValidationError);
    expect(() => client.publish('bad,channel', 1)).to.throw(PubnubValidationError);
  });

  it('history(): [[messages], start, end] in both modes, decrypted order oldest first', async () => {
    const client = h().client();
    const ch = channelName();
    for (let i = 0; i < 3; i++) await client.publish(ch, `m${i}`);
    const [messages, start, end] = await client.history(ch, { count: 10 });
    expect(messages).to.deep.equal(['m0', 'm1', 'm2']);
    expect(start).to.match(/^\d{17}$/);
    expect(BigInt(end) >= BigInt(start)).to.equal(true);
    const r = await viaCallbacks<unknown[]>((cb) => client.history(ch, { count: 2, ...cb }));
    expect(r.calls).to.equal(1);
    expect((r.value as [unknown[]])[0]).to.deep.equal(['m1', 'm2']);
  });

  it('hereNow / whereNow / setState / getState in both modes', async () => {
    const client = h().client({ uuid: 'presence-user' });
    const ch = channelName();
    const sub = client.subscribe(ch, {});
    await until(() => sub.closed === false && client.uuid === 'presence-user', 'subscribed');
    let here = await client.hereNow(ch);
    for (let i = 0; i < 100 && here.occupancy === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      here = await client.hereNow(ch);
    }
    expect(here.occupancy).to.equal(1);
    expect(here.uuids).to.deep.equal(['presence-user']);
    const global = await client.hereNow();
    expect(global.totalOccupancy).to.be.at.least(1);
    const where = await client.whereNow();
    expect(where.channels).to.include(ch);
    const set = await client.setState(ch, { mood: 'ok' });
    expect(set).to.deep.equal({ mood: 'ok' });
    const state = await client.getState(ch);
    expect(state).to.deep.equal({ mood: 'ok' });
    const r1 = await viaCallbacks<{ occupancy: number }>((cb) => client.hereNow(ch, cb));
    expect(r1.value?.occupancy).to.equal(1);
    const r2 = await viaCallbacks<{ channels: readonly string[] }>((cb) => client.whereNow('presence-user', cb));
    expect(r2.value?.channels).to.include(ch);
    const r3 = await viaCallbacks<unknown>((cb) => client.getState(ch, 'presence-user', cb));
    expect(r3.value).to.deep.equal({ mood: 'ok' });
    const r4 = await viaCallbacks<unknown>((cb) => client.setState(ch, { mood: 'fine' }, cb));
    expect(r4.value).to.deep.equal({ mood: 'fine' });
    await sub.unsubscribe();
  });

  it('grant / audit / revoke: { message: "Success", payload } in both modes', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const ch = channelName('pam');
    const granted = await admin.grant({ channel: ch, authKey: 'ak-1', read: true, write: true, ttl: 5 });
    expect(granted.message).to.equal('Success');
    expect(granted.payload.level).to.be.a('string');
    const audited = await admin.audit({ channel: ch });
    expect(audited.message).to.equal('Success');
    const revoked = await admin.revoke({ channel: ch, authKey: 'ak-1' });
    expect(revoked.message).to.equal('Success');
    const r = await viaCallbacks<{ message: string }>((cb) => admin.grant({ channel: ch, read: true, ...cb }));
    expect(r.calls).to.equal(1);
    expect(r.value?.message).to.equal('Success');
    const a = await viaCallbacks<{ message: string }>((cb) => admin.audit({ channel: ch, ...cb }));
    expect(a.value?.message).to.equal('Success');
    const v = await viaCallbacks<{ message: string }>((cb) => admin.revoke({ channel: ch, ...cb }));
    expect(v.value?.message).to.equal('Success');
  });

  it('grant without a secret key fails before sending', async () => {
    const client = h().client();
    expect(() => client.grant({ channel: 'x', read: true })).to.throw(PubnubValidationError, /secretKey/);
  });

  it('encrypt / decrypt are synchronous and round-trip (static IV by default: docs/protocol.md §7.4 C16)', () => {
    const client = h().client({ cipherKey: 'myCipherKey' });
    expect(client.encrypt({ such: 'object' })).to.equal('toDEeIZkmIyoiLpSojGu7n3+2t1rn7/DsrEZ1r8JKR4=');
    expect(client.decrypt('toDEeIZkmIyoiLpSojGu7n3+2t1rn7/DsrEZ1r8JKR4=')).to.deep.equal({ such: 'object' });
  });

  it('unsubscribe(): sends leave and resolves; callback mode calls callback once', async () => {
    const client = h().client();
    const ch = channelName();
    let connected = false;
    client.subscribe(ch, {
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connect');
    await client.unsubscribe(ch);
    client.subscribe(`${ch}-b`, {});
    const r = await viaCallbacks<void>((cb) => client.unsubscribe(`${ch}-b`, cb));
    expect(r.returned).to.equal(undefined);
    expect(r.calls).to.equal(1);
  });

  it('an AbortSignal aborts a call', async () => {
    const client = h().client();
    const controller = new AbortController();
    controller.abort();
    let error: unknown;
    try {
      await client.time({ signal: controller.signal });
    } catch (err) {
      error = err;
    }
    expect((error as PubnubError).code).to.equal('PN_ABORTED');
  });

  it('a closed client refuses calls with PubnubStateError', async () => {
    const client = h().client();
    await client.close();
    expect(() => client.time()).to.throw(/closed/);
  });
});
