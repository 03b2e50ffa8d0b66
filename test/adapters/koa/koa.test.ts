/**
 * @pubkit/koa beyond the example: `attach` and the per-request view, the error middleware (mapped errors, and
 * errors it does not own left to Koa), bad SSE channels, and the relay's timer released when a browser goes away.
 */
import { attach, authRoute, pubnubErrors, pubnubMiddleware, sseRoute } from '@pubkit/koa';
import { Pubnub } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import { expect } from 'chai';
import Koa from 'koa';
import { until } from '../../support/until.js';
import { refusingOrigin } from '../express/upstream-stubs.js';
import { itReadsKeysFromTheClient } from '../http-contract/auth-route-keys.js';
import { liveIntervals, serve } from '../http-contract/serve-app.js';
import { SseClient } from '../http-contract/sse-client.js';

const HEARTBEAT_MS = 4322;
const heartbeats = liveIntervals(HEARTBEAT_MS);

describe('koa: attach, middleware, errors, SSE', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function appWith(client: Pubnub, configure: (app: Koa) => void): Promise<string> {
    const app = attach(new Koa(), client);
    app.silent = true;
    configure(app);
    const http = await serve(app);
    closers.push(http.close);
    return http.url;
  }

  itReadsKeysFromTheClient(authRoute);

  it('attach puts the client on every ctx; pubnubMiddleware replaces it with a view per request', async () => {
    const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', uuid: 'server', origin: 'http://127.0.0.1:1' });
    closers.push(() => client.close());
    const url = await appWith(client, (app) => {
      app.use(async (ctx, next) => {
        if (ctx.path === '/shared') ctx.body = { same: ctx.pubnub === client, uuid: ctx.pubnub.uuid };
        else await next();
      });
      app.use(pubnubMiddleware({ client, uuid: (ctx) => ctx.get('x-user') || undefined }));
      app.use((ctx) => {
        ctx.body = { same: ctx.pubnub === client, uuid: ctx.pubnub.uuid };
      });
    });
    expect(await (await fetch(`${url}/shared`)).json()).to.deep.equal({ same: true, uuid: 'server' });
    const [ann, bob] = await Promise.all(
      ['ann', 'bob'].map(async (user) => (await fetch(`${url}/view`, { headers: { 'x-user': user } })).json()),
    );
    expect([ann, bob]).to.deep.equal([
      { same: false, uuid: 'ann' },
      { same: false, uuid: 'bob' },
    ]);
  });

  it('pubnubErrors maps pubkit errors to JSON and leaves other errors to Koa', async () => {
    const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', origin: await refusingOrigin() });
    closers.push(() => client.close());
    const url = await appWith(client, (app) => {
      app.use(pubnubErrors());
      app.use(pubnubMiddleware({ client, authKey: () => 'auth-key-that-must-not-leak' }));
      app.use(async (ctx) => {
        if (ctx.path === '/boom') throw new Error('not a pubkit error');
        ctx.body = await ctx.pubnub.publish('ch', 1);
      });
    });
    const mapped = await fetch(`${url}/publish`);
    const text = await mapped.text();
    expect(mapped.status).to.equal(502);
    expect(JSON.parse(text).error.code).to.equal('PN_NETWORK');
    expect(text).not.to.contain('auth-key-that-must-not-leak');
    const boom = await fetch(`${url}/boom`);
    expect(boom.status).to.equal(500);
    expect(await boom.text()).to.equal('Internal Server Error');
  });

  it('sse: bad channel names are a 400 before the stream starts; a closed tab clears the heartbeat', async () => {
    const server = await startServer({ port: 0 });
    closers.push(() => server.close());
    const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', origin: server.url });
    closers.push(() => client.close());
    const url = await appWith(client, (app) => {
      app.use(pubnubErrors());
      app.use(
        sseRoute({
          path: '/events',
          client,
          channels: (ctx) => [String(ctx.query.channel)],
          heartbeatMs: HEARTBEAT_MS,
        }),
      );
    });
    const bad = await fetch(`${url}/events?channel=${encodeURIComponent('a b')}`);
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('PN_VALIDATION');
    expect((await fetch(`${url}/elsewhere`)).status).to.equal(404);

    const stream = await SseClient.open(`${url}/events?channel=news`);
    await stream.waitFor((f) => f.comment === 'connected');
    expect(heartbeats.size).to.equal(1);
    stream.close();
    await until(() => heartbeats.size === 0, 'the heartbeat interval to be cleared', 2000, 20);
    expect(heartbeats.size).to.equal(0);
  });
});
