/**
 * Issue 9 item 1: a legal channel name must never poison a client. A 86–92-character room with presence used to
 * throw (its `-pnpres` name is longer than 92) after the name was already in the client's set, so every later
 * subscribe threw and `Subscription.unsubscribe()` threw synchronously from a close handler. The decision
 * (docs/decisions.md, "The name limit and presence names"): the limit is on the name the user gives.
 */
import { type PresenceEvent, PubnubValidationError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, until, useHarness } from './support/server.js';

function room(length: number): string {
  const base = channelName('room');
  return base + 'r'.repeat(length - base.length);
}

describe('node client: long channel names with presence (issue 9 item 1)', () => {
  const h = useHarness({ presenceTimeoutSec: 300, presenceSweepMs: 100 });

  for (const length of [86, 90, 92]) {
    it(`a ${length}-character room with presence: join, message, leave, and later subscribes still work`, async () => {
      const name = room(length);
      expect(name).to.have.length(length);
      const watcher = h().client({ uuid: 'watcher' });
      const events: PresenceEvent[] = [];
      const messages: unknown[] = [];
      let connected = false;
      const watching = watcher.subscribe(name, {
        callback: (m) => messages.push(m),
        presence: (event) => events.push(event),
        connect: () => {
          connected = true;
        },
      });
      await until(() => connected, 'watcher connected');
      const joiner = h().client({ uuid: 'joiner' });
      const joined = joiner.subscribe(name, { presence: () => undefined });
      await until(() => events.some((e) => e.action === 'join' && e.uuid === 'joiner'), 'join');
      await joiner.publish(name, 'hello');
      await until(() => messages.length === 1, 'message');
      // The close handler of the bug report: synchronous unsubscribe must not throw, and the leave goes out.
      let pending: Promise<void> | undefined;
      expect(() => {
        pending = joined.unsubscribe();
      }).not.to.throw();
      await pending;
      await until(() => events.some((e) => e.action === 'leave' && e.uuid === 'joiner'), 'leave');
      // The watcher is not poisoned: another subscribe works.
      const other = channelName('other');
      let otherConnected = false;
      watcher.subscribe(other, {
        connect: () => {
          otherConnected = true;
        },
      });
      await until(() => otherConnected, 'second subscribe connected');
      await watching.unsubscribe();
    });
  }

  it('a refused subscribe changes nothing: the client keeps its set and goes on', async () => {
    const client = h().client();
    const ch = channelName();
    let connected = false;
    const got: unknown[] = [];
    client.subscribe(ch, {
      callback: (m) => got.push(m),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connected');
    expect(() => client.subscribe('x'.repeat(93), { presence: () => undefined })).to.throw(PubnubValidationError);
    expect(() => client.subscribe([channelName(), 'bad,name'])).to.throw(PubnubValidationError);
    await client.publish(ch, 1);
    await until(() => got.length === 1, 'still receiving');
  });

  it('pubnub.unsubscribe never throws: a bad name rejects or reaches `error`, a closed client resolves', async () => {
    const client = h().client();
    let rejected: unknown;
    expect(() => {
      client.unsubscribe('bad name').catch((err: unknown) => {
        rejected = err;
      });
    }).not.to.throw();
    await until(() => rejected !== undefined, 'rejection');
    expect(rejected).to.be.instanceOf(PubnubValidationError);
    let reported: unknown;
    client.unsubscribe('x'.repeat(93), { error: (err) => (reported = err) });
    await until(() => reported !== undefined, 'error callback');
    expect(reported).to.be.instanceOf(PubnubValidationError);
    const sub = client.subscribe(channelName());
    await client.close();
    await client.unsubscribe(channelName());
    await sub.unsubscribe();
  });
});

describe('node client: the object form of subscribe (issue 12)', () => {
  const h = useHarness({ presenceTimeoutSec: 300, presenceSweepMs: 100 });

  it('subscribe({ channels, withPresence, callback }) receives messages and presence, like the positional form', async () => {
    const watcher = h().client({ uuid: 'watcher' });
    const ch = channelName('object');
    const seen: Array<[string, unknown]> = [];
    let connected = false;
    watcher.subscribe({
      channels: [ch],
      withPresence: true,
      callback: (m, _c, envelope) => seen.push([envelope.eventType, m]),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connected');
    const joiner = h().client({ uuid: 'joiner' });
    joiner.subscribe(ch);
    await until(() => seen.some(([type, m]) => type === 'presence' && (m as PresenceEvent).uuid === 'joiner'), 'join');
    await joiner.publish(ch, 'hi');
    await until(() => seen.some(([type, m]) => type === 'message' && m === 'hi'), 'message');
  });
});
