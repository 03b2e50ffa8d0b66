/**
 * The bridge on the real stack: `@pubkit/node` against the in-process `@pubkit/server`, with a counting HTTP proxy
 * between them, so "one upstream subscription per channel" is checked as requests on the wire.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { until } from './event-log.js';
import { type Harness, startSocketIo, startWs } from './harness.js';
import { policy } from './relay-suite.js';

/** A pass-through proxy that records every request path. */
async function countingProxy(target: URL): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const proxy: Server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent: false,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    paths,
    async close() {
      const closed = new Promise((resolve) => proxy.close(resolve));
      proxy.closeAllConnections();
      await closed;
    },
  };
}

/** Subscribe requests that start a subscription (no `tt`, or tt=0): one per change of the client's channel set. */
function handshakes(paths: readonly string[]): string[] {
  return paths.filter((p) => p.startsWith('/v2/subscribe/') && !/[?&]tt=[1-9]/.test(p));
}

for (const [name, start] of [
  ['socket.io', startSocketIo],
  ['ws', startWs],
] as const) {
  describe(`@pubkit/socketio over ${name} with @pubkit/node and @pubkit/server`, () => {
    let server: RunningServer;
    let proxy: Awaited<ReturnType<typeof countingProxy>>;
    let client: Pubnub;
    let harness: Harness;

    beforeEach(async () => {
      server = await startServer({ port: 0, host: '127.0.0.1' });
      proxy = await countingProxy(new URL(server.url));
      client = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: proxy.url, uuid: 'bridge' });
      harness = await start(client, {
        authorize: policy,
        fileUrl: (f) => `/files/${f.channel}/${f.id}/${encodeURIComponent(f.name)}`,
      });
    });
    afterEach(async () => {
      await harness.close();
      await client.close();
      await proxy.close();
      await server.close();
    });

    it('holds one upstream subscription for two sockets, relays their publishes, and leaves after the last', async () => {
      const [alice, bob] = [await harness.connect('alice'), await harness.connect('bob')];
      await alice.request('subscribe', { channels: ['room'] });
      await bob.request('subscribe', { channels: ['room'] });
      expect(handshakes(proxy.paths)).to.have.length(1);
      expect(handshakes(proxy.paths)[0]).to.include('/room');
      const sent = await bob.request('publish', { channel: 'room', message: { text: 'hello' } });
      const got = await alice.log.waitFor('message');
      expect(got).to.include({ channel: 'room', timetoken: sent.result?.timetoken, publisher: 'bridge' });
      expect(got.message).to.deep.equal({ text: 'hello' });
      await alice.request('unsubscribe', { channels: ['room'] });
      expect(proxy.paths.filter((p) => p.includes('/leave'))).to.have.length(0);
      await bob.close();
      await until(() => proxy.paths.some((p) => p.includes('/leave')), 'the upstream leave');
      expect(handshakes(proxy.paths)).to.have.length(1);
      expect(harness.bridge.stats()).to.include({ channels: 0, upstreamSubscribes: 1, upstreamUnsubscribes: 1 });
    });

    it('resumes from real history after `since`, then live, each message once', async () => {
      const tokens: string[] = [];
      for (const n of [1, 2, 3]) tokens.push((await client.publish('news', `m${n}`))[2]);
      const alice = await harness.connect('alice');
      expect((await alice.request('subscribe', { channels: ['news'], since: tokens[0] })).error).to.equal(null);
      await client.publish('news', 'm4');
      await alice.log.waitFor('message', (p) => p.message === 'm4');
      expect(alice.log.messages('news')).to.deep.equal(['m2', 'm3', 'm4']);
    });

    it("relays file events with the app's download URL (docs/protocol.md §15.10)", async () => {
      const alice = await harness.connect('alice');
      await alice.request('subscribe', { channels: ['room'] });
      const sender = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: server.url, uuid: 'sharer' });
      try {
        const sent = await sender.sendFile({
          channel: 'room',
          file: { data: 'pic', name: 'a b.png' },
          message: 'look',
        });
        const got = await alice.log.waitFor('file');
        expect(got).to.deep.equal({
          channel: 'room',
          message: 'look',
          timetoken: sent.timetoken,
          publisher: 'sharer',
          file: { id: sent.id, name: 'a b.png', url: `/files/room/${sent.id}/a%20b.png` },
        });
        expect(alice.log.of('message')).to.deep.equal([]);
      } finally {
        await sender.close();
      }
    });

    it('sends nothing upstream for a refused publish', async () => {
      const reader = await harness.connect('reader');
      expect((await reader.request('publish', { channel: 'room', message: 1 })).error?.code).to.equal('FORBIDDEN');
      expect(proxy.paths.filter((p) => p.startsWith('/publish/'))).to.deep.equal([]);
    });
  });
}
