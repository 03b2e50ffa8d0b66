/**
 * `fileRoute()`: files for signed-in browsers without keys (docs/protocol.md §15.10), as Koa middleware:
 * `GET {prefix}/:channel/:id/:name` streams a file, `POST {prefix}/:channel?name=…` uploads the raw body with
 * `sendFile`. The route logic is `fileHandler` (`@pubkit/node/http`); this file binds it to Koa: the path under
 * `prefix`, the query, the body stream, and taking the response over for a download.
 */
import { fileHandler, type FileRouteOptions as HttpFileRouteOptions, streamTo } from '@pubkit/node/http';
import type Koa from 'koa';

/** Options of `fileRoute`: the shared route options with Koa's `Context`, and the path prefix. */
export interface FileRouteOptions extends HttpFileRouteOptions<Koa.Context> {
  /** The path the route answers under, e.g. `/files` (then `/files/:channel[/:id/:name]`). */
  readonly prefix: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Splits `{prefix}/a/b/c` into its decoded segments, or undefined when the path is not under `prefix`. */
function segments(path: string, prefix: string): string[] | undefined {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!path.startsWith(`${base}/`)) return undefined;
  try {
    return path
      .slice(base.length + 1)
      .split('/')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** Creates the files route middleware. A bad channel or name is thrown (400 through `pubnubErrors()`). */
export function fileRoute(options: FileRouteOptions): Koa.Middleware {
  const handle = fileHandler(options);
  return async function pubnubFileRoute(ctx, next) {
    const parts = segments(ctx.path, options.prefix);
    if (parts === undefined || (parts.length !== 1 && parts.length !== 3)) return next();
    const [channel, id, name] = parts;
    const length = ctx.get('content-length');
    await handle(ctx, {
      method: ctx.method,
      params: { channel, id, name },
      query: { name: text(ctx.query.name), message: text(ctx.query.message) },
      body: ctx.req,
      contentLength: length === '' ? undefined : Number(length),
      answer: (answer) => {
        ctx.status = answer.status;
        ctx.set(answer.headers);
        ctx.body = answer.body;
      },
      stream: (headers, body) => {
        ctx.status = 200;
        ctx.respond = false;
        return streamTo(ctx.res, headers, body);
      },
    });
  };
}
