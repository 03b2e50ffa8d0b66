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
import { authRoute, pubnubErrorHandler, pubnubMiddleware, sseRoute } from '@pubkit/express';
import express, { type Request } from 'express';
import {
  type AppOptions,
  chatPage,
  publishBody,
  ROOM,
  type RunningApp,
  runIfMain,
  startChatApp,
  validUser,
} from '../common/chat-app.js';

export { type AppOptions, DEMO_KEYS, ROOM, type RunningApp } from '../common/chat-app.js';

const PAGE = chatPage('Express');

/** The signed-in user (faked), or undefined. */
function userOf(req: Request): string | undefined {
  return validUser(req.get('x-user') ?? req.query.user);
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
    const { channel, message } = publishBody(req.body);
    const [, , timetoken] = await req.pubnub.publish(channel, message);
    res.json({ timetoken });
  });
  app.use(pubnubErrorHandler());
  return app;
}

/** Starts the server (embedded unless PUBKIT_ORIGIN is set), the two clients and the app. */
export function start(port = 0, heartbeatMs?: number): Promise<RunningApp> {
  return startChatApp(createApp, port, heartbeatMs);
}

await runIfMain(import.meta.url, 'Express', start);
