/**
 * `pubnubErrors()`: Koa's error mapping. Routes (and pubkit calls in them) just throw; this middleware, mounted
 * first, answers pubkit errors and 4xx client errors with an explicit status and a JSON body (`toHttpError`).
 * Why not leave it to Koa: Koa's default handler copies `err.status` and answers text. Errors this mapping does
 * not own are re-thrown to the app's own handling, untouched.
 */
import { toHttpError } from '@pubkit/node/http';
import type Koa from 'koa';

/** Creates the error-mapping middleware. Mount it before your routes: `app.use(pubnubErrors())`. */
export function pubnubErrors(): Koa.Middleware {
  return async function pubnubErrors(ctx, next) {
    try {
      await next();
    } catch (err) {
      const answer = toHttpError(err);
      // Once a stream has started, the status is gone: let Koa's own handler end the response.
      if (answer === undefined || ctx.headerSent) throw err;
      ctx.status = answer.status;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = answer.body;
    }
  };
}
