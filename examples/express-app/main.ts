/**
 * A small Express app on pubkit: a chat room in the browser.
 *
 *   GET  /            the page (a few lines of browser JS below)
 *   POST /auth        grants the signed-in user the room and answers its auth key        (authRoute)
 *   GET  /events      the room's messages and presence as Server-Sent Events            (sseRoute)
 *   POST /publish     {channel, message} published with the user's own auth key       (req.pubnub)
 *
 * "Signed in" is faked with an `x-user` header (or `?user=` for EventSource, which cannot set headers); a real
 * app reads its session instead.
 *
 * Two clients, on purpose: `admin` holds the secret key, so its requests are signed and pass PAM as admin; it
 * grants and relays. `client` has no secret key, so the per-request views made from it are held to the grants of
 * the browser's auth key: a user can publish only where `/auth` granted it.
 *
 * Runs against the embedded pubkit server unless PUBKIT_ORIGIN (with PUBKIT_PUBLISH_KEY, PUBKIT_SUBSCRIBE_KEY and
 * PUBKIT_SECRET_KEY of a PAM keyset) points elsewhere:  node --conditions=source --import tsx examples/express-app/main.ts
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { authRoute, pubnubErrorHandler, pubnubMiddleware, sseRoute } from '@pubkit/express';
import { Pubnub, PubnubValidationError } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import express, { type Request } from 'express';

/** The one room of the demo. */
export const ROOM = 'lobby';

/** Keys of the embedded server's PAM keyset. */
export const DEMO_KEYS = { publishKey: 'demo-pub', subscribeKey: 'demo-sub', secretKey: 'demo-secret' } as const;

/** What `createApp` needs. */
export interface AppOptions {
  /** Holds the secret key: grants and relays. */
  readonly admin: Pubnub;
  /** No secret key: per-request views carry the browser's auth key. */
  readonly client: Pubnub;
  /** SSE comment heartbeat. @default 15_000 */
  readonly heartbeatMs?: number;
}

/** The signed-in user (faked), or undefined. */
function userOf(req: Request): string | undefined {
  const user = req.get('x-user') ?? req.query.user;
  return typeof user === 'string' && /^[\w-]{1,40}$/.test(user) ? user : undefined;
}

/** Builds the app. */
export function createApp(options: AppOptions): express.Express {
  const { admin, client } = options;
  const app = express();
  app.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  app.use(pubnubMiddleware({ client, authKey: (req) => req.get('x-pubnub-auth'), uuid: userOf }));
  app.post(
    '/auth',
    authRoute({ client: admin, channels: (req) => (userOf(req) ? { read: [ROOM], write: [ROOM] } : null) }),
  );
  app.get(
    '/events',
    sseRoute({ client: admin, channels: (req) => (userOf(req) ? [ROOM] : null), heartbeatMs: options.heartbeatMs }),
  );
  app.post('/publish', express.json({ limit: '64kb' }), async (req, res) => {
    const { channel, message } = (req.body ?? {}) as { channel?: unknown; message?: unknown };
    if (typeof channel !== 'string') throw new PubnubValidationError('channel', 'channel must be a string');
    const [, , timetoken] = await req.pubnub.publish(channel, message);
    res.json({ timetoken });
  });
  app.use(pubnubErrorHandler());
  return app;
}

/** A running example. */
export interface RunningApp {
  /** Where the app listens. */
  readonly url: string;
  /** The PubNub origin the app talks to (the embedded server's URL by default). */
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts the server (embedded unless PUBKIT_ORIGIN is set), the two clients and the app. */
export async function start(port = 0, heartbeatMs?: number): Promise<RunningApp> {
  const env = process.env;
  const embedded = env.PUBKIT_ORIGIN ? undefined : await startServer({ port: 0, keysets: [DEMO_KEYS] });
  const origin = embedded?.url ?? env.PUBKIT_ORIGIN;
  const publishKey = embedded ? DEMO_KEYS.publishKey : (env.PUBKIT_PUBLISH_KEY ?? '');
  const subscribeKey = embedded ? DEMO_KEYS.subscribeKey : (env.PUBKIT_SUBSCRIBE_KEY ?? '');
  const secretKey = embedded ? DEMO_KEYS.secretKey : env.PUBKIT_SECRET_KEY;
  const admin = new Pubnub({ publishKey, subscribeKey, secretKey, origin });
  const client = new Pubnub({ publishKey, subscribeKey, origin });
  const app = createApp({ admin, client, ...(heartbeatMs ? { heartbeatMs } : {}) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    origin: admin.origin,
    async close() {
      // Open event streams would hold server.close() forever: end them first (their relays unsubscribe).
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      await Promise.all([client.close(), admin.close()]);
      await embedded?.close();
    },
  };
}

const PAGE = `<!doctype html>
<meta charset="utf-8"><title>pubkit + Express</title>
<h1>pubkit + Express: #${ROOM}</h1>
<form id="send"><input id="text" autocomplete="off" placeholder="Say something"> <button>Send</button></form>
<ul id="log"></ul>
<script type="module">
  const user = 'user-' + Math.random().toString(36).slice(2, 8);
  const log = (line) => document.getElementById('log').append(Object.assign(document.createElement('li'), { textContent: line }));
  const grant = await (await fetch('/auth', { method: 'POST', headers: { 'x-user': user } })).json();
  log('signed in as ' + user + ', auth key granted for ' + grant.ttl + ' min');
  const events = new EventSource('/events?user=' + user);
  events.addEventListener('message', (e) => { const d = JSON.parse(e.data); log((d.publisher ?? '?') + ': ' + d.message.text); });
  events.addEventListener('presence', (e) => { const d = JSON.parse(e.data); log('* ' + d.uuid + ' ' + d.action); });
  document.getElementById('send').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = document.getElementById('text');
    await fetch('/publish', { method: 'POST', headers: { 'content-type': 'application/json', 'x-user': user, 'x-pubnub-auth': grant.authKey },
      body: JSON.stringify({ channel: '${ROOM}', message: { text: text.value } }) });
    text.value = '';
  });
</script>
`;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await start(Number(process.env.PORT ?? 3000));
  console.log(`pubkit + Express demo on ${running.url}  (Ctrl-C to stop)`);
  process.once('SIGINT', () => void running.close());
}
