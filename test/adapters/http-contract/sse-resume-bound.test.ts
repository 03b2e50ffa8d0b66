/**
 * Issue 9 item 11: the SSE `Last-Event-ID` resume can no longer be used for amplification. Against the real
 * server, with 250 stored messages: a stream opened with `Last-Event-ID: 1` replays only the newest 100 (the
 * default), after an `event: gap`; a stream resuming from a recent id replays exactly what it missed, no gap;
 * `maxResume` changes the bound.
 */
import { sseRoute } from '@pubkit/express';
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import express from 'express';
import { serve } from './serve-app.js';
import { SseClient } from './sse-client.js';

const STORED = 250;

describe('express: the SSE resume is bounded', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let client: Pubnub;
  let tokens: string[];
  const closers: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1' });
    client = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: server.url });
    tokens = [];
    for (let n = 0; n < STORED; n++) tokens.push((await client.publish('news', { n }))[2]);
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await client.close();
    await server.close();
  });

  async function stream(lastEventId: string, maxResume?: number): Promise<SseClient> {
    const app = express();
    app.get('/events', sseRoute({ client, channels: () => ['news'], maxResume }));
    const http = await serve(app);
    closers.push(http.close);
    const sse = await SseClient.open(`${http.url}/events`, { 'last-event-id': lastEventId });
    closers.push(async () => sse.close());
    return sse;
  }

  const numbers = (sse: SseClient): number[] =>
    sse.events
      .filter((e) => e.event === 'message')
      .map((e) => (JSON.parse(e.data ?? '{}') as { message: { n: number } }).message.n);

  it('Last-Event-ID: 1 replays the newest 100 after a gap event, not the whole history', async () => {
    const sse = await stream('1');
    await sse.waitFor((f) => f.id === tokens[STORED - 1]);
    expect(sse.events[0]).to.include({ event: 'gap' });
    expect(JSON.parse(sse.events[0]?.data ?? '{}')).to.deep.equal({ reason: 'resume-limit', replayed: 100 });
    expect(numbers(sse)).to.deep.equal([...Array(100).keys()].map((i) => STORED - 100 + i));
  });

  it('a recent Last-Event-ID replays exactly what was missed, without a gap', async () => {
    const sse = await stream(tokens[STORED - 4]!);
    await sse.waitFor((f) => f.id === tokens[STORED - 1]);
    expect(sse.events.map((e) => e.event)).to.deep.equal(['message', 'message', 'message']);
    expect(numbers(sse)).to.deep.equal([STORED - 3, STORED - 2, STORED - 1]);
  });

  it('maxResume sets the bound', async () => {
    const sse = await stream('1', 5);
    await sse.waitFor((f) => f.id === tokens[STORED - 1]);
    expect(numbers(sse)).to.deep.equal([STORED - 5, STORED - 4, STORED - 3, STORED - 2, STORED - 1]);
  });
});
