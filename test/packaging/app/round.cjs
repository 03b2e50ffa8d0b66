/**
 * The CommonJS consumer of the packed tarballs: `require()`s the ESM-only packages (Node >= 20.19 loads ESM from
 * require), then runs one publish/subscribe round against startServer(). Prints `cjs ok` last.
 */
const assert = require('node:assert/strict');
const { startServer } = require('@pubkit/server');
const { Pubnub, PubnubValidationError } = require('@pubkit/node');
const core = require('@pubkit/core');

for (const name of ['@pubkit/node/http', '@pubkit/express', '@pubkit/koa', '@pubkit/socketio', '@pubkit/testing']) {
  assert.ok(Object.keys(require(name)).length > 0, `${name} exports nothing`);
}
assert.equal(PubnubValidationError, core.PubnubValidationError, 'require() gave a second copy of @pubkit/core');

async function main() {
  const server = await startServer({ port: 0 });
  const pubnub = new Pubnub({ publishKey: 'demo', subscribeKey: 'demo', origin: server.url, uuid: 'cjs-app' });
  try {
    const channel = 'tarball-cjs';
    const sub = pubnub.subscribe(channel, { connect: () => void pubnub.publish(channel, { from: 'cjs' }) });
    for await (const envelope of sub) {
      assert.deepEqual(envelope.message, { from: 'cjs' });
      break;
    }
  } finally {
    await pubnub.close();
    await server.close();
  }
  console.log('cjs ok');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
