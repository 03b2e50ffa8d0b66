/**
 * @pubkit/testing's TestNetwork (docs/testing.md §2): real Pubnub clients over the in-memory service and the virtual
 * clock. No socket, no real timer: the leak check would fail any test that opened one.
 */
import { buildSubscribe, parseSubscribe, type RequestContext } from '@pubkit/core';
import { PubnubNetworkError, PubnubServiceError, PubnubTimeoutError } from '@pubkit/node';
import { createTestNetwork } from '@pubkit/testing';
import { expect } from 'chai';

describe('@pubkit/testing: TestNetwork', () => {
  it('a client publishes and another receives, with no wait but idle()', async () => {
    await using net = createTestNetwork();
    const alice = net.client();
    const bob = net.client();
    const got: unknown[] = [];
    bob.subscribe('room', { callback: (message) => got.push(message) });
    await bob.idle();
    await alice.publish('room', { text: 'hi' });
    await alice.publish({ channel: 'room', message: 'second' });
    await bob.idle();
    expect(got).to.deep.equal([{ text: 'hi' }, 'second']);
    expect(net.messages('room').map((m) => m.publisher)).to.deep.equal(['client-1', 'client-1']);
  });

  it('drop subscribe for 30 s, then deliver 150 messages: every one arrives, once, in order', async () => {
    await using net = createTestNetwork();
    const client = net.client({ uuid: 'watcher' });
    const got: number[] = [];
    const statuses: string[] = [];
    client.subscribe('feed', { callback: (m) => got.push(m as number), status: (s) => statuses.push(s.category) });
    await client.idle();
    const cut = net.partition({ operations: ['subscribe'], forMs: 30_000 });
    await net.advance(10_000);
    for (let i = 0; i < 150; i++) net.publish('feed', i);
    await client.idle();
    expect(got, 'nothing arrives through the partition').to.deep.equal([]);
    await net.advance(20_000);
    expect(cut.active).to.equal(false);
    // The client is in backoff: give it its retry delay (at most the policy's cap) of virtual time.
    await net.advance(60_000);
    expect(got).to.deep.equal(Array.from({ length: 150 }, (_, i) => i));
    expect(statuses).to.include('reconnected');
  });

  it('a blackhole partition lets the request time out on the virtual clock, then the client recovers', async () => {
    await using net = createTestNetwork();
    const client = net.client({ requestTimeoutMs: 5_000 });
    const cut = net.partition({ operations: ['publish'], mode: 'blackhole' });
    const pending = client.publish('c', 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.idle();
    await net.advance(5_000);
    const err = await pending;
    expect(err).to.be.instanceOf(PubnubTimeoutError);
    cut.heal();
    expect((await client.publish('c', 2))[0]).to.equal(1);
  });

  it('a refusing partition fails requests with PubnubNetworkError at once', async () => {
    await using net = createTestNetwork();
    const client = net.client({ retry: false });
    net.partition({ operations: ['time'] });
    const err = await client.time().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubNetworkError);
  });

  it('operations the in-memory service does not implement answer a typed PubNub error naming startTestServer', async () => {
    await using net = createTestNetwork();
    const client = net.client();
    const err = await client.hereNow('room').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubServiceError);
    expect(String((err as Error).message)).to.contain('startTestServer');
  });

  it('time is virtual: an hour of heartbeats and long-polls takes no real time', async () => {
    await using net = createTestNetwork();
    const client = net.client({ heartbeatInterval: 60, heartbeat: 120 });
    client.subscribe('room', {});
    const started = performance.now();
    await net.advance(3_600_000);
    expect(performance.now() - started).to.be.below(5_000);
    const beats = net.requests.filter((r) => r.operation === 'heartbeat').length;
    expect(beats).to.be.within(55, 65);
    const polls = net.requests.filter((r) => r.operation === 'subscribe').length;
    expect(polls).to.be.within(12, 16); // 280 s long-polls answered empty
  });

  it('a cipher key works end to end: the service holds ciphertext, the subscriber gets the message', async () => {
    await using net = createTestNetwork();
    const alice = net.client({ cipherKey: 'secret' });
    const bob = net.client({ cipherKey: 'secret' });
    const got: unknown[] = [];
    bob.subscribe('vault', { callback: (m) => got.push(m) });
    await bob.idle();
    await alice.publish('vault', { pin: 1234 });
    await bob.idle();
    expect(got).to.deep.equal([{ pin: 1234 }]);
    expect(net.messages('vault')[0]!.message).to.be.a('string').and.not.contain('1234');
  });

  it('the service applies filter-expr to a poll (meta and publisher), and the cursor passes filtered messages', async () => {
    await using net = createTestNetwork();
    const ctx = {
      subscribeKey: 'sub-test',
      publishKey: 'pub-test',
      uuid: 'u',
      requestTimeoutMs: 10_000,
      subscribeTimeoutMs: 310_000,
    };
    const handshake = await net.service.handle(buildSubscribe({ channels: ['c'] }, ctx as RequestContext)).response;
    const cursor = parseSubscribe(handshake).cursor;
    net.publish('c', 'keep', { meta: { kind: 'keep' } });
    net.publish('c', 'drop', { meta: { kind: 'drop' } });
    const poll = buildSubscribe(
      { channels: ['c'], timetoken: cursor.timetoken, filterExpression: "kind == 'keep'" },
      ctx as RequestContext,
    );
    const first = parseSubscribe(await net.service.handle(poll).response);
    expect(first.messages.map((m) => m.message)).to.deep.equal(['keep']);
    expect(BigInt(first.cursor.timetoken) >= BigInt(net.messages('c')[1]!.timetoken)).to.equal(true);
  });

  it("a client's filterExpression is applied by the service: only matching messages arrive", async () => {
    await using net = createTestNetwork();
    const client = net.client({ filterExpression: "kind == 'keep'" });
    const got: unknown[] = [];
    client.subscribe('room', { callback: (m) => got.push(m) });
    await client.idle();
    net.publish('room', 'a', { meta: { kind: 'keep' } });
    net.publish('room', 'b', { meta: { kind: 'drop' } });
    net.publish('room', 'c');
    await client.idle();
    expect(got).to.deep.equal(['a']);
    expect(net.requests.some((r) => r.query['filter-expr'] === "kind == 'keep'")).to.equal(true);
  });

  it('presence: joins, leaves and timeouts reach a presence callback, on the virtual clock', async () => {
    await using net = createTestNetwork();
    const alice = net.client({ uuid: 'alice' });
    const bob = net.client({ uuid: 'bob', heartbeat: 60 });
    const seen: string[] = [];
    alice.subscribe('room', { presence: (event) => seen.push(`${event.action} ${event.uuid} ${event.occupancy}`) });
    await alice.idle();
    bob.subscribe('room', {});
    await bob.idle();
    expect(net.service.occupants('room')).to.have.members(['alice', 'bob']);
    await bob.unsubscribe('room');
    await net.idle();
    expect(seen).to.deep.equal(['join alice 1', 'join bob 2', 'leave bob 1']);
    // bob comes back, then vanishes (every request of his refused): he times out after his 60 s heartbeat.
    bob.subscribe('room', {});
    await net.idle();
    net.partition({ operations: ['subscribe', 'heartbeat'], forMs: 61_000 });
    await net.advance(61_000);
    expect(net.service.occupants('room'), "bob's 60 s ran out, alice's default 300 s did not").to.deep.equal(['alice']);
    // Healed: alice's retry catches up from her cursor, so she sees what the service published meanwhile.
    await net.advance(120_000);
    expect(seen.slice(3, 5)).to.deep.equal(['join bob 2', 'timeout bob 1']);
  });
});
