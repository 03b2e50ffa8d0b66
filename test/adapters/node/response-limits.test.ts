/**
 * Response size limits and the whole-exchange deadline (issue 9 items 5 and 8; docs/decisions.md "Response size
 * limits"), against a misbehaving `node:http` origin on port 0: an oversized answer is a
 * `PubnubResponseTooLargeError` with the connection dropped, whether announced by `content-length` or streamed;
 * an oversized poll does not stop the subscribe loop; a body that drips a byte at a time times out at
 * `requestTimeoutMs` rather than when it ends.
 */
import type { ServerResponse } from 'node:http';
import {
  Pubnub,
  PubnubResponseTooLargeError,
  PubnubTimeoutError,
  PubnubValidationError,
  type SubscribeStatus,
} from '@pubkit/node';
import { expect } from 'chai';
import { type BadResponder, startBadResponder } from './support/bad-responder.js';
import { until } from './support/server.js';

const MIB = 1024 * 1024;

/** Writes `total` bytes of `x` in 64 KiB pieces, honouring backpressure, until done or the socket closes. */
function stream(res: ServerResponse, total: number): void {
  const piece = Buffer.alloc(64 * 1024, 'x');
  let left = total;
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(left, piece.length);
      left -= n;
      if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

describe('node client: response size limits and deadlines', () => {
  let responder: BadResponder | undefined;
  const clients: Pubnub[] = [];
  const client = (origin: string, extra: Partial<ConstructorParameters<typeof Pubnub>[0]> = {}): Pubnub => {
    const c = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin, ...extra });
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await responder?.close();
    responder = undefined;
  });

  it('a 50 MB publish answer with content-length fails at once with PubnubResponseTooLargeError', async () => {
    responder = await startBadResponder((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * MIB) });
      stream(res, 50 * MIB);
    });
    const started = Date.now();
    const err = await client(responder.url)
      .publish('ch', 'hi')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).to.be.instanceOf(PubnubResponseTooLargeError);
    expect(err).to.include({ code: 'PN_RESPONSE_TOO_LARGE', operation: 'publish', limitBytes: MIB });
    expect(Date.now() - started).to.be.lessThan(2_000);
    await until(() => responder?.droppedByClient === 1, 'the client to drop the connection');
  });

  it('a streamed (chunked) answer past a configured limit fails, keeping the first bytes for the error', async () => {
    responder = await startBadResponder((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,"Sent","');
      stream(res, 20 * MIB);
    });
    const c = client(responder.url, { maxResponseBytes: { publish: 4096 } });
    const err = await c.publish('ch', 'hi').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubResponseTooLargeError);
    const tooLarge = err as PubnubResponseTooLargeError;
    expect(tooLarge.limitBytes).to.equal(4096);
    expect(tooLarge.upstream.status).to.equal(200);
    expect(tooLarge.upstream.body.startsWith('[1,"Sent","xxx')).to.equal(true);
    expect(tooLarge.upstream.body.length).to.be.at.most(2048);
    await until(() => responder?.droppedByClient === 1, 'the client to drop the connection');
  });

  it('refuses a bad maxResponseBytes with PubnubValidationError', () => {
    for (const bad of [0, -1, 1.5, '1', { publish: 0 }, [1]]) {
      expect(() => client('http://127.0.0.1:1', { maxResponseBytes: bad as never }), String(bad))
        .to.throw(PubnubValidationError)
        .with.property('field', 'maxResponseBytes');
    }
  });

  it('an oversized subscribe answer is reported and the loop goes on to deliver the next message', async function () {
    this.timeout(10_000);
    let polls = 0;
    responder = await startBadResponder((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith('/v2/subscribe/')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":200,"message":"OK","service":"Presence"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.searchParams.get('tt') === '0' || !url.searchParams.has('tt')) {
        // Handshakes: the first, and the retry after the oversized poll (subscribe machine rule 4c).
        res.end('{"t":{"t":"17000000000000000","r":1},"m":[]}');
        return;
      }
      polls += 1;
      if (polls === 1) {
        res.write('{"t":{"t":"17000000000000001","r":1},"m":[{"c":"ch","p":{"t":"17000000000000001","r":1},"d":"');
        stream(res, 4 * MIB);
      } else if (polls === 2) {
        res.end(
          '{"t":{"t":"17000000000000002","r":1},"m":[{"a":"1","f":0,"i":"pub","k":"sub","c":"ch","b":"ch","p":{"t":"17000000000000002","r":1},"d":"after"}]}',
        );
      } else {
        // Park later polls; close() ends them.
      }
    });
    const c = client(responder.url, {
      maxResponseBytes: { subscribe: 64 * 1024 },
      retry: { baseDelayMs: 5, maxDelayMs: 20, jitterMs: 0 },
    });
    const got: unknown[] = [];
    const statuses: SubscribeStatus[] = [];
    c.subscribe('ch', { callback: (m) => got.push(m), status: (s) => statuses.push(s) });
    await until(() => got.length === 1, 'the message after the oversized poll');
    expect(got).to.deep.equal(['after']);
    const failure = statuses.find((s) => s.category === 'disconnected' && s.reason === 'failure');
    expect(failure, 'a disconnected status for the oversized poll').to.not.equal(undefined);
    expect((failure as { error: Error }).error).to.be.instanceOf(PubnubResponseTooLargeError);
    expect(statuses.some((s) => s.category === 'error')).to.equal(false);
  });

  it('a body dripping one byte every 50 ms times out at requestTimeoutMs (the deadline covers the body)', async () => {
    responder = await startBadResponder((_req, res, tools) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      tools.every(50, () => res.write(' '));
    });
    const started = Date.now();
    const err = await client(responder.url, { requestTimeoutMs: 400 })
      .time()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const took = Date.now() - started;
    expect(err).to.be.instanceOf(PubnubTimeoutError);
    expect(err).to.include({ operation: 'time', timeoutMs: 400 });
    expect(took).to.be.within(380, 1_000);
    await until(() => responder?.droppedByClient === 1, 'the client to drop the connection');
  });

  it('headers that never come time out at requestTimeoutMs', async () => {
    responder = await startBadResponder(() => {
      // Never answers.
    });
    const started = Date.now();
    const err = await client(responder.url, { requestTimeoutMs: 300 })
      .time()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).to.be.instanceOf(PubnubTimeoutError);
    expect(Date.now() - started).to.be.within(280, 1_000);
  });
});
