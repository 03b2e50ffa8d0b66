/**
 * A small misbehaving HTTP origin for client tests: `node:http` on 127.0.0.1:0 answering every request with the
 * test's own handler (oversized bodies, dripping bodies, odd status lines). It tracks its sockets and counts the
 * ones the client dropped, and `close()` destroys whatever is still open, so nothing outlives the test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** A running responder. */
export interface BadResponder {
  /** `http://127.0.0.1:<port>`: a client's `origin`. */
  readonly url: string;
  /** Requests seen, in order (method and path with query). */
  readonly requests: readonly string[];
  /** Sockets that closed while the responder was still writing to them (the client hung up). */
  readonly droppedByClient: number;
  /** Destroys every open socket (a crash, as the client sees it) but keeps listening. */
  dropConnections(): void;
  /** Stops any drip timers, destroys every socket and closes the server. */
  close(): Promise<void>;
}

/** What a handler may use besides the request and response: timers it arms are cleared by `close()`. */
export interface ResponderTools {
  /** `setInterval` that `close()` (or the socket closing) clears. */
  every(ms: number, fn: () => void): void;
}

/** Starts a responder; `handler` answers each request. */
export async function startBadResponder(
  handler: (req: IncomingMessage, res: ServerResponse, tools: ResponderTools) => void,
): Promise<BadResponder> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: string[] = [];
  let droppedByClient = 0;
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const mine = new Set<NodeJS.Timeout>();
    const stop = (): void => {
      for (const t of mine) {
        clearInterval(t);
        timers.delete(t);
      }
    };
    res.on('close', () => {
      if (!res.writableFinished) droppedByClient += 1;
      stop();
    });
    handler(req, res, {
      every(ms, fn) {
        const t = setInterval(fn, ms);
        mine.add(t);
        timers.add(t);
      },
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('responder: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    get droppedByClient() {
      return droppedByClient;
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const t of timers) clearInterval(t);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
