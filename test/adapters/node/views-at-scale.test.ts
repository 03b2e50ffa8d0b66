/**
 * Issue 5: a per-request view is cheap. 10,000 views opened no socket and started no timer when they were made,
 * and 10,000 requests made through 10,000 views share the client's pool: the connections the origin sees stay
 * within the pool's limit (128 pooled + 1 ordered publish connection, `undici-transport.ts`).
 */
import { createHook } from 'node:async_hooks';
import { expect } from 'chai';
import { useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

const VIEWS = 10_000;
const CONCURRENT = 200;
const POOL_LIMIT = 128 + 1;

describe('node client: views at scale', () => {
  const h = useHarness();

  it('making 10,000 views opens no socket and starts no timer', () => {
    const client = h().client();
    const created: string[] = [];
    const hook = createHook({
      init(_id, type) {
        if (type === 'Timeout' || type === 'TCPWRAP' || type === 'Immediate') created.push(type);
      },
    }).enable();
    let views: ReturnType<typeof client.view>[];
    try {
      views = Array.from({ length: VIEWS }, (_, i) => client.view({ authKey: `key-${i}`, uuid: `user-${i}` }));
    } finally {
      hook.disable();
    }
    expect(created).to.deep.equal([]);
    expect(views[VIEWS - 1]?.uuid).to.equal(`user-${VIEWS - 1}`);
  });

  it('10,000 requests through 10,000 views share one pool', async () => {
    const proxy = await startTcpProxy(h().url);
    try {
      const client = h().client({ origin: proxy.url });
      let next = 0;
      const tokens = new Set<string>();
      const worker = async (): Promise<void> => {
        while (next < VIEWS) {
          const i = next++;
          const view = client.view({ authKey: `key-${i}`, uuid: `user-${i}` });
          tokens.add(await view.time());
        }
      };
      await Promise.all(Array.from({ length: CONCURRENT }, worker));
      expect(next).to.equal(VIEWS);
      expect(tokens.size).to.be.greaterThan(1);
      expect(proxy.connections).to.be.greaterThan(0).and.at.most(POOL_LIMIT);
      await client.close();
    } finally {
      await proxy.close();
    }
  });
});
