/**
 * Issue 10, "failures that speak", for the subscribe path, against the real server:
 * - a user callback that throws is never swallowed: it reaches the `error` callback as `PubnubCallbackError`, or
 *   with no error path a `process.emitWarning` once per callback site; the loop goes on;
 * - `reconnect` fires within one retry interval of the server coming back, even on an idle channel (it used to
 *   wait for the next message: the retry was a long-poll the server held).
 */
import { CALLBACK_WARNING_CODE, PubnubCallbackError, type PubnubError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, until, useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

/** Collects pubkit's process warnings while `body` runs. */
async function capturingWarnings(body: (warnings: Error[]) => Promise<void>): Promise<void> {
  const warnings: Error[] = [];
  const onWarning = (warning: Error & { code?: string }): void => {
    if (warning.code === CALLBACK_WARNING_CODE) warnings.push(warning);
  };
  process.on('warning', onWarning);
  try {
    await body(warnings);
  } finally {
    process.off('warning', onWarning);
  }
}

describe('node client: failures that speak (issue 10)', () => {
  const h = useHarness();

  it('a throwing subscribe callback reaches `error` as PubnubCallbackError; later messages still arrive', async () => {
    const client = h().client();
    const ch = channelName();
    const seen: unknown[] = [];
    const errors: PubnubError[] = [];
    let connected = false;
    client.subscribe(ch, {
      callback: (m) => {
        seen.push(m);
        throw new Error(`bad handler ${String(m)}`);
      },
      error: (err) => errors.push(err),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'connected');
    for (const n of [1, 2, 3]) await client.publish(ch, n);
    await until(() => seen.length === 3 && errors.length === 3, 'three messages, three errors');
    expect(errors[0]).to.be.instanceOf(PubnubCallbackError);
    expect(errors[0]).to.include({ code: 'PN_CALLBACK', site: 'subscribe callback' });
    expect((errors[2]!.cause as Error).message).to.equal('bad handler 3');
  });

  it('with no error path, one process warning per callback site, and the loop goes on', async () => {
    await capturingWarnings(async (warnings) => {
      const client = h().client();
      const ch = channelName();
      const seen: unknown[] = [];
      let connected = false;
      client.subscribe(ch, {
        callback: (m) => {
          seen.push(m);
          throw new Error('no error callback here');
        },
        connect: () => {
          connected = true;
          throw new TypeError('connect handler bug');
        },
      });
      await until(() => connected, 'connected');
      for (const n of [1, 2, 3]) await client.publish(ch, n);
      await until(() => seen.length === 3, 'all three messages despite the throws');
      await until(() => warnings.length === 2, 'two warnings');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.message).sort()).to.deep.equal([
        'a user callback threw (subscribe callback): no error callback here',
        'a user callback threw (subscribe connect): connect handler bug',
      ]);
      // A one-shot call's callback that throws: warned once too, never passed on to `error`.
      let publishErrors = 0;
      let calls = 0;
      for (let i = 0; i < 2; i++) {
        client.publish(ch, 'x', {
          callback: () => {
            calls += 1;
            throw new Error('publish handler bug');
          },
          error: () => {
            publishErrors += 1;
          },
        });
      }
      await until(() => calls === 2 && warnings.length === 3, 'publish callback warned once');
      expect(publishErrors).to.equal(0);
    });
  });

  it('reconnect fires within one retry interval of the server coming back, on an idle channel', async function () {
    this.timeout(10_000);
    const proxy = await startTcpProxy(h().url);
    try {
      const retryMs = 300;
      const client = h().client({
        origin: proxy.url,
        retry: { baseDelayMs: retryMs, maxDelayMs: retryMs, jitterMs: 0 },
      });
      let connected = false;
      let disconnected = false;
      let reconnectedAt: number | undefined;
      client.subscribe(channelName('idle'), {
        connect: () => {
          connected = true;
        },
        disconnect: () => {
          disconnected = true;
        },
        reconnect: () => {
          reconnectedAt = performance.now();
        },
      });
      await until(() => connected, 'connected');
      proxy.refuse(true);
      proxy.dropAll();
      await until(() => disconnected, 'disconnected');
      await new Promise((resolve) => setTimeout(resolve, 2 * retryMs));
      const backAt = performance.now();
      proxy.refuse(false);
      // Nothing is published: only the retry itself can tell the client it is back.
      await until(() => reconnectedAt !== undefined, 'reconnect without a message', 3000);
      expect(reconnectedAt! - backAt).to.be.below(retryMs + 250);
      await client.close();
    } finally {
      await proxy.close();
    }
  });
});
