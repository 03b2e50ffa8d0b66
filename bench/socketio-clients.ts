/**
 * Child process of `socketio-fanout.ts`: BENCH_CLIENTS socket.io-client sockets (websocket transport) on the
 * parent's server, in a process of their own so their parsing does not share the server's CPU. Each message
 * carries an id; when the last socket has message `id`, the child tells the parent over IPC. Commands from the
 * parent: `{ join: room }` (every socket asks the raw app to join `room`), `{ subscribe: channel }` (every socket
 * subscribes through the bridge), `{ close: true }`. Each socket's request waits for its acknowledgement.
 */
import { io, type Socket } from 'socket.io-client';

const url = process.argv[2];
const count = Number(process.argv[3] ?? 1000);
if (url === undefined || process.send === undefined) throw new Error('run by socketio-fanout.ts');
const send = process.send.bind(process);

const sockets: Socket[] = [];
const received = new Map<number, number>();
const onMessage = (payload: { message?: { id?: number } } | { id?: number }): void => {
  const id = 'message' in payload ? payload.message?.id : (payload as { id?: number }).id;
  if (id === undefined) return;
  const n = (received.get(id) ?? 0) + 1;
  received.set(id, n);
  if (n === count) {
    received.delete(id);
    send({ done: id });
  }
};

for (let i = 0; i < count; i++) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('raw', onMessage);
  socket.on('pubnub:message', onMessage);
  sockets.push(socket);
  // Connect in batches: a thousand simultaneous upgrades overflow the listen backlog on some kernels.
  if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 50));
}
await Promise.all(
  sockets.map((s) => (s.connected ? undefined : new Promise<void>((r) => s.once('connect', () => r())))),
);
send({ connected: count });

/** Every socket emits `event` with `body` and waits for its acknowledgement. */
const everySocket = (event: string, body: unknown) =>
  Promise.all(sockets.map((s) => new Promise((resolve) => s.emit(event, body, resolve))));

process.on('message', async (command: { join?: string; subscribe?: string; close?: boolean }) => {
  if (command.join !== undefined) {
    await everySocket('raw:join', command.join);
    send({ joined: count });
  }
  if (command.subscribe !== undefined) {
    await everySocket('pubnub:subscribe', { channels: [command.subscribe] });
    send({ subscribed: count });
  }
  if (command.close === true) {
    for (const socket of sockets) socket.disconnect();
    process.disconnect();
  }
});
