/**
 * The client against a misbehaving origin (issue 9 item 12), over real HTTP: answers of the wrong shape are
 * `PubnubMalformedResponseError`, and a 429's `Retry-After` reaches the caller as `err.retryAfterMs`.
 */
import { Pubnub, PubnubMalformedResponseError, PubnubServiceError } from '@pubkit/node';
import { expect } from 'chai';
import { type BadResponder, startBadResponder } from './support/bad-responder.js';

describe('node client: odd answers', () => {
  let responder: BadResponder | undefined;
  let client: Pubnub | undefined;
  afterEach(async () => {
    await client?.close();
    await responder?.close();
    client = undefined;
    responder = undefined;
  });

  async function answering(status: number, body: string, headers: Record<string, string> = {}): Promise<Pubnub> {
    responder = await startBadResponder((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    });
    client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', origin: responder.url });
    return client;
  }

  const failure = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('time() answered [1,"Sent",…] is malformed (it resolved "1" before)', async () => {
    const c = await answering(200, '[1,"Sent","17000000000000000"]');
    expect(await failure(c.time())).to.be.instanceOf(PubnubMalformedResponseError);
  });

  it('whereNow() answered {} is malformed (it resolved { channels: [] } before)', async () => {
    const c = await answering(200, '{}');
    expect(await failure(c.whereNow('u1'))).to.be.instanceOf(PubnubMalformedResponseError);
  });

  it('a 429 with Retry-After: 3 rejects with retryAfterMs 3000', async () => {
    const c = await answering(429, '{"status":429,"message":"Too Many Requests","error":true}', {
      'retry-after': '3',
    });
    const err = await failure(c.publish('ch', 'x'));
    expect(err).to.be.instanceOf(PubnubServiceError);
    expect(err).to.include({ retryAfterMs: 3000, operation: 'publish' });
  });
});
