/**
 * pubkit-socket: the browser side of the @pubkit/socketio protocol, as one ES module with no dependencies.
 * Pass it a connected socket.io client socket (the server serves one at /socket.io/socket.io.esm.min.js).
 *
 *   import { io } from '/socket.io/socket.io.esm.min.js';
 *   import { createPubkitSocket } from '/pubkit/pubkit-socket.js';
 *   const pubkit = createPubkitSocket(io());
 *   pubkit.on('message', (m) => console.log(m.channel, m.message));
 *   await pubkit.subscribe(['lobby']);
 *   await pubkit.publish('lobby', { text: 'hi' });
 *
 * Why it remembers the last timetoken of each channel: when socket.io reconnects, the helper subscribes again with
 * `since`, so the page gets what it missed from history and then live messages; anything at or before what it has
 * already seen is dropped, so nothing arrives twice.
 */

/** A refused request: `code` is one of the bridge's error codes, or `TIMEOUT` when no ack came. */
export class PubkitSocketError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'PubkitSocketError';
    this.code = code;
  }
}

/**
 * Wraps a socket.io client socket.
 * @param {import('socket.io-client').Socket} socket
 * @param {{ timeoutMs?: number, resume?: boolean }} [options] ack timeout (default 10000); resume on reconnect (default true)
 */
export function createPubkitSocket(socket, options = {}) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const listeners = { message: new Set(), presence: new Set(), file: new Set(), status: new Set() };
  const last = new Map();
  let disconnected = false;

  const request = (event, body) =>
    new Promise((resolve, reject) => {
      socket.timeout(timeoutMs).emit(event, body, (timedOut, error, result) => {
        if (timedOut) reject(new PubkitSocketError('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`));
        else if (error) reject(new PubkitSocketError(error.code, error.message));
        else resolve(result);
      });
    });
  const emit = (kind, payload) => {
    for (const listener of listeners[kind]) listener(payload);
  };

  socket.on('pubnub:message', (message) => {
    if (!last.has(message.channel)) return;
    const seen = last.get(message.channel);
    // Timetokens exceed 2^53: compare them as BigInt, never as numbers.
    if (seen !== undefined && BigInt(message.timetoken) <= BigInt(seen)) return;
    last.set(message.channel, message.timetoken);
    emit('message', message);
  });
  socket.on('pubnub:presence', (event) => emit('presence', event));
  socket.on('pubnub:file', (event) => emit('file', event));
  socket.on('pubnub:status', (status) => emit('status', status));
  socket.on('disconnect', () => {
    disconnected = true;
  });
  socket.on('connect', () => {
    if (!disconnected || options.resume === false) return;
    disconnected = false;
    for (const [channel, since] of last) {
      request('pubnub:subscribe', since === undefined ? { channels: [channel] } : { channels: [channel], since }).catch(
        (error) => emit('status', { category: 'resubscribe-failed', channel, reason: error.code }),
      );
    }
  });

  return {
    /** Joins channels; resolves to every channel this socket is on. `since` resumes after that timetoken. */
    async subscribe(channels, { since } = {}) {
      // Registered before the request: a resume replays history before the ack arrives.
      const added = channels.filter((channel) => !last.has(channel));
      for (const channel of added) last.set(channel, since);
      try {
        return await request('pubnub:subscribe', since === undefined ? { channels } : { channels, since });
      } catch (error) {
        for (const channel of added) last.delete(channel);
        throw error;
      }
    },
    /** Leaves channels; resolves to the channels this socket is still on. */
    async unsubscribe(channels) {
      const result = await request('pubnub:unsubscribe', { channels });
      for (const channel of channels) last.delete(channel);
      return result;
    },
    /** Publishes; resolves to `{ timetoken }`. */
    publish(channel, message) {
      return request('pubnub:publish', { channel, message });
    },
    /** Listens to `message`, `presence` or `status`; returns a function that stops listening. */
    on(kind, listener) {
      listeners[kind].add(listener);
      return () => listeners[kind].delete(listener);
    },
    /** The newest timetoken seen on `channel`, for a `since` of your own. */
    lastTimetoken(channel) {
      return last.get(channel);
    },
  };
}
