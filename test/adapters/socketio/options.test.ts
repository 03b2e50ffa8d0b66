/**
 * A bad bridge option is a programming error: `createBridge` and `createWsBridge` refuse it at once with a
 * `PubnubValidationError` naming the option, before touching the server, rather than failing the first browser.
 */
import { PubnubValidationError } from '@pubkit/core';
import { type BridgeOptions, createBridge, createWsBridge } from '@pubkit/socketio';
import { expect } from 'chai';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import { FakeUpstream } from './fake-upstream.js';

const allow = () => true;
const bad: Array<[field: string, options: Partial<BridgeOptions<unknown>>]> = [
  ['maxChannelsPerSocket', { maxChannelsPerSocket: 0 }],
  ['queue.maxMessages', { queue: { maxMessages: 1.5 } }],
  ['queue.maxBytes', { queue: { maxBytes: -1 } }],
  ['queue.onFull', { queue: { onFull: 'drop-newest' as never } }],
  ['historyOnJoin', { historyOnJoin: -1 }],
  ['connectTimeoutMs', { connectTimeoutMs: 0 }],
  ['presence.announceMax', { presence: { announceMax: -1 } }],
  ['presence.intervalMs', { presence: { intervalMs: 0 } }],
  ['presence.maxDeltas', { presence: { maxDeltas: 0.5 } }],
  ['publish.maxPendingPerSocket', { publish: { maxPendingPerSocket: 0 } }],
  ['publish.maxInFlightPerChannel', { publish: { maxInFlightPerChannel: Number.NaN } }],
];

describe('@pubkit/socketio: options are checked when the bridge is created', () => {
  it('refuses a missing authorize', () => {
    const io = new Server();
    try {
      expect(() => createBridge(io, new FakeUpstream(), {} as never))
        .to.throw(PubnubValidationError)
        .with.property('field', 'authorize');
    } finally {
      io.close();
    }
  });

  for (const [field, options] of bad) {
    it(`refuses a bad ${field}, on both transports`, () => {
      const io = new Server();
      const wss = new WebSocketServer({ noServer: true });
      try {
        expect(() => createBridge(io, new FakeUpstream(), { authorize: allow, ...options }))
          .to.throw(PubnubValidationError)
          .with.property('field', field);
        expect(() => createWsBridge(wss, new FakeUpstream(), { authorize: allow, ...options }))
          .to.throw(PubnubValidationError)
          .with.property('field', field);
      } finally {
        io.close();
        wss.close();
      }
    });
  }

  it('accepts announceMax 0 (always interval events) and the defaults', () => {
    const io = new Server();
    try {
      createBridge(io, new FakeUpstream(), { authorize: allow, presence: { announceMax: 0 } }).close();
      createBridge(io, new FakeUpstream(), { authorize: allow }).close();
    } finally {
      io.close();
    }
  });
});
