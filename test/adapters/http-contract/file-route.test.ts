/**
 * The files route (docs/protocol.md §15.10), both bindings (one `fileHandler`), against the real local server: a
 * browser with no keys uploads a raw body and downloads a file (decrypted by the server's client when it has a
 * cipher key), only on the channels the app allows; a missing file is 404, a name that is a path 400, a body over
 * `maxBytes` 413 (nothing stored), and no PubNub URL, key or signature reaches the browser.
 */
import { randomBytes } from 'node:crypto';
import { fileRoute as expressFiles, sseRoute as expressSse, pubnubErrorHandler } from '@pubkit/express';
import { fileRoute as koaFiles, sseRoute as koaSse, pubnubErrors } from '@pubkit/koa';
import type { Pubnub } from '@pubkit/node';
import type { ChannelAccess } from '@pubkit/node/http';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import { channelName, useHarness } from '../node/support/server.js';
import { serve } from './serve-app.js';
import { SseClient } from './sse-client.js';

const browserUrl = (f: { channel: string; id: string; name: string }) =>
  `/files/${f.channel}/${f.id}/${encodeURIComponent(f.name)}`;

type Access = (user: string | undefined) => ChannelAccess | null;

function expressApp(client: Pubnub, access: Access) {
  const app = express();
  const route = expressFiles({ client, channels: (req) => access(req.get('x-user')), maxBytes: 256 * 1024 });
  app.get('/events', expressSse({ client, channels: () => access('ann')?.read ?? null, fileUrl: browserUrl }));
  app.get('/files/:channel/:id/:name', route);
  app.post('/files/:channel', route);
  app.use(pubnubErrorHandler());
  return app;
}

function koaApp(client: Pubnub, access: Access) {
  const app = new Koa();
  app.use(pubnubErrors());
  app.use(koaSse({ path: '/events', client, channels: () => access('ann')?.read ?? null, fileUrl: browserUrl }));
  app.use(
    koaFiles({
      prefix: '/files',
      client,
      channels: (ctx) => access(ctx.get('x-user') || undefined),
      maxBytes: 256 * 1024,
    }),
  );
  return app;
}

for (const [binding, build] of [
  ['express', expressApp],
  ['koa', koaApp],
] as const) {
  describe(`${binding}: fileRoute`, () => {
    const h = useHarness();

    for (const cipherKey of [undefined, 'server-key']) {
      it(`uploads and downloads for an allowed user${cipherKey ? ', the server decrypting' : ''}`, async () => {
        const client = h().client(cipherKey === undefined ? {} : { cipherKey });
        const room = channelName('room');
        const access: Access = (user) => (user === 'ann' ? { read: [room], write: [room] } : null);
        const http = await serve(build(client, access));
        try {
          const data = randomBytes(100_000);
          const up = await fetch(
            `${http.url}/files/${room}?name=${encodeURIComponent('my photo.jpg')}&message=%7B%22c%22%3A1%7D`,
            {
              method: 'POST',
              headers: { 'x-user': 'ann', 'content-type': 'application/octet-stream' },
              body: data,
            },
          );
          expect(up.status).to.equal(200);
          const sent = (await up.json()) as { id: string; name: string; timetoken: string };
          expect(sent.name).to.equal('my photo.jpg');
          const listed = await client.listFiles({ channel: room });
          expect(listed.data.map((f) => f.id)).to.deep.equal([sent.id]);
          const stored = await client.fetchMessages({ channels: [room] });
          expect(stored.channels[room]![0]!.message).to.deep.equal({
            message: { c: 1 },
            file: { name: 'my photo.jpg', id: sent.id },
          });

          const path = `/files/${room}/${sent.id}/${encodeURIComponent(sent.name)}`;
          const down = await fetch(`${http.url}${path}`, { headers: { 'x-user': 'ann' } });
          expect(down.status).to.equal(200);
          expect(down.headers.get('content-disposition')).to.include("filename*=UTF-8''my%20photo.jpg");
          expect(down.headers.get('location')).to.equal(null);
          expect(Buffer.from(await down.arrayBuffer()).equals(data)).to.equal(true);

          const stranger = await fetch(`${http.url}${path}`, { headers: { 'x-user': 'bob' } });
          expect(stranger.status).to.equal(403);
          await stranger.arrayBuffer();
        } finally {
          await http.close();
        }
      });
    }

    it('file events reach the browser over SSE with a URL of the files route, which serves the file', async () => {
      const client = h().client({ cipherKey: 'server-key' });
      const room = channelName('room');
      const http = await serve(build(client, () => ({ read: [room], write: [room] })));
      const stream = await SseClient.open(`${http.url}/events`);
      try {
        // The stream subscribes upstream as it opens; give that subscription time to connect on a loaded machine.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const sender = h().client({ cipherKey: 'server-key', uuid: 'sender' });
        const sent = await sender.sendFile({
          channel: room,
          file: { data: 'shared', name: 'a b.txt' },
          message: 'hey',
        });
        const frame = await stream.waitFor((f) => f.event === 'file');
        expect(frame.id).to.equal(sent.timetoken);
        const data = JSON.parse(frame.data!) as {
          message: unknown;
          publisher: string;
          file: { id: string; url: string };
        };
        expect(data).to.deep.include({ message: 'hey', publisher: 'sender' });
        expect(data.file.url).to.equal(`/files/${room}/${sent.id}/a%20b.txt`);
        const res = await fetch(`${http.url}${data.file.url}`);
        expect(await res.text()).to.equal('shared');
      } finally {
        stream.close();
        await http.close();
      }
    });

    it('404 for a missing file, 400 for a name that is a path, 413 past maxBytes with nothing stored', async () => {
      const client = h().client();
      const room = channelName('room');
      const http = await serve(build(client, () => ({ read: [room], write: [room] })));
      try {
        const missing = await fetch(`${http.url}/files/${room}/no-such-id/x.txt`);
        expect(missing.status).to.equal(404);
        await missing.arrayBuffer();
        const path = await fetch(`${http.url}/files/${room}?name=..%2Fx`, { method: 'POST', body: 'x' });
        expect(path.status).to.equal(400);
        await path.arrayBuffer();
        const big = await fetch(`${http.url}/files/${room}?name=big.bin`, {
          method: 'POST',
          body: Buffer.alloc(300_000),
        });
        expect(big.status).to.equal(413);
        await big.arrayBuffer();
        // Streamed without a Content-Length, the limit still holds while it streams.
        const stream = new ReadableStream({
          start(controller) {
            for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(64 * 1024));
            controller.close();
          },
        });
        const chunked = await fetch(`${http.url}/files/${room}?name=big2.bin`, {
          method: 'POST',
          body: stream,
          duplex: 'half',
        } as RequestInit);
        expect(chunked.status).to.equal(413);
        await chunked.arrayBuffer();
        expect((await client.listFiles({ channel: room })).data).to.deep.equal([]);
      } finally {
        await http.close();
      }
    });
  });
}
