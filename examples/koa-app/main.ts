/**
 * A small Koa app on pubkit: a chat room in the browser.
 *
 *   GET  /            the page (a few lines of browser JS below)
 *   POST /auth        grants the signed-in user the room and answers its auth key        (authRoute)
 *   GET  /events      the room's messages and presence as Server-Sent Events            (sseRoute)
 *   POST /publish     {channel, message} published with the user's own auth key       (ctx.pubnub)
 *
 * "Signed in" is faked with an `x-user` header (or `?user=` for EventSource, which cannot set headers); a real
 * app reads its session instead.
 *
 * Two clients, on purpose: `admin` holds the secret key, so its requests are signed and pass PAM as admin; it
 * grants and relays. `client` has no secret key, so the per-request views made from it are held to the grants of
 * the browser's auth key: a user can publish only where `/auth` granted it.
 *
 * Runs against the embedded pubkit server unless PUBKIT_ORIGIN (with PUBKIT_PUBLISH_KEY, PUBKIT_SUBSCRIBE_KEY and
 * PUBKIT_SECRET_KEY of a PAM keyset) points elsewhere:  node --conditions=source --import tsx examples/koa-app/main.ts
 */
import { attach, authRoute, pubnubErrors, pubnubMiddleware, sseRoute } from '@pubkit/koa';
import Koa from 'koa';
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

/** Largest JSON body `/publish` reads: a 32 KiB message plus its envelope. */
const BODY_LIMIT = 64 * 1024;

const PAGE = chatPage('Koa');

/** The signed-in user (faked), or undefined. */
function userOf(ctx: Koa.Context): string | undefined {
  return validUser(ctx.get('x-user') || ctx.query.user);
}

/** Reads a JSON body of at most BODY_LIMIT bytes; Koa has no body parser of its own. */
async function readJson(ctx: Koa.Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) ctx.throw(413, 'the request body is too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return ctx.throw(400, 'the request body is not valid JSON', { type: 'entity.parse.failed' });
  }
}

/** Builds the app. */
export function createApp(options: AppOptions): Koa {
  const { admin, client } = options;
  const app = attach(new Koa(), client);
  app.use(pubnubErrors());
  app.use(pubnubMiddleware({ client, authKey: (ctx) => ctx.get('x-pubnub-auth') || undefined, uuid: userOf }));
  app.use(
    authRoute({
      path: '/auth',
      client: admin,
      channels: (ctx) => (userOf(ctx) ? { read: [ROOM], write: [ROOM] } : null),
    }),
  );
  app.use(
    sseRoute({
      path: '/events',
      client: admin,
      channels: (ctx) => (userOf(ctx) ? [ROOM] : null),
      heartbeatMs: options.heartbeatMs,
    }),
  );
  app.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/publish') {
      const { channel, message } = publishBody(await readJson(ctx));
      const [, , timetoken] = await ctx.pubnub.publish(channel, message);
      ctx.body = { timetoken };
    } else if (ctx.method === 'GET' && ctx.path === '/') {
      ctx.type = 'html';
      ctx.body = PAGE;
    } else {
      await next();
    }
  });
  return app;
}

/** Starts the server (embedded unless PUBKIT_ORIGIN is set), the two clients and the app. */
export function start(port = 0, heartbeatMs?: number): Promise<RunningApp> {
  return startChatApp(createApp, port, heartbeatMs);
}

await runIfMain(import.meta.url, 'Koa', start);
