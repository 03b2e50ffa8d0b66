/**
 * A small TCP proxy for tests: forwards every connection to `target`, counts connections, and can cut every open
 * connection at once (`dropAll`) to simulate a network failure mid-stream, refuse new ones (`refuse`), or cut the
 * connection carrying a chosen request (`inspect`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: point a client's `origin` here. */
  readonly url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Destroys every open connection (both sides). */
  dropAll(): void;
  /** true: cut every open connection and refuse new ones; false: forward again. */
  refuse(on: boolean): void;
  /** Closes the proxy and every connection. */
  close(): Promise<void>;
}

/** Options of {@link startTcpProxy}. */
export interface TcpProxyOptions {
  /** Sees each chunk the client sends; `false` cuts that connection instead of forwarding. @default forward all */
  readonly inspect?: (chunk: Buffer) => boolean;
}

/** Starts a proxy to `targetUrl` (`http://host:port`). */
export async function startTcpProxy(targetUrl: string, options: TcpProxyOptions = {}): Promise<TcpProxy> {
  const { inspect } = options;
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let connections = 0;
  let refusing = false;
  const dropAll = (): void => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    connections += 1;
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    if (inspect === undefined) {
      client.pipe(upstream);
    } else {
      client.on('data', (chunk: Buffer) => {
        if (inspect(chunk)) upstream.write(chunk);
        else drop();
      });
    }
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get connections() {
      return connections;
    },
    dropAll,
    refuse(on: boolean) {
      refusing = on;
      if (on) dropAll();
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
