/**
 * The ESM consumer of the packed tarballs (test/packaging/tarballs.test.ts): loads every package entry as an app
 * that installed them from npm would, then runs one publish/subscribe round against startServer(). Prints
 * `esm ok` last; never calls process.exit, so a handle left open makes it hang and the test fail.
 */
import assert from 'node:assert/strict';

const entries = {
  core: await import('@pubkit/core'),
  node: await import('@pubkit/node'),
  http: await import('@pubkit/node/http'),
  server: await import('@pubkit/server'),
  express: await import('@pubkit/express'),
  koa: await import('@pubkit/koa'),
  socketio: await import('@pubkit/socketio'),
  testing: await import('@pubkit/testing'),
};
for (const [name, entry] of Object.entries(entries)) {
  assert.ok(Object.keys(entry).length > 0, `@pubkit/${name} exports nothing`);
  assert.match(import.meta.resolve(`@pubkit/${name === 'http' ? 'node/http' : name}`), /\/node_modules\/@pubkit\//);
}

const { Pubnub } = entries.node;
const server = await entries.server.startServer({ port: 0 });
const pubnub = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: server.url, uuid: 'esm-app' });
try {
  const channel = 'tarball-esm';
  const sub = pubnub.subscribe(channel, { connect: () => void pubnub.publish(channel, { from: 'esm' }) });
  for await (const envelope of sub) {
    assert.deepEqual(envelope.message, { from: 'esm' });
    break;
  }
  assert.throws(() => pubnub.publish('', 'x'), entries.core.PubnubValidationError);
} finally {
  await pubnub.close();
  await server.close();
}
// @pubkit/testing from its tarball: a client over the in-memory network, no socket, no sleep.
{
  const net = entries.testing.createTestNetwork();
  const got = [];
  const client = net.client();
  client.subscribe('tarball-testing', { callback: (message) => got.push(message) });
  await client.idle();
  await client.publish('tarball-testing', 'virtual');
  await client.idle();
  assert.deepEqual(got, ['virtual']);
  await net.close();
}
console.log('esm ok');
