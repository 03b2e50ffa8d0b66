/**
 * A small misbehaving HTTP responder on 127.0.0.1:0 (node:http), for what the real server never does: answer a
 * subscribe at once with nothing, with a cursor of "0", with a 429 and `Retry-After`, or come back from a "restart"
 * in another region. Each test gives it a `respond` function; every request is recorded with its arrival time.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the responder saw. */
export interface SeenRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly atMs: number;
}

/** What `respond` returns: an answer, or `'hold'` to keep the request open until the responder closes. */
export type Answer =
  | { readonly status?: number; readonly body: string; readonly headers?: Record<string, string> }
  | 'hold';

/** A running responder. */
export interface OddResponder {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** The subscribe requests seen so far. */
  subscribes(): SeenRequest[];
  /** Destroys every open socket (a crash, as a client sees it), keeping the listener. */
  dropConnections(): void;
  close(): Promise<void>;
}

/** Starts a responder; `respond` is called for every request. */
export async function startOddResponder(respond: (req: SeenRequest) => Answer): Promise<OddResponder> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const entry = { path: url.pathname, query: url.searchParams, atMs: performance.now() };
    seen.push(entry);
    const answer = respond(entry);
    if (answer === 'hold') return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    subscribes: () => seen.filter((r) => r.path.startsWith('/v2/subscribe/')),
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A v2 subscribe body. */
export function subscribeBody(timetoken: string, region: number | undefined, messages: unknown[] = []): string {
  const t = region === undefined ? { t: timetoken } : { t: timetoken, r: region };
  return JSON.stringify({ t, m: messages });
}
