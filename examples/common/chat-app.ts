/**
 * What the Express and Koa example apps share: the room, the demo keyset, the faked sign-in rule, the page and its
 * browser JS, and `startChatApp`, which starts the server (embedded unless PUBKIT_ORIGIN is set), the two clients and
 * the app. Each example keeps only its framework's wiring (`createApp`).
 */
import type { AddressInfo } from 'node:net';
import { Pubnub, PubnubValidationError } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import { isMain, type Listenable, listenOn, startOnPort } from './run-main.js';

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

/** A running example. */
export interface RunningApp {
  /** Where the app listens. */
  readonly url: string;
  /** The PubNub origin the app talks to (the embedded server's URL by default). */
  readonly origin: string;
  close(): Promise<void>;
}

/** The faked signed-in user: a header or query value, kept only when it is a short plain name. */
export function validUser(user: unknown): string | undefined {
  return typeof user === 'string' && /^[\w-]{1,40}$/.test(user) ? user : undefined;
}

/**
 * The `{channel, message}` body of `POST /publish`.
 * @throws PubnubValidationError when channel is not a string (the error handler answers 400)
 */
export function publishBody(body: unknown): { channel: string; message: unknown } {
  const { channel, message } = (body ?? {}) as { channel?: unknown; message?: unknown };
  if (typeof channel !== 'string') throw new PubnubValidationError('channel', 'channel must be a string');
  return { channel, message };
}

/** Starts the server (embedded unless PUBKIT_ORIGIN is set), the two clients and the app `createApp` builds. */
export async function startChatApp(
  createApp: (options: AppOptions) => Listenable,
  port: number,
  heartbeatMs: number | undefined,
): Promise<RunningApp> {
  const env = process.env;
  const embedded = env.PUBKIT_ORIGIN ? undefined : await startServer({ port: 0, keysets: [DEMO_KEYS] });
  const origin = embedded?.url ?? env.PUBKIT_ORIGIN;
  const publishKey = embedded ? DEMO_KEYS.publishKey : (env.PUBKIT_PUBLISH_KEY ?? '');
  const subscribeKey = embedded ? DEMO_KEYS.subscribeKey : (env.PUBKIT_SUBSCRIBE_KEY ?? '');
  const secretKey = embedded ? DEMO_KEYS.secretKey : env.PUBKIT_SECRET_KEY;
  const admin = new Pubnub({ publishKey, subscribeKey, secretKey, origin });
  const client = new Pubnub({ publishKey, subscribeKey, origin });
  const app = createApp({ admin, client, ...(heartbeatMs ? { heartbeatMs } : {}) });
  const server = await listenOn(app, port, '127.0.0.1').catch(async (error: unknown) => {
    await Promise.all([client.close(), admin.close()]);
    await embedded?.close();
    throw error;
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

/** When the example at `moduleUrl` is the program being run: starts it on PORT (default 3000) until Ctrl-C. */
export async function runIfMain(
  moduleUrl: string,
  framework: string,
  start: (port: number) => Promise<RunningApp>,
): Promise<void> {
  if (!isMain(moduleUrl)) return;
  const running = await startOnPort(start);
  if (running === undefined) return;
  console.log(`pubkit + ${framework} demo on ${running.url}  (Ctrl-C to stop)`);
  process.once('SIGINT', () => void running.close());
}

/** The demo page for `framework` ("Express", "Koa"): signs in, streams the room over SSE, publishes through the app. */
export function chatPage(framework: string): string {
  return `<!doctype html>
<meta charset="utf-8"><title>pubkit + ${framework}</title>
<h1>pubkit + ${framework}: #${ROOM}</h1>
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
}
