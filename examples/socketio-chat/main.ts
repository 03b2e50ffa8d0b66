/**
 * A chat room in the browser over Socket.IO: the browser holds no PubNub keys; the server holds one upstream
 * subscription per room and decides who may read and write what.
 *
 *   GET /                the chat page (page.ts)
 *   GET /pubkit/*        the browser helper (`@pubkit/socketio`'s BROWSER_HELPER_DIR)
 *   /socket.io/*         socket.io, with the bridge attached
 *
 * "Signed in" is faked: the page connects with `?user=<name>` as its socket.io auth. The rules, in `authorize`:
 * everyone may read any room but `staff`, which only `admin` may join; users named `guest…` may not write.
 *
 * Runs against the embedded pubkit server unless PUBKIT_ORIGIN (with PUBKIT_PUBLISH_KEY and PUBKIT_SUBSCRIBE_KEY)
 * points elsewhere:  node --conditions=source --import tsx examples/socketio-chat/main.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pubnub } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import { BROWSER_HELPER_DIR, createBridge, type Permission } from '@pubkit/socketio';
import express from 'express';
import { Server as IoServer, type Socket } from 'socket.io';
import { isMain, listenOn, startOnPort } from '../common/run-main.js';
import { PAGE } from './page.js';

/** The signed-in user of a socket (faked from the handshake), or '' when none. */
export function userOf(socket: Socket): string {
  const user = socket.handshake.auth.user;
  return typeof user === 'string' && /^[\w-]{1,40}$/.test(user) ? user : '';
}

/** The demo's rules. A real app asks its session store and its permission model. */
export function authorize(socket: Socket, channel: string, permission: Permission): boolean {
  const user = userOf(socket);
  if (user === '') return false;
  if (channel === 'staff' && user !== 'admin') return false;
  return permission === 'read' || !user.startsWith('guest');
}

/** A running example. */
export interface RunningChat {
  /** Where the page is served. */
  readonly url: string;
  /** The PubNub origin the bridge talks to (the embedded server's URL by default). */
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts the embedded server (unless PUBKIT_ORIGIN is set), the client, the app and the bridge. */
export async function start({ port = 0 }: { port?: number } = {}): Promise<RunningChat> {
  const env = process.env;
  const embedded = env.PUBKIT_ORIGIN ? undefined : await startServer({ port: 0, host: '127.0.0.1' });
  const client = new Pubnub({
    publishKey: env.PUBKIT_PUBLISH_KEY ?? 'demo',
    subscribeKey: env.PUBKIT_SUBSCRIBE_KEY ?? 'demo',
    origin: embedded?.url ?? env.PUBKIT_ORIGIN,
    uuid: 'chat-bridge',
  });
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  app.use('/pubkit', express.static(BROWSER_HELPER_DIR));
  const http = createServer(app);
  const io = new IoServer(http);
  const bridge = createBridge(io, client, { authorize, historyOnJoin: 20, identify: userOf });
  await listenOn(http, port, '127.0.0.1').catch(async (error: unknown) => {
    bridge.close();
    await new Promise((resolve) => io.close(resolve));
    await client.close();
    await embedded?.close();
    throw error;
  });
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    origin: client.origin,
    async close() {
      bridge.close();
      // A browser's idle keep-alive connection would hold the HTTP server's close open: end every connection.
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      await client.close();
      await embedded?.close();
    },
  };
}

const running = isMain(import.meta.url) ? await startOnPort((port) => start({ port })) : undefined;
if (running !== undefined) {
  console.log(`pubkit Socket.IO chat on ${running.url}/?user=alice  (another tab: ?user=bob, read-only: ?user=guest)`);
  console.log('Ctrl-C to stop');
  process.once('SIGINT', () => void running.close());
}
