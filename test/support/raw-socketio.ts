/**
 * A socket.io client spoken by hand over a raw TCP socket: the WebSocket upgrade, unmasked server frames read with
 * a minimal parser, client frames masked with a zero key (legal, and the payload stays readable), and the engine.io
 * v4 / socket.io v5 packets (`0` open, `40` connect, `42` event, `43` ack, `2`/`3` ping/pong). Its point is
 * `stopReading()`: the socket is paused and nothing more is consumed, so the kernel's receive window stays as small
 * as it was, the way a stalled browser tab behaves. `ws` or socket.io-client cannot do that: they resume reading
 * on their own.
 */
import type { Socket } from 'node:net';

/** A connected raw client. */
export interface RawSocketIo {
  /** Subscribes through the bridge; resolves with the ack's `[error, result]`. */
  subscribe(channels: string[]): Promise<unknown[]>;
  /** Emits an event with an ack; resolves with the ack's arguments. */
  emit(event: string, body: unknown): Promise<unknown[]>;
  /** Socket.io events received so far, as `[event, payload]`. */
  readonly events: Array<[string, unknown]>;
  /** Pauses the TCP socket for good: nothing is read any more. */
  stopReading(): void;
}

function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, 0x80 | length])
      : length < 65_536
        ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = 0x81;
            h[1] = 0x80 | 127;
            h.writeBigUInt64BE(BigInt(length), 2);
            return h;
          })();
  // A zero masking key: XOR with 0 leaves the payload as it is.
  return Buffer.concat([header, Buffer.alloc(4), payload]);
}

/** Reads whole server frames (unmasked, unfragmented text) out of `buffer`; returns their texts and the rest. */
function readFrames(buffer: Buffer): { texts: string[]; rest: Buffer } {
  const texts: string[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    let length = buffer[offset + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    if (buffer.length - offset < header + length) break;
    texts.push(buffer.subarray(offset + header, offset + header + length).toString());
    offset += header + length;
  }
  return { texts, rest: buffer.subarray(offset) };
}

/** A raw WebSocket client: text frames in and out, and a way to stop reading for good. */
export interface RawWebSocket {
  send(text: string): void;
  /** Pauses the TCP socket for good: nothing is read any more. */
  stopReading(): void;
}

/**
 * Upgrades `socket` (already connecting) at `path` and calls `onText` for every text frame the server sends.
 * @throws Error (as a rejection) when the server refuses the upgrade
 */
export function rawWebSocket(socket: Socket, path: string, onText: (text: string) => void): Promise<RawWebSocket> {
  let upgraded = false;
  let pending: Buffer = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    const client: RawWebSocket = {
      send: (text) => socket.write(frame(text)),
      stopReading() {
        socket.off('data', onData);
        socket.pause();
      },
    };
    const onData = (chunk: Buffer): void => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        pending = pending.subarray(end + 4);
        resolve(client);
      }
      const { texts, rest } = readFrames(pending);
      pending = rest;
      for (const text of texts) onText(text);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: cHVia2l0LWJyaWRnZS10ZQ==\r\n\r\n',
    );
  });
}

/**
 * Speaks socket.io over `rawWebSocket`: connects the `/` namespace with `auth` and resolves once connected.
 * @throws Error (as a rejection) when the server refuses the upgrade or the namespace connect
 */
export async function rawSocketIo(
  socket: Socket,
  auth: Record<string, unknown>,
  path = '/socket.io/',
): Promise<RawSocketIo> {
  const events: Array<[string, unknown]> = [];
  const acks = new Map<number, (args: unknown[]) => void>();
  let nextAck = 0;
  let connected: (() => void) | undefined;
  let refused: ((error: Error) => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    connected = resolve;
    refused = reject;
  });
  // Answers go straight to the socket: the open packet can arrive in the same chunk as the upgrade response.
  const send = (text: string): boolean => socket.write(frame(text));
  const ws = await rawWebSocket(socket, `${path}?EIO=4&transport=websocket`, (text) => {
    if (text.startsWith('0')) send(`40${JSON.stringify(auth)}`);
    else if (text.startsWith('44')) refused?.(new Error(`namespace connect refused: ${text}`));
    else if (text.startsWith('40')) connected?.();
    else if (text === '2') send('3');
    else if (text.startsWith('43')) {
      const match = /^43(\d+)(.*)$/s.exec(text);
      if (match === null) return;
      acks.get(Number(match[1]))?.(JSON.parse(match[2]!) as unknown[]);
      acks.delete(Number(match[1]));
    } else if (text.startsWith('42')) {
      const [event, payload] = JSON.parse(text.slice(2)) as [string, unknown];
      events.push([event, payload]);
    }
  });
  await ready;
  const client: RawSocketIo = {
    events,
    emit(event, body) {
      const id = nextAck++;
      return new Promise((done) => {
        acks.set(id, done);
        send(`42${id}${JSON.stringify([event, body])}`);
      });
    },
    subscribe: (channels) => client.emit('pubnub:subscribe', { channels }),
    stopReading: () => ws.stopReading(),
  };
  return client;
}
