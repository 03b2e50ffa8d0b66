/**
 * The example apps (examples/express-app, examples/koa-app) against a misbehaving PubNub: `@pubkit/testing`'s
 * `startTestServer({ faults })` is the upstream, and a fault fires while the app serves a browser. The apps must map
 * the upstream failure to a JSON 502 (docs/testing.md §2.6), never a stack trace, and recover on the next request.
 *
 * The examples are loaded with `import()` inside the test: they use top-level await, which mocha's `require` path
 * cannot load (the contract suite in test/adapters/http-contract loads them through its own test files).
 */
import { startTestServer } from '@pubkit/testing';
import { expect } from 'chai';

interface ExampleModule {
  readonly ROOM: string;
  readonly DEMO_KEYS: { readonly publishKey: string; readonly subscribeKey: string; readonly secretKey: string };
  start(port?: number, heartbeatMs?: number): Promise<{ url: string; close(): Promise<void> }>;
}

const EXAMPLES = {
  express: () => import('../../examples/express-app/main.js') as Promise<ExampleModule>,
  koa: () => import('../../examples/koa-app/main.js') as Promise<ExampleModule>,
};
const ENV = ['PUBKIT_ORIGIN', 'PUBKIT_PUBLISH_KEY', 'PUBKIT_SUBSCRIBE_KEY', 'PUBKIT_SECRET_KEY'] as const;

/** Starts an example against `origin` through its PUBKIT_* variables, restored at once (nothing else sees them). */
async function startAgainst(example: ExampleModule, origin: string): Promise<{ url: string; close(): Promise<void> }> {
  const saved = ENV.map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, {
    PUBKIT_ORIGIN: origin,
    PUBKIT_PUBLISH_KEY: example.DEMO_KEYS.publishKey,
    PUBKIT_SUBSCRIBE_KEY: example.DEMO_KEYS.subscribeKey,
    PUBKIT_SECRET_KEY: example.DEMO_KEYS.secretKey,
  });
  try {
    return await example.start(0, 100);
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: { authKey?: string; error?: { code?: string } } | undefined;
}

async function call(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

describe('examples against a misbehaving PubNub (@pubkit/testing startTestServer with faults)', () => {
  for (const [name, load] of Object.entries(EXAMPLES)) {
    it(`${name}: an upstream 503 on publish is a JSON 502 from the app; the next publish goes through`, async () => {
      const example = await load();
      await using upstream = await startTestServer({ keysets: [example.DEMO_KEYS], faults: { rules: [] } });
      const app = await startAgainst(example, upstream.url);
      try {
        const auth = await call(`${app.url}/auth`, { method: 'POST', headers: { 'x-user': 'ann' } });
        expect(auth.status, auth.text).to.equal(200);
        const publish = () =>
          call(`${app.url}/publish`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-user': 'ann',
              'x-pubnub-auth': String(auth.json?.authKey),
            },
            body: JSON.stringify({ channel: example.ROOM, message: 'through the outage' }),
          });
        upstream.faults.add({ route: 'publish', fault: 'status', status: 503, count: 1 });
        const failed = await publish();
        expect(failed.status, failed.text).to.equal(502);
        expect(failed.json?.error?.code).to.equal('PN_SERVICE');
        expect(failed.text).not.to.match(/\bat .+:\d+:\d+/);
        const next = await publish();
        expect(next.status, next.text).to.be.within(200, 299);
      } finally {
        await app.close();
      }
    });
  }
});
