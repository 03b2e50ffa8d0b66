/**
 * Issue 11, "One HTTP glue": the route logic is framework-free, so a binding for another framework is a few lines.
 * Here is one for bare `node:http` (what a Fastify or Hono binding would do with its own request object), driven
 * against the real server with a PAM keyset: the auth route grants, the SSE route streams and resumes, and both
 * refuse and fail the same way as the Express and Koa bindings.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pubnub } from '@pubkit/node';
import { authHandler, type HttpAnswer, nodeExchange, sseHandler, toHttpError } from '@pubkit/node/http';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { SseClient } from './sse-client.js';

const KEYS = { publishKey: 'pub', subscribeKey: 'sub', secretKey: 'sec' };

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

/** The whole binding: route by path, hand over, map what is thrown. */
function plainApp(admin: Pubnub) {
  const user = (req: IncomingMessage): string | undefined => req.headers['x-user'] as string | undefined;
  const auth = authHandler<IncomingMessage>({
    client: admin,
    channels: (req) => (user(req) ? { read: ['lobby'], write: ['lobby'] } : null),
  });
  const events = sseHandler<IncomingMessage>({
    client: admin,
    channels: (req) =>
      user(req) ? [new URL(req.url ?? '/', 'http://x').searchParams.get('channel') ?? 'lobby'] : null,
  });
  return createServer((req, res) => {
    const fail = (err: unknown): void => {
      const answer = toHttpError(err);
      if (answer === undefined || res.headersSent) res.destroy();
      else send(res, { ...answer, headers: {} });
    };
    if (req.url?.startsWith('/auth')) auth(req).then((answer) => send(res, answer), fail);
    else {
      const lastEventId = req.headers['last-event-id'] as string | undefined;
      events(req, nodeExchange(req, res, { lastEventId, refuse: (answer) => send(res, answer) })).catch(fail);
    }
  });
}

describe('node/http: a binding for bare node:http is a few lines', () => {
  let server: RunningServer;
  let admin: Pubnub;
  let http: ReturnType<typeof plainApp>;
  let url: string;
  const streams: SseClient[] = [];

  beforeEach(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', keysets: [KEYS] });
    admin = new Pubnub({ ...KEYS, origin: server.url });
    http = plainApp(admin);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
    await admin.close();
    await server.close();
  });

  it('auth: grants the signed-in user, 403 for nobody, and the grant works for a browser client', async () => {
    expect((await fetch(`${url}/auth`, { method: 'POST' })).status).to.equal(403);
    const res = await fetch(`${url}/auth`, { method: 'POST', headers: { 'x-user': 'alice' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const grant = (await res.json()) as { authKey: string; subscribeKey: string; publishKey: string };
    expect(grant).to.include({ subscribeKey: 'sub', publishKey: 'pub' });
    expect(JSON.stringify(grant)).not.to.contain('sec');
    const browser = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', authKey: grant.authKey, origin: server.url });
    try {
      expect((await browser.publish('lobby', 'hi'))[0]).to.equal(1);
    } finally {
      await browser.close();
    }
  });

  it('events: 403 for nobody, 400 for a bad channel before the stream, else a stream that resumes', async () => {
    expect((await fetch(`${url}/events`)).status).to.equal(403);
    const bad = await fetch(`${url}/events?channel=${encodeURIComponent('a b')}`, { headers: { 'x-user': 'a' } });
    expect(bad.status).to.equal(400);
    const [, , first] = await admin.publish('lobby', 'one');
    await admin.publish('lobby', 'two');
    const stream = await SseClient.open(`${url}/events?channel=lobby`, { 'x-user': 'a', 'last-event-id': first });
    streams.push(stream);
    expect(stream.response.headers.get('content-type')).to.match(/^text\/event-stream/);
    const got = await stream.waitFor((f) => f.event === 'message');
    expect(JSON.parse(got.data ?? '{}')).to.include({ channel: 'lobby', message: 'two' });
  });
});
