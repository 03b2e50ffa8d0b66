/**
 * @pubkit/express beyond the example: the error mapping against upstreams that fail on purpose, errors the
 * mapping does not own, a bad uuid, bad SSE channels, and the relay's timer released when a browser goes away.
 * Every case runs on Express 5 and on Express 4 (the devDependency alias `express-4`): the peer range names both.
 */
import { authRoute, pubnubErrorHandler, pubnubMiddleware, sseRoute } from '@pubkit/express';
import { Pubnub } from '@pubkit/node';
import { startServer } from '@pubkit/server';
import { expect } from 'chai';
import express5, { type NextFunction, type Request, type Response } from 'express';
import express4 from 'express-4';
import { until } from '../../support/until.js';
import { itReadsKeysFromTheClient } from '../http-contract/auth-route-keys.js';
import { liveIntervals, serve } from '../http-contract/serve-app.js';
import { SseClient } from '../http-contract/sse-client.js';
import { brokenUpstream, refusingOrigin, silentUpstream } from './upstream-stubs.js';

const AUTH = 'auth-key-that-must-not-leak';

/** Heartbeat intervals alive now, found by their unusual period. */
const HEARTBEAT_MS = 4321;
const heartbeats = liveIntervals(HEARTBEAT_MS);

/** An app whose /publish publishes through the request's view of `client`. */
function publishingApp(express: typeof express5, client: Pubnub): express5.Express {
  const app = express();
  app.use(pubnubMiddleware({ client, authKey: () => AUTH, uuid: (req) => req.get('x-user') }));
  // The explicit catch(next): Express 4 ignores a handler's returned promise (Express 5 would route a rejection).
  app.get('/publish', (req, res, next) => {
    req.pubnub.publish('ch', 'hello').then((answer) => res.json(answer), next);
  });
  app.get('/boom', () => {
    throw new Error('not a pubkit error');
  });
  app.use(pubnubErrorHandler());
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(599).json({ app: err.message });
  });
  return app;
}

for (const [version, express] of [
  ['5', express5],
  ['4', express4],
] as const) {
  describe(`express ${version}: routes and error mapping`, () => {
    const closers: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
    });

    async function appFor(origin: string, options: { requestTimeoutMs?: number } = {}): Promise<string> {
      const client = new Pubnub({
        publishKey: 'p',
        subscribeKey: 's',
        secretKey: 'secret-must-not-leak',
        origin,
        ...options,
      });
      closers.push(() => client.close());
      const http = await serve(publishingApp(express, client));
      closers.push(http.close);
      return http.url;
    }

    const expectMapped = async (url: string, status: number, code: string): Promise<void> => {
      const res = await fetch(url);
      const text = await res.text();
      expect(res.status, text).to.equal(status);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      expect(JSON.parse(text).error.code).to.equal(code);
      expect(text)
        .not.to.contain(AUTH)
        .and.not.to.contain('secret-must-not-leak')
        .and.not.to.match(/\bat .+:\d+/);
    };

    itReadsKeysFromTheClient(authRoute);

    it('maps an unreachable upstream to 502', async () => {
      await expectMapped(`${await appFor(await refusingOrigin())}/publish`, 502, 'PN_NETWORK');
    });

    it('maps an upstream that does not answer in time to 504', async () => {
      const stub = await silentUpstream();
      closers.push(stub.close);
      await expectMapped(`${await appFor(stub.origin, { requestTimeoutMs: 200 })}/publish`, 504, 'PN_TIMEOUT');
    });

    it('maps an upstream error page to 502', async () => {
      const stub = await brokenUpstream();
      closers.push(stub.close);
      const url = await appFor(stub.origin);
      const res = await fetch(`${url}/publish`);
      expect(res.status).to.equal(502);
      const body = (await res.json()) as { error: { code: string } };
      expect(['PN_SERVICE', 'PN_MALFORMED_RESPONSE']).to.include(body.error.code);
    });

    it('maps a bad uuid from the middleware to 400, and leaves errors it does not own to the app', async () => {
      const url = await appFor(await refusingOrigin());
      await expectMapped(`${url}/publish?`, 502, 'PN_NETWORK');
      const badUuid = await fetch(`${url}/publish`, { headers: { 'x-user': 'u'.repeat(200) } });
      expect(badUuid.status).to.equal(400);
      expect(((await badUuid.json()) as { error: { field: string } }).error.field).to.equal('uuid');
      const boom = await fetch(`${url}/boom`);
      expect(boom.status).to.equal(599);
      expect(await boom.json()).to.deep.equal({ app: 'not a pubkit error' });
    });

    it('authRoute over HTTP: grants a signed-in user a key the server honours, 403 for nobody', async () => {
      const keys = { publishKey: 'pam-pub', subscribeKey: 'pam-sub' };
      const server = await startServer({ port: 0, keysets: [{ ...keys, secretKey: 'pam-secret' }] });
      closers.push(() => server.close());
      const admin = new Pubnub({ ...keys, secretKey: 'pam-secret', origin: server.url });
      closers.push(() => admin.close());
      const app = express();
      app.post(
        '/auth',
        authRoute({
          client: admin,
          channels: (req) => (req.get('x-user') ? { read: ['room'], write: ['room'] } : null),
        }),
      );
      app.use(pubnubErrorHandler());
      const http = await serve(app);
      closers.push(http.close);

      const refused = await fetch(`${http.url}/auth`, { method: 'POST' });
      expect(refused.status).to.equal(403);
      const granted = await fetch(`${http.url}/auth`, { method: 'POST', headers: { 'x-user': 'alice' } });
      expect(granted.status).to.equal(200);
      const { authKey } = (await granted.json()) as { authKey: string };
      expect(authKey).to.be.a('string').with.length.above(0);
      const browser = new Pubnub({ ...keys, authKey, origin: server.url });
      closers.push(() => browser.close());
      expect((await browser.publish('room', 'hi'))[0]).to.equal(1);
    });

    it('sse: bad channel names are a 400 before the stream starts; a closed tab clears the heartbeat', async () => {
      const server = await startServer({ port: 0 });
      closers.push(() => server.close());
      const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', origin: server.url });
      closers.push(() => client.close());
      const app = express();
      app.get(
        '/events',
        sseRoute({ client, channels: (req) => [String(req.query.channel)], heartbeatMs: HEARTBEAT_MS }),
      );
      app.use(pubnubErrorHandler());
      const http = await serve(app);
      closers.push(http.close);

      const bad = await fetch(`${http.url}/events?channel=${encodeURIComponent('a b')}`);
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('PN_VALIDATION');

      const stream = await SseClient.open(`${http.url}/events?channel=news`);
      await stream.waitFor((f) => f.comment === 'connected');
      expect(heartbeats.size).to.equal(1);
      stream.close();
      await until(() => heartbeats.size === 0, 'the heartbeat interval to be cleared', 2000, 20);
      expect(heartbeats.size).to.equal(0);
    });
  });
}
