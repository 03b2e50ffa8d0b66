/**
 * Issue 14: `authRoute({ mode: 'token' })` grants the signed-in user an Access Manager v3 token bound to that
 * user's uuid, for both bindings (they share `authHandler`), against the real server: the browser's client with
 * only that token and that uuid may do what the route granted and nothing else.
 */
import { authRoute as expressAuth, pubnubErrorHandler } from '@pubkit/express';
import { authRoute as koaAuth, pubnubErrors } from '@pubkit/koa';
import { Pubnub, PubnubAccessDeniedError } from '@pubkit/node';
import type { AuthRouteOptions, AuthToken } from '@pubkit/node/http';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import express, { type Request } from 'express';
import Koa from 'koa';
import { serve } from './serve-app.js';

const keyset = { publishKey: 'pub-t', subscribeKey: 'sub-t', secretKey: 'sec-t' };
const channels = () => ({ read: ['lobby', 'news'], write: ['lobby'] });
/** The signed-in user, as an app's session would say: here a header; none means not signed in. */
const userOf = (header: string | string[] | undefined) => (typeof header === 'string' ? header : undefined);

function expressApp(client: Pubnub) {
  const app = express();
  const uuid = (req: Request) => userOf(req.headers['x-user']);
  app.post('/auth', expressAuth({ client, channels, mode: 'token', uuid, ttl: 5 }));
  app.use(pubnubErrorHandler());
  return app;
}

function koaApp(client: Pubnub) {
  const app = new Koa();
  app.use(pubnubErrors());
  app.use(
    koaAuth({ path: '/auth', client, channels, mode: 'token', uuid: (ctx) => userOf(ctx.headers['x-user']), ttl: 5 }),
  );
  return app;
}

async function denied(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return false;
  } catch (err) {
    return err instanceof PubnubAccessDeniedError;
  }
}

for (const [name, build] of [
  ['express', expressApp],
  ['koa', koaApp],
] as const) {
  describe(`${name}: authRoute mode 'token'`, () => {
    let server: RunningServer;
    let admin: Pubnub;
    const browsers: Pubnub[] = [];
    // Everything a test opens is closed within it (the leak check runs after each test).
    beforeEach(async () => {
      server = await startServer({ port: 0, keysets: [keyset] });
      admin = new Pubnub({ ...keyset, origin: server.url, uuid: 'app-server' });
    });
    afterEach(async () => {
      await Promise.all(browsers.splice(0).map((b) => b.close()));
      await admin.close();
      await server.close();
    });

    it('issues a token bound to the signed-in uuid that allows exactly the granted channels', async () => {
      const http = await serve(build(admin));
      try {
        const res = await fetch(`${http.url}/auth`, { method: 'POST', headers: { 'x-user': 'ana' } });
        expect(res.status).to.equal(200);
        expect(res.headers.get('cache-control')).to.equal('no-store');
        const answer = (await res.json()) as AuthToken;
        expect(answer).to.include({
          uuid: 'ana',
          ttl: 5,
          origin: server.url,
          subscribeKey: 'sub-t',
          publishKey: 'pub-t',
        });
        expect(answer).to.not.have.property('authKey');
        expect(JSON.stringify(answer)).to.not.contain('sec-t');
        const parsed = admin.parseToken(answer.token);
        expect(parsed.authorizedUuid).to.equal('ana');
        expect(Object.keys(parsed.resources?.channels ?? {}).sort()).to.deep.equal([
          'lobby',
          'lobby-pnpres',
          'news',
          'news-pnpres',
        ]);

        const browser = new Pubnub({
          subscribeKey: answer.subscribeKey,
          publishKey: answer.publishKey ?? '',
          origin: answer.origin,
          uuid: 'ana',
        });
        browsers.push(browser);
        browser.setToken(answer.token);
        expect((await browser.publish('lobby', 'hi'))[0]).to.equal(1);
        expect(await browser.history('news')).to.have.length(3);
        expect(await denied(browser.publish('news', 'read only'))).to.equal(true);
        expect(await denied(browser.publish('elsewhere', 'x'))).to.equal(true);
        expect(await denied(browser.view({ uuid: 'mallory' }).publish('lobby', 'stolen token'))).to.equal(true);
      } finally {
        await http.close();
      }
    });

    it('answers 403 when nobody is signed in; a bad setup is a TypeError at once', async () => {
      const http = await serve(build(admin));
      try {
        const res = await fetch(`${http.url}/auth`, { method: 'POST' });
        expect(res.status).to.equal(403);
      } finally {
        await http.close();
      }
      const opts = { client: admin, channels, mode: 'token' } as AuthRouteOptions<Request>;
      expect(() => expressAuth(opts)).to.throw(TypeError, /uuid/);
      const noTokens = { grant: admin.grant.bind(admin), origin: admin.origin, subscribeKey: 'sub-t' };
      expect(() => expressAuth({ client: noTokens, channels, mode: 'token', uuid: () => 'x' })).to.throw(
        TypeError,
        /grantToken/,
      );
    });
  });
}
