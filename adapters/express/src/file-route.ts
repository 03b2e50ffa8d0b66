/**
 * `fileRoute()`: files for signed-in browsers without keys (docs/protocol.md §15.10): `GET …/:channel/:id/:name`
 * streams a file, `POST …/:channel?name=…` uploads the raw body with `sendFile`. The route logic is `fileHandler`
 * (`@pubkit/node/http`); this file binds it to Express: params, query, the body stream, and errors to `next(err)`.
 * Mount it on both paths, e.g. `app.get('/files/:channel/:id/:name', route)` and `app.post('/files/:channel', route)`,
 * before any body parser that would read the upload.
 */
import { fileHandler, type FileRouteOptions as HttpFileRouteOptions, streamTo } from '@pubkit/node/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Options of `fileRoute`: the shared route options with Express's `Request`. */
export type FileRouteOptions = HttpFileRouteOptions<Request>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Creates the files route handler. */
export function fileRoute(options: FileRouteOptions): RequestHandler {
  const handle = fileHandler(options);
  return function pubnubFileRoute(req: Request, res: Response, next: NextFunction): void {
    const length = req.get('content-length');
    handle(req, {
      method: req.method,
      params: { channel: text(req.params.channel), id: text(req.params.id), name: text(req.params.name) },
      query: { name: text(req.query.name), message: text(req.query.message) },
      body: req,
      contentLength: length === undefined ? undefined : Number(length),
      answer: (answer) => {
        res.status(answer.status).set(answer.headers).json(answer.body);
      },
      stream: (headers, body) => streamTo(res, headers, body),
    }).catch(next);
  };
}
