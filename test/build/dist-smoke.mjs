/**
 * Run by `dist.test.ts` in a plain `node` (no tsx, no `source` condition): loads every package's built `dist/` as a
 * user does, checks the bundles share one copy of `@pubkit/core`, and runs a client against a server, both from
 * dist. It never calls `process.exit`: it must end on its own, so anything it leaves open makes it hang (the parent
 * test's timeout then fails it). Prints `dist ok` last.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const SPECIFIERS = [
  '@pubkit/core',
  '@pubkit/node',
  '@pubkit/node/http',
  '@pubkit/server',
  '@pubkit/express',
  '@pubkit/koa',
  '@pubkit/socketio',
  '@pubkit/testing',
];

for (const specifier of SPECIFIERS) {
  const url = import.meta.resolve(specifier);
  assert.match(url, /\/dist\/(?:[\w-]+\/)*[\w-]+\.js$/, `${specifier} resolves to ${url}, not to a dist/ file`);
}

const core = await import('@pubkit/core');
const node = await import('@pubkit/node');
const http = await import('@pubkit/node/http');
const server = await import('@pubkit/server');
const express = await import('@pubkit/express');
const koa = await import('@pubkit/koa');
const socketio = await import('@pubkit/socketio');
const testing = await import('@pubkit/testing');

// A few exports of each entry.
for (const [name, value] of [
  ['core.createConfig', core.createConfig],
  ['core.PubnubError', core.PubnubError],
  ['node.Pubnub', node.Pubnub],
  ['node.UndiciTransport', node.UndiciTransport],
  ['node.PublishQueue', node.PublishQueue],
  ['http.toHttpError', http.toHttpError],
  ['http.startSseRelay', http.startSseRelay],
  ['http.grantAccess', http.grantAccess],
  ['server.startServer', server.startServer],
  ['express.pubnubMiddleware', express.pubnubMiddleware],
  ['express.authRoute', express.authRoute],
  ['koa.attach', koa.attach],
  ['koa.pubnubMiddleware', koa.pubnubMiddleware],
  ['socketio.createBridge', socketio.createBridge],
  ['socketio.createWsBridge', socketio.createWsBridge],
  ['testing.createTestNetwork', testing.createTestNetwork],
  ['testing.startTestServer', testing.startTestServer],
]) {
  assert.equal(typeof value, 'function', `${name} is ${typeof value}`);
}
assert.equal(typeof socketio.EVENTS, 'object');
// `BROWSER_HELPER_DIR` is computed from `import.meta.url`: the bundle must sit where the source module did.
assert.ok(
  existsSync(join(socketio.BROWSER_HELPER_DIR, 'pubkit-socket.js')),
  `BROWSER_HELPER_DIR ${socketio.BROWSER_HELPER_DIR} has no pubkit-socket.js`,
);

// One copy of each shared thing: the adapters re-export `@pubkit/node/http`, `@pubkit/node` re-exports the core's
// errors. A second copy of either would be a second class and `instanceof` would fail across packages.
assert.equal(express.toHttpError, http.toHttpError, '@pubkit/express has its own copy of toHttpError');
assert.equal(koa.toHttpError, http.toHttpError, '@pubkit/koa has its own copy of toHttpError');
const errorNames = Object.keys(node).filter((name) => /^Pubnub\w*Error$/.test(name));
assert.ok(errorNames.length >= 10, `@pubkit/node exports only ${errorNames.join(', ')}`);
for (const name of errorNames) {
  assert.equal(node[name], core[name], `@pubkit/node's ${name} is not @pubkit/core's`);
  // Bundling renames colliding top-level names; errors take their `name` from the class (keepNames).
  assert.equal(node[name].name, name, `class ${name} is named ${node[name].name}`);
}

// @pubkit/testing's clients are @pubkit/node's Pubnub (one copy of the class across bundles).
{
  const net = testing.createTestNetwork();
  assert.ok(net.client() instanceof node.Pubnub, '@pubkit/testing has its own copy of Pubnub');
  await net.close();
}

// An error thrown by @pubkit/node's own code (its option check) is an instance of the core's classes.
assert.throws(
  () => new node.Pubnub({ publishKey: 'demo', subscribeKey: 'demo', publishPipelining: 0 }),
  (err) =>
    err instanceof core.PubnubValidationError &&
    err instanceof core.PubnubError &&
    err.name === 'PubnubValidationError',
);

// The dist client against the dist server.
const running = await server.startServer({ port: 0, host: '127.0.0.1' });
try {
  const client = new node.Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: running.url });
  assert.ok(client instanceof node.Pubnub);
  try {
    const tt = await client.time();
    assert.match(String(tt), /^\d{17}$/, `time() resolved to ${tt}`);
    const published = await client.publish('dist-smoke', { n: 1 });
    assert.equal(published[0], 1, `publish() resolved to ${JSON.stringify(published)}`);
    // A bad argument is rejected (or thrown: the async wrapper takes both) with the core's class.
    await assert.rejects(
      async () => client.publish('', 1),
      (err) => err instanceof core.PubnubValidationError,
    );
  } finally {
    await client.close();
  }
} finally {
  await running.close();
}

console.log('dist ok');
