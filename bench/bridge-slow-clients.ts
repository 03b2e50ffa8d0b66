/**
 * Child process of `bridge-slow-readers.ts`: socket.io clients spoken by hand (engine.io v4 framing: `0` open, `40`
 * namespace connect, `42`/`43` event/ack, `2`/`3` ping/pong). The slow ones are raw TCP sockets that speak just
 * enough WebSocket to connect and subscribe, then never read again (a stalled tab: the kernel's receive window
 * stays small because nothing is consumed). The healthy ones are `ws` clients that answer pings and count messages.
 * Commands from the parent over IPC: `{ open: { slow, healthy, channel } }`, `{ close: true }`. The child reports
 * `{ ready: true }` and `{ got: id }` when every healthy client has received message `id`.
 */
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { rawSocketIo } from '../test/support/raw-socketio.js';

const url = process.argv[2] ?? '';
if (url === '' || process.send === undefined) throw new Error('run by bridge-slow-readers.ts');
const send = process.send.bind(process);
const raw: Socket[] = [];
const healthy: WebSocket[] = [];
const seen = new Map<number, number>();

function openHealthy(user: string, channel: string, total: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    healthy.push(ws);
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ user })}`);
      else if (text.startsWith('40')) ws.send(`421["pubnub:subscribe",{"channels":[${JSON.stringify(channel)}]}]`);
      else if (text.startsWith('431')) resolve();
      else if (text === '2') ws.send('3');
      else if (text.startsWith('42["pubnub:message"')) {
        const id = (JSON.parse(text.slice(2))[1] as { message: { id: number } }).message.id;
        const n = (seen.get(id) ?? 0) + 1;
        seen.set(id, n);
        if (n === total) send({ got: id });
      }
    });
  });
}

process.on('message', async (command: { open?: { slow: number; healthy: number; channel: string }; close?: true }) => {
  if (command.open !== undefined) {
    const { slow, healthy: count, channel } = command.open;
    for (let i = 0; i < count; i++) await openHealthy(`healthy-${i}`, channel, count);
    const { port } = new URL(url);
    const pending: Promise<void>[] = [];
    for (let i = 0; i < slow; i++) {
      const socket = connect(Number(port), '127.0.0.1');
      raw.push(socket);
      pending.push(
        rawSocketIo(socket, { user: `slow-${i}` }).then((s) => s.subscribe([channel]).then(() => s.stopReading())),
      );
      if (i % 100 === 99) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    send({ ready: true });
  }
  if (command.close === true) {
    for (const socket of raw) socket.destroy();
    for (const ws of healthy) ws.terminate();
    process.disconnect();
  }
});
