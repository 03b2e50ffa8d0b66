/**
 * Issue 9 item 1, the apps' side: a legal 90-character room or channel (its `-pnpres` name is 97 characters) must
 * not bring an app down. Seen before: `npm run demo` exited with code 1 when a user joined such a room and another
 * user left; an Express or Koa SSE route taking its channel from the query exited when any stream closed. Here the
 * demo runs as its own process (as `npm run demo` starts it, on PORT=0) and the SSE routes in this one, where an
 * uncaught exception fails the test. Each: a user joins the long room, other users leave, streams close; the app
 * must still be up and still relay the ordinary room.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sseRoute as expressSse } from '@pubkit/express';
import { sseRoute as koaSse } from '@pubkit/koa';
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import { io, type Socket } from 'socket.io-client';
import { SseClient } from '../adapters/http-contract/sse-client.js';
import { until } from '../support/until.js';

const LONG = `room-${'x'.repeat(85)}`;

function connectAs(url: string, user: string): Promise<Socket> {
  const socket = io(url, { auth: { user }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function ask(socket: Socket, event: string, body: unknown): Promise<[unknown, unknown]> {
  return new Promise((resolve) =>
    socket.emit(event, body, (error: unknown, result: unknown) => resolve([error, result])),
  );
}

describe('a 90-character room does not bring an app down', function () {
  this.timeout(60_000);

  it('the Socket.IO demo (npm run demo) survives a user joining a 90-character room and others leaving', async () => {
    expect(LONG).to.have.length(90);
    const demo: ChildProcess = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'examples/socketio-chat/main.ts'],
      { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let exit: number | null | undefined;
    demo.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    demo.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<void>((resolve) =>
      demo.once('exit', (code) => {
        exit = code;
        resolve();
      }),
    );
    const sockets: Socket[] = [];
    try {
      await until(() => /http:\/\/127\.0\.0\.1:\d+/.test(output) || exit !== undefined, 'the demo to listen', 30_000);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      expect(url, output).to.be.a('string');
      const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((u) => connectAs(url!, u)));
      sockets.push(alice!, bob!, carol!);
      for (const s of [alice!, bob!, carol!])
        expect((await ask(s, 'pubnub:subscribe', { channels: ['lobby'] }))[0]).to.equal(null);
      // alice and carol join the long room, and it works like any other.
      expect((await ask(alice!, 'pubnub:subscribe', { channels: [LONG] }))[0]).to.equal(null);
      expect((await ask(carol!, 'pubnub:subscribe', { channels: [LONG] }))[0]).to.equal(null);
      const inLong = new Promise<unknown>((resolve) =>
        carol!.on('pubnub:message', (m: { channel: string; message: unknown }) => {
          if (m.channel === LONG) resolve(m.message);
        }),
      );
      expect((await ask(alice!, 'pubnub:publish', { channel: LONG, message: 'long' }))[0]).to.equal(null);
      expect(await inLong).to.equal('long');
      // bob leaves the lobby, then goes away; alice leaves the long room.
      await ask(bob!, 'pubnub:unsubscribe', { channels: ['lobby'] });
      bob!.disconnect();
      await ask(alice!, 'pubnub:unsubscribe', { channels: [LONG] });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(exit, `the demo exited:\n${output}`).to.equal(undefined);
      // The ordinary room still works for those on it.
      const got = new Promise<unknown>((resolve) =>
        carol!.once('pubnub:message', (m: { message: unknown }) => resolve(m.message)),
      );
      expect((await ask(alice!, 'pubnub:publish', { channel: 'lobby', message: { text: 'still here' } }))[0]).to.equal(
        null,
      );
      expect(await got).to.deep.equal({ text: 'still here' });
      alice!.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(exit, `the demo exited:\n${output}`).to.equal(undefined);
    } finally {
      for (const socket of sockets) socket.disconnect();
      if (exit === undefined) demo.kill('SIGINT');
      await exited;
    }
  });

  for (const framework of ['Express', 'Koa'] as const) {
    it(`the ${framework} SSE route taking its channel from the query survives a 90-character channel`, async () => {
      const server: RunningServer = await startServer({ port: 0, host: '127.0.0.1' });
      const client = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: server.url });
      const channels = (value: unknown): string[] => [typeof value === 'string' ? value : 'lobby'];
      const appErrors: Error[] = [];
      let http: Server;
      if (framework === 'Express') {
        const app = express();
        app.get('/events', expressSse({ client, channels: (req) => channels(req.query.channel) }));
        http = createServer(app);
      } else {
        const app = new Koa();
        app.on('error', (err: Error & { expose?: boolean }) => {
          // Koa's default handler prints every app error that is not `expose`: those are what must not happen.
          if (err.expose !== true) appErrors.push(err);
        });
        app.use(koaSse({ path: '/events', client, channels: (ctx) => channels(ctx.query.channel) }));
        http = createServer(app.callback());
      }
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/events`;
      const streams: SseClient[] = [];
      try {
        const lobby = await SseClient.open(`${base}?channel=lobby`);
        const other = await SseClient.open(`${base}?channel=lobby`);
        streams.push(lobby, other);
        await lobby.waitFor((f) => f.comment === 'connected');
        const long = await SseClient.open(`${base}?channel=${LONG}`);
        streams.push(long);
        expect(long.response.status).to.equal(200);
        await long.waitFor((f) => f.comment === 'connected');
        await until(async () => {
          await client.publish(LONG, 'hello');
          return long.events.some((e) => e.event === 'message');
        }, 'a message on the long channel');
        // Streams close: the long one, then another lobby stream. An uncaught exception here fails this test.
        long.close();
        await new Promise((resolve) => setTimeout(resolve, 100));
        other.close();
        await new Promise((resolve) => setTimeout(resolve, 200));
        // The server is still up and still answers.
        const again = await SseClient.open(`${base}?channel=lobby`);
        streams.push(again);
        expect(again.response.status).to.equal(200);
        // A browser closing its stream is the normal end of an event stream, not an application error.
        expect(appErrors.map((e) => e.message)).to.deep.equal([]);
      } finally {
        for (const stream of streams) stream.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        await client.close();
        await server.close();
      }
    });
  }
});
