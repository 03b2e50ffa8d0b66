/**
 * The Socket.IO benchmarks' rig: a socket.io server on loopback and BENCH_CLIENTS socket.io-client sockets in a
 * child process (`../socketio-clients.ts`), driven over IPC. The raw app it serves is the floor of issue 18's
 * "Socket.IO bridge memory per socket": a socket asks to join a room (`raw:join`, acknowledged), the way a
 * hand-written socket.io app puts a socket in a room, with one listener function shared by every socket.
 *
 * Why the floor joins on a request rather than on connection: a socket that has received a message keeps
 * transport state a silent one does not (`ws`'s receive buffer list grows on the first message, about 150 bytes),
 * and a bridged socket always has (its subscribe). Both sides now exchange one acknowledged request, so that state
 * is counted on both (docs/performance.md §8).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Namespace, Server, type Socket } from 'socket.io';

/** The room of the raw app (and of the raw fan-out). */
export const RAW_ROOM = 'raw';

/** The raw app's handler, shared by every socket (`this` is the socket). */
function joinRaw(this: Socket, room: unknown, ack: unknown): void {
  if (typeof room === 'string') void this.join(room);
  if (typeof ack === 'function') ack(null, { rooms: [room] });
}

/** A running rig. */
export interface SocketioRig {
  readonly io: Server;
  readonly nsp: Namespace;
  /** Sends a command to the clients' process and waits for its `{ key: value }` answer. */
  command(command: Record<string, unknown>, answer: string, timeoutMs?: number): Promise<void>;
  /** Waits for the clients' process to report `key:value` (e.g. `done:3` when every socket has message 3). */
  answer(answer: string, timeoutMs?: number): Promise<void>;
  /** Disconnects the clients, ends their process and closes the server. */
  close(): Promise<void>;
}

/** The heap in use after two full collections (needs `--expose-gc` to mean anything). */
export function heapUsed(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * Starts the server, calls `beforeClients` (the moment to sample the empty heap), then the clients, and resolves
 * once all of them are connected (and have not sent anything yet).
 */
export async function startSocketioRig(clients: number, beforeClients?: () => void): Promise<SocketioRig> {
  const http = createServer();
  const io = new Server(http, { pingInterval: 60_000 });
  io.on('connection', (socket) => void socket.on('raw:join', joinRaw));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  beforeClients?.();
  const child: ChildProcess = fork(
    fileURLToPath(new URL('../socketio-clients.ts', import.meta.url)),
    [url, String(clients)],
    {
      execArgv: ['--conditions=source', '--import', 'tsx'],
    },
  );
  const waiters = new Map<string, () => void>();
  child.on('message', (m: Record<string, number>) => {
    const key = Object.entries(m).map(([k, v]) => `${k}:${v}`)[0]!;
    waiters.get(key)?.();
  });
  const answer = (key: string, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench: no ${key} within ${timeoutMs} ms`)), timeoutMs);
      waiters.set(key, () => {
        clearTimeout(timer);
        waiters.delete(key);
        resolve();
      });
    });
  await answer(`connected:${clients}`);
  return {
    io,
    nsp: io.of('/'),
    answer,
    command(command, key, timeoutMs) {
      const answered = answer(key, timeoutMs);
      child.send(command);
      return answered;
    },
    async close() {
      child.send({ close: true });
      await new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
