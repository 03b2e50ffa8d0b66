/**
 * Subscribe against the real server: multiplexing, async iteration, presence join/leave/timeout, abort, encryption.
 */

import { type MessageEnvelope, type PresenceEvent, PubnubCryptoError, type PubnubError } from '@pubkit/node';
import { expect } from 'chai';
import { request } from 'undici';
import { channelName, OPEN_KEYSET, until, useHarness } from './support/server.js';

describe('node client: subscribe', () => {
  const h = useHarness({ presenceTimeoutSec: 300, presenceSweepMs: 100 });

  it('multiplexes two subscriptions into one long-poll and routes each message to its handle', async () => {
    const client = h().client();
    const [a, b] = [channelName('a'), channelName('b')];
    const gotA: unknown[] = [];
    const gotB: Array<[unknown, string, MessageEnvelope]> = [];
    const connected = new Set<string>();
    client.subscribe(a, { callback: (m) => gotA.push(m), connect: (c) => connected.add(c) });
    client.subscribe([b], { callback: (m, c, e) => gotB.push([m, c, e]), connect: (c) => connected.add(c) });
    await until(() => connected.has(a) && connected.has(b), 'both connected');
    await client.publish(a, 'to-a');
    const sent = await client.publish(b, { to: 'b' });
    await until(() => gotA.length === 1 && gotB.length === 1, 'both messages');
    expect(gotA).to.deep.equal(['to-a']);
    const [message, channel, envelope] = gotB[0]!;
    expect(message).to.deep.equal({ to: 'b' });
    expect(channel).to.equal(b);
    expect(envelope.timetoken).to.equal(sent[2]);
    expect(envelope.publisher).to.equal(client.uuid);
  });

  it('is async-iterable; leaving the loop unsubscribes', async () => {
    const client = h().client();
    const ch = channelName();
    let connected = false;
    const sub = client.subscribe(ch, {
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connect');
    for (let i = 0; i < 3; i++) await client.publish(ch, i);
    const seen: unknown[] = [];
    for await (const envelope of sub) {
      seen.push(envelope.message);
      if (seen.length === 3) break;
    }
    expect(seen).to.deep.equal([0, 1, 2]);
    expect(sub.closed).to.equal(true);
  });

  it('with a client-wide message listener, a handle keeps nothing for a for await that has not begun', async () => {
    // The official SDK's form: listeners + subscribe({ channels }). Before the fix the handle also buffered every
    // message (up to maxBuffered) for an iteration that never came, so a late `for await` started at message 0.
    const client = h().client();
    const ch = channelName();
    const heard: unknown[] = [];
    client.addListener({ message: (event) => heard.push(event.message) });
    let connected = false;
    const sub = client.subscribe({ channels: [ch], connect: () => (connected = true) });
    await until(() => connected, 'connect');
    for (let i = 0; i < 3; i++) await client.publish(ch, i);
    await until(() => heard.length === 3, 'the listener heard 3');
    const iterator = sub[Symbol.asyncIterator]();
    const next = iterator.next();
    await client.publish(ch, 3);
    expect((await next).value?.message).to.equal(3);
    await until(() => heard.length === 4, 'the listener heard the 4th');
    expect(heard).to.deep.equal([0, 1, 2, 3]);
    await iterator.return?.();
    expect(sub.closed).to.equal(true);
  });

  it('an AbortSignal unsubscribes the handle', async () => {
    const client = h().client();
    const controller = new AbortController();
    const sub = client.subscribe(channelName(), { signal: controller.signal });
    controller.abort();
    await until(() => sub.closed, 'closed');
  });

  it('presence: join and leave events reach the presence callback', async () => {
    const watcher = h().client({ uuid: 'watcher' });
    const ch = channelName('pres');
    const events: Array<[PresenceEvent, string]> = [];
    let connected = false;
    watcher.subscribe(ch, {
      presence: (event, channel) => events.push([event, channel]),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'watcher connected');
    const joiner = h().client({ uuid: 'joiner' });
    const sub = joiner.subscribe(ch, {});
    await until(() => events.some(([e]) => e.action === 'join' && e.uuid === 'joiner'), 'join');
    await sub.unsubscribe();
    await until(() => events.some(([e]) => e.action === 'leave' && e.uuid === 'joiner'), 'leave');
    expect(events.every(([, c]) => c === ch)).to.equal(true);
  });

  it('presence(channel, callback) subscribes to -pnpres only and sees a timeout', async function () {
    this.timeout(15_000);
    const watcher = h().client({ uuid: 'watcher-2' });
    const ch = channelName('pres');
    const events: PresenceEvent[] = [];
    const sub = watcher.presence(ch, (event) => events.push(event));
    expect(sub.channels).to.deep.equal([`${ch}-pnpres`]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A ghost client announces a 5 s presence timeout with one handshake, then disappears without a leave.
    const res = await request(`${h().url}/v2/subscribe/${OPEN_KEYSET.subscribeKey}/${ch}/0?uuid=ghost&heartbeat=5`);
    await res.body.text();
    await until(() => events.some((e) => e.action === 'join' && e.uuid === 'ghost'), 'ghost join');
    await until(() => events.some((e) => e.action === 'timeout' && e.uuid === 'ghost'), 'ghost timeout', 10_000);
  });

  it('encrypted round trip; a message under another key reaches error as PubnubCryptoError and the loop goes on', async () => {
    const ch = channelName('enc');
    const reader = h().client({ cipherKey: 'enigma' });
    const right = h().client({ cipherKey: 'enigma' });
    const wrong = h().client({ cipherKey: 'not-enigma' });
    const got: unknown[] = [];
    const errors: PubnubError[] = [];
    let connected = false;
    reader.subscribe(ch, {
      callback: (m) => got.push(m),
      error: (e) => errors.push(e),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connect');
    await right.publish(ch, { secret: 1 });
    await wrong.publish(ch, { secret: 2 });
    await right.publish(ch, { secret: 3 });
    await until(() => got.length === 2 && errors.length === 1, 'two messages and one error');
    expect(got).to.deep.equal([{ secret: 1 }, { secret: 3 }]);
    expect(errors[0]).to.be.instanceOf(PubnubCryptoError);
    // History decrypts too; the bad one stays as ciphertext.
    const [page] = await reader.history(ch);
    expect(page[0]).to.deep.equal({ secret: 1 });
    expect(page[1]).to.be.a('string');
    expect(page[2]).to.deep.equal({ secret: 3 });
  });

  it('without an error callback, an undecryptable message reaches the callback with envelope.error', async () => {
    const ch = channelName('enc');
    const reader = h().client({ cipherKey: 'enigma' });
    const wrong = h().client({ cipherKey: 'other' });
    const envelopes: MessageEnvelope[] = [];
    let connected = false;
    reader.subscribe(ch, {
      callback: (_m, _c, e) => envelopes.push(e),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connect');
    await wrong.publish(ch, 'x');
    await until(() => envelopes.length === 1, 'message');
    expect(envelopes[0]!.error).to.be.instanceOf(PubnubCryptoError);
  });

  it('history pages with start/end and reverse', async () => {
    const client = h().client();
    const ch = channelName('hist');
    const tokens: string[] = [];
    for (let i = 0; i < 7; i++) tokens.push((await client.publish(ch, i))[2]);
    const [newest, start] = await client.history(ch, { count: 3 });
    expect(newest).to.deep.equal([4, 5, 6]);
    const [older] = await client.history(ch, { count: 3, start });
    expect(older).to.deep.equal([1, 2, 3]);
    const [oldest] = await client.history(ch, { count: 3, reverse: true });
    expect(oldest).to.deep.equal([0, 1, 2]);
    const [withTokens] = await client.history(ch, { count: 1, includeToken: true });
    expect(withTokens).to.deep.equal([{ message: 6, timetoken: tokens[6] }]);
  });
});
