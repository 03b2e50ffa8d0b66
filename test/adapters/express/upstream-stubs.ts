/**
 * Upstreams that fail on purpose, for the error-mapping tests: one that refuses connections, one that accepts and
 * never answers, one that answers an HTML 500. Each `close()` destroys every socket it accepted.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

/** A failing upstream. */
export interface Stub {
  readonly origin: string;
  close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<Stub> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * An origin where nothing listens. Not "a port that was free a moment ago": another test's server can take that
 * port mid-run. Port 1 of an otherwise unused loopback address is refused deterministically.
 */
export async function refusingOrigin(): Promise<string> {
  return 'http://127.0.99.1:1';
}

/** Accepts connections and never answers. */
export function silentUpstream(): Promise<Stub> {
  return listen(createServer(), new Set());
}

/** Answers every request with an HTML 500 page. */
export function brokenUpstream(): Promise<Stub> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>Internal error</body></html>');
  });
  return listen(server, new Set());
}
