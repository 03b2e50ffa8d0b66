/**
 * `pubnubErrorHandler()`: the Express error middleware that answers pubkit errors (and body-parser's 4xx) with an
 * explicit status and a JSON body, per `toHttpError`. Why explicit: Express would otherwise copy `err.status` or
 * answer 500 with an HTML stack trace in development. Errors it does not own go on to the app's next handler.
 */
import { toHttpError } from '@pubkit/node/http';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';

/** Creates the error handler. Mount it after your routes: `app.use(pubnubErrorHandler())`. */
export function pubnubErrorHandler(): ErrorRequestHandler {
  return function pubnubErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
    const answer = toHttpError(err);
    // Headers already sent (a stream failed midway): only Express's default handler can end the socket properly.
    if (answer === undefined || res.headersSent) {
      next(err);
      return;
    }
    res.status(answer.status).set('Cache-Control', 'no-store').json(answer.body);
  };
}
