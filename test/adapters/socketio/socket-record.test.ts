/**
 * What the socket.io bridge keeps per socket (docs/performance.md §8): shared listeners, no transport watcher for a
 * socket that keeps up (one only while a queue exists), and a socket's channels in join order however they are
 * held (one in a field, more in a map). Real socket.io server and socket.io-client sockets, fake upstream.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Bridge, createBridge } from '@pubkit/socketio';
import { expect } from 'chai';
import { Server, type Socket } from 'socket.io';
import { type Socket as ClientSocket, io as ioClient } from 'socket.io-client';
import { until } from './event-log.js';
import { FakeUpstream } from './fake-upstream.js';

const BODY = 'x'.repeat(8 * 1024);

describe('@pubkit/socketio: the per-socket record', () => {
  let io: Server | undefined;
  let bridge: Bridge | undefined;
  const clients: ClientSocket[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) {
      tcpOf(client)?.resume();
      client.disconnect();
    }
    bridge?.close();
    await new Promise<void>((resolve) => (io === undefined ? resolve() : io.close(() => resolve())));
    io = bridge = undefined;
  });

  async function start(fake: FakeUpstream): Promise<string> {
    const http = createServer();
    io = new Server(http);
    bridge = createBridge(io, fake, { authorize: () => true, queue: { maxMessages: 10_000, maxBytes: 64 << 20 } });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  async function connect(url: string): Promise<{ client: ClientSocket; server: Socket; received: unknown[] }> {
    const client = ioClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
    clients.push(client);
    const received: unknown[] = [];
    client.on('pubnub:message', (event: { message: unknown }) => received.push(event.message));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    const server = io?.of('/').sockets.get(client.id ?? '');
    if (server === undefined) throw new Error('no server socket');
    return { client, server, received };
  }

  const request = (client: ClientSocket, type: string, channels: string[]) =>
    new Promise<{ channels: string[] }>((resolve, reject) =>
      client.emit(`pubnub:${type}`, { channels }, (error: unknown, result: { channels: string[] }) =>
        error ? reject(new Error(JSON.stringify(error))) : resolve(result),
      ),
    );

  it('watches the transport only while a socket has a queue, and stops once it caught up', async () => {
    const fake = new FakeUpstream();
    const { client, server, received } = await connect(await start(fake));
    const ready = () => server.conn.transport.listenerCount('ready');
    const engineOwn = ready();
    await request(client, 'subscribe', ['room']);
    fake.inject('room', { n: -1 });
    await until(() => received.length === 1, 'the first message');
    expect(ready(), 'a socket that keeps up has no watcher').to.equal(engineOwn);
    // The same listener function serves every socket: one per event, not one per socket.
    expect(server.listenerCount('pubnub:subscribe')).to.equal(1);

    tcpOf(client)?.pause();
    let n = 0;
    await until(
      () => {
        for (let i = 0; i < 8; i++) fake.inject('room', { n: n++, body: BODY });
        return (bridge?.stats().queued ?? 0) > 0;
      },
      'a queue for the paused socket',
      10_000,
    );
    expect(ready(), 'a socket with a queue is watched').to.equal(engineOwn + 1);

    tcpOf(client)?.resume();
    await until(() => received.length === n + 1, 'every message after resuming', 20_000);
    await until(() => ready() === engineOwn, 'the watcher gone once the queue is empty', 5000);
    expect(bridge?.stats().queued).to.equal(0);
    expect(received.slice(1).map((m) => (m as { n: number }).n)).to.deep.equal([...Array(n).keys()]);
  });

  it('keeps channels in join order from one to many and back, relaying each', async () => {
    const fake = new FakeUpstream();
    const { client, received } = await connect(await start(fake));
    expect((await request(client, 'subscribe', ['a'])).channels).to.deep.equal(['a']);
    expect((await request(client, 'subscribe', ['b', 'c'])).channels).to.deep.equal(['a', 'b', 'c']);
    expect((await request(client, 'unsubscribe', ['a'])).channels).to.deep.equal(['b', 'c']);
    for (const channel of ['a', 'b', 'c']) fake.inject(channel, channel);
    await until(() => received.length === 2, 'b and c');
    expect((await request(client, 'unsubscribe', ['b', 'c'])).channels).to.deep.equal([]);
    expect((await request(client, 'subscribe', ['c'])).channels).to.deep.equal(['c']);
    expect((await request(client, 'subscribe', ['a'])).channels).to.deep.equal(['c', 'a']);
    expect((await request(client, 'unsubscribe', ['c'])).channels).to.deep.equal(['a']);
    for (const channel of ['a', 'b', 'c']) fake.inject(channel, channel);
    await until(() => received.length === 3, 'a');
    expect(received).to.deep.equal(['b', 'c', 'a']);
    expect(fake.liveChannels()).to.deep.equal(['a']);
  });
});

/** The TCP socket under a socket.io-client websocket transport. */
function tcpOf(socket: ClientSocket): Duplex | undefined {
  return (socket.io.engine?.transport as unknown as { ws?: { _socket?: Duplex } } | undefined)?.ws?._socket;
}
