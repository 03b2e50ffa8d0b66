/**
 * Bad input is rejected before any request: nothing reaches the network (the proxy sees no connection).
 */
import { PubnubValidationError } from '@pubkit/node';
import { expect } from 'chai';
import { useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

describe('node client: bad input', () => {
  const h = useHarness();

  it('invalid channel, 33 KiB message, BigInt, cycle, undefined: PubnubValidationError and no request', async () => {
    const proxy = await startTcpProxy(h().url);
    try {
      const client = h().client({ origin: proxy.url });
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const cases: Array<[string, () => unknown]> = [
        ['invalid channel', () => client.publish('a,b', 1)],
        ['empty channel', () => client.publish('', 1)],
        ['33 KiB message', () => client.publish('ch', 'x'.repeat(33 * 1024))],
        ['BigInt', () => client.publish('ch', { n: 1n })],
        ['cycle', () => client.publish('ch', cycle)],
        ['undefined', () => client.publish('ch', undefined)],
        ['function', () => client.publish('ch', () => 1)],
        ['subscribe to a bad name', () => client.subscribe('bad name', {})],
        ['history count', () => client.history('ch', { count: 101 })],
        ['history start as number', () => client.history('ch', { start: 17000000000000000 as unknown as string })],
      ];
      for (const [what, call] of cases) {
        expect(call, what).to.throw(PubnubValidationError);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(proxy.connections).to.equal(0);
      await client.close();
    } finally {
      await proxy.close();
    }
  });

  it('bad options fail at construction', () => {
    expect(() => h().client({ subscribeKey: '' })).to.throw(PubnubValidationError, /subscribeKey/);
    expect(() => h().client({ origin: 'ftp://x' })).to.throw(PubnubValidationError);
    expect(() => h().client({ heartbeat: 2 })).to.throw(PubnubValidationError, /heartbeat/);
  });
});
