/**
 * The plain WebSocket transport of the relay, over `ws`: JSON frames `{ type, id, ...request }` answered by
 * `{ type: 'ack', id, error? | ...result }`, and pushed `{ type: 'message' | 'presence' | 'status', ...event }`.
 *
 * Backpressure: `ws.bufferedAmount` is what `ws` and the TCP socket hold unsent in this process; it counts against
 * the socket's bound. While it is above zero the relay queues; every send's callback checks it again, and the one
 * that finds it empty hands over the next part of the queue. A send always has a callback pending while the buffer
 * is non-empty, so the queue cannot be forgotten.
 */
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { type BridgeOptions, resolveOptions } from './options.js';
import type { WsServerFrame } from './protocol.js';
import { Relay } from './relay.js';
import type { Drainable, Frame, Transport } from './relay-types.js';
import { BridgeFailure, toBridgeError } from './requests.js';
import type { Bridge } from './socketio-bridge.js';
import type { BridgeClient } from './upstream.js';

/** What `authorize` and `identify` receive for a ws connection. */
export interface WsClient {
  /** A bridge-assigned id, unique per connection. */
  readonly id: string;
  readonly ws: WebSocket;
  /** The HTTP upgrade request: its cookies and headers are how an application knows who this is. */
  readonly request: IncomingMessage;
}

// The push frame is the payload's JSON with a `type` in front: encoded once per frame, not once per socket, and
// sent as the same buffer to each (a socket that is behind holds a reference, not a copy).
const encoded = new WeakMap<Frame, Buffer>();
function frameBytes(frame: Frame): Buffer {
  let bytes = encoded.get(frame);
  if (bytes === undefined) {
    bytes = Buffer.from(`{"type":${JSON.stringify(frame.kind)},${frame.json.slice(1)}`);
    encoded.set(frame, bytes);
  }
  return bytes;
}

function parse(data: RawData): { type: unknown; id: number | string | null; body: unknown } {
  let body: unknown;
  try {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    body = JSON.parse(buffer.toString());
  } catch {
    return { type: undefined, id: null, body: undefined };
  }
  if (typeof body !== 'object' || body === null) return { type: undefined, id: null, body };
  const { type, id } = body as { type?: unknown; id?: unknown };
  return { type, id: typeof id === 'number' || typeof id === 'string' ? id : null, body };
}

/** A connection as the relay knows it: the public `WsClient` and what its transport needs to report sends. */
class WsConnection implements WsClient {
  readonly id: string;
  readonly ws: WebSocket;
  readonly request: IncomingMessage;
  /** Each send's callback: the one that finds `ws` empty tells the session it can take the next part of its queue. */
  readonly onSent: () => void;
  constructor(id: string, ws: WebSocket, request: IncomingMessage, session: () => Drainable | undefined) {
    this.id = id;
    this.ws = ws;
    this.request = request;
    this.onSent = () => {
      if (ws.bufferedAmount === 0) session()?.drained();
    };
  }
  send(data: string | Buffer, after?: () => void): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(data, { binary: false }, after);
  }
}

/** How the relay reaches ws connections. */
const wsTransport: Transport<WsConnection> = {
  id: (socket) => socket.id,
  congested: (socket) => socket.ws.bufferedAmount > 0,
  buffered: (socket) => socket.ws.bufferedAmount,
  write: (socket, frame) => socket.send(frameBytes(frame), socket.onSent),
  // terminate, not close: a socket that does not read would never answer the close handshake.
  disconnect: (socket) => socket.ws.terminate(),
};

/**
 * Bridges PubNub channels to the connections of a `ws` server. Connections already open are not bridged.
 * @throws PubnubValidationError when `authorize` is missing or an option is out of range
 */
export function createWsBridge(wss: WebSocketServer, client: BridgeClient, options: BridgeOptions<WsClient>): Bridge {
  const relay = new Relay<WsConnection>(client, resolveOptions<WsConnection>(options), wsTransport);
  const detach = new Set<() => void>();
  let nextId = 0;

  const onConnection = (ws: WebSocket, request: IncomingMessage): void => {
    const socket: WsConnection = new WsConnection(`ws-${++nextId}`, ws, request, () => current);
    const current = relay.connect(socket);
    const reply = (frame: WsServerFrame): void => socket.send(JSON.stringify(frame));
    const onMessage = (data: RawData): void => {
      const { type, id, body } = parse(data);
      const serve =
        type === 'subscribe'
          ? relay.subscribe(current, body)
          : type === 'unsubscribe'
            ? relay.unsubscribe(current, body)
            : type === 'publish'
              ? relay.publish(current, body)
              : Promise.reject(
                  new BridgeFailure('BAD_REQUEST', "type must be 'subscribe', 'unsubscribe' or 'publish'"),
                );
      serve.then(
        (result) => reply({ type: 'ack', id, ...result }),
        (error: unknown) => reply({ type: 'ack', id, error: toBridgeError(error) }),
      );
    };
    const cleanup = (): void => {
      detach.delete(cleanup);
      ws.off('message', onMessage);
      ws.off('close', cleanup);
      relay.disconnect(current);
    };
    ws.on('message', onMessage);
    ws.on('close', cleanup);
    detach.add(cleanup);
  };

  wss.on('connection', onConnection);
  return {
    close() {
      wss.off('connection', onConnection);
      for (const cleanup of [...detach]) cleanup();
      relay.close();
    },
    stats: () => relay.stats(),
    reauthorize: () => relay.reauthorize(),
  };
}
