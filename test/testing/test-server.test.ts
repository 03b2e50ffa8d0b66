/**
 * @pubkit/testing's startTestServer: the real server on a free loopback port, and clients of it, in one line.
 */
import { PubnubServiceError } from '@pubkit/node';
import { startTestServer } from '@pubkit/testing';
import { expect } from 'chai';

describe('@pubkit/testing: startTestServer', () => {
  it('starts the real server on 127.0.0.1 and a free port; its clients publish and subscribe over HTTP', async () => {
    await using server = await startTestServer();
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).to.be.above(0);
    await using client = server.client({ uuid: 'tester' });
    const got: unknown[] = [];
    const sub = client.subscribe('t', { connect: () => void client.publish('t', 'over http') });
    for await (const envelope of sub) {
      got.push(envelope.message);
      break;
    }
    expect(got).to.deep.equal(['over http']);
    const history = await client.fetchMessages({ channels: ['t'] });
    expect(history.channels.t?.map((m) => m.message)).to.deep.equal(['over http']);
  });

  it('passes server options through (a listed keyset refuses other keys)', async () => {
    await using server = await startTestServer({ keysets: [{ publishKey: 'pk', subscribeKey: 'sk' }] });
    await using good = server.client({ publishKey: 'pk', subscribeKey: 'sk' });
    await using bad = server.client();
    expect((await good.publish('c', 1))[0]).to.equal(1);
    const err = await bad.publish('c', 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(Error);
  });

  it('one line with faults: the first publish answers 503, the next goes through; the runtime faults API is there', async () => {
    await using server = await startTestServer({
      faults: { rules: [{ route: 'publish', fault: 'status', status: 503, count: 1 }] },
    });
    await using client = server.client();
    const first = await client.publish('f', 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(first).to.be.instanceOf(PubnubServiceError);
    expect((first as PubnubServiceError).upstream.status).to.equal(503);
    expect((await client.publish('f', 2))[0]).to.equal(1);
    server.faults.add({ route: 'time', fault: 'status', status: 500, count: 1 });
    expect(
      await client.time().then(
        () => 'ok',
        () => 'failed',
      ),
    ).to.equal('failed');
  });
});
