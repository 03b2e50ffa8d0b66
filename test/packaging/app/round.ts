/**
 * The TypeScript consumer of the packed tarballs, type-checked strictly under `moduleResolution: nodenext`
 * (tsconfig.nodenext.json, then run) and `bundler` (tsconfig.bundler.json). The annotations are the point: each
 * names a public type, so a type the packages fail to export or resolve fails the check. Prints `ts ok` last.
 */
import { type PubnubError, PubnubValidationError } from '@pubkit/core';
import { type MessageEnvelope, type PublishResult, Pubnub, type PubnubOptions, type Subscription } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { createTestNetwork, type TestClient, type TestNetwork } from '@pubkit/testing';

const server: RunningServer = await startServer({ port: 0 });
const options: PubnubOptions = { publishKey: 'demo', subscribeKey: 'demo', origin: server.url, uuid: 'ts-app' };
const pubnub = new Pubnub(options);
try {
  const channel = 'tarball-ts';
  const sub: Subscription = pubnub.subscribe(channel, {
    connect: () => void pubnub.publish(channel, { from: 'ts' }),
  });
  for await (const envelope of sub) {
    const received: MessageEnvelope = envelope;
    if (JSON.stringify(received.message) !== '{"from":"ts"}') throw new Error(`got ${JSON.stringify(received)}`);
    break;
  }
  const [ok, , timetoken]: PublishResult = await pubnub.publish(channel, 'typed');
  if (ok !== 1 || !/^\d{17}$/.test(timetoken)) throw new Error(`publish answered ${ok} ${timetoken}`);
  try {
    pubnub.publish('', 'x');
    throw new Error('an empty channel was accepted');
  } catch (error) {
    const typed: PubnubError = error as PubnubError;
    if (!(typed instanceof PubnubValidationError)) throw error;
  }
} finally {
  await pubnub.close();
  await server.close();
}
{
  const net: TestNetwork = createTestNetwork();
  const client: TestClient = net.client();
  const [ok]: PublishResult = await client.publish('tarball-ts-testing', 'virtual');
  if (ok !== 1 || net.messages('tarball-ts-testing').length !== 1) throw new Error('@pubkit/testing did not publish');
  await net.close();
}
console.log('ts ok');
