/**
 * Issue 10: an auth route whose client has no secret key is a server misconfiguration, not the browser's fault:
 * 500 with a clear JSON message (never 400), and one warning on the server's log however many calls come, for
 * both bindings (they share `authHandler`).
 */
import { authRoute as expressAuth, pubnubErrorHandler } from '@pubkit/express';
import { authRoute as koaAuth, pubnubErrors } from '@pubkit/koa';
import { Pubnub } from '@pubkit/node';
import { NO_SECRET_WARNING } from '@pubkit/node/http';
import { expect } from 'chai';
import express from 'express';
import Koa from 'koa';
import { serve } from './serve-app.js';

const channels = () => ({ read: ['lobby'], write: ['lobby'] });

function expressApp(client: Pubnub) {
  const app = express();
  app.post('/auth', expressAuth({ client, channels }));
  app.use(pubnubErrorHandler());
  return app;
}

function koaApp(client: Pubnub) {
  const app = new Koa();
  app.use(pubnubErrors());
  app.use(koaAuth({ path: '/auth', client, channels }));
  return app;
}

for (const [name, build] of [
  ['express', expressApp],
  ['koa', koaApp],
] as const) {
  describe(`${name}: authRoute with a client that has no secretKey`, () => {
    it('answers 500 SERVER_MISCONFIGURED, not 400, and warns the server log once', async () => {
      const client = new Pubnub({ publishKey: 'p', subscribeKey: 's', origin: 'http://127.0.0.1:1' });
      const warnings: Error[] = [];
      const onWarning = (warning: Error & { code?: string }): void => {
        if (warning.code === 'PUBKIT_NO_SECRET_KEY') warnings.push(warning);
      };
      process.on('warning', onWarning);
      const http = await serve(build(client));
      try {
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`${http.url}/auth`, { method: 'POST' });
          expect(res.status).to.equal(500);
          expect(res.headers.get('cache-control')).to.equal('no-store');
          const body = (await res.json()) as { error: { code: string; message: string } };
          expect(body.error.code).to.equal('SERVER_MISCONFIGURED');
          expect(body.error.message).to.match(/server configuration error/);
        }
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.map((w) => w.message)).to.deep.equal([NO_SECRET_WARNING]);
      } finally {
        process.off('warning', onWarning);
        await http.close();
        await client.close();
      }
    });
  });
}
