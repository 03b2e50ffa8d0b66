import { createServer } from 'node:net';
import { expect } from 'chai';
import { mochaHooks } from './leak-check.js';

// Proves the root hook can fail: it would be worthless if a leaked timer or server slipped through.
describe('leak check hook', () => {
  it('reports a timer left running', async () => {
    const ctx = { currentTest: { state: 'passed' } } as unknown as Mocha.Context;
    mochaHooks.beforeEach();
    const timer = setTimeout(() => {}, 60_000).unref();
    try {
      await mochaHooks.afterEach.call(ctx);
      expect.fail('the hook accepted a leaked timer');
    } catch (err) {
      expect((err as Error).message).to.match(/\d+ Timeout/);
    } finally {
      clearTimeout(timer);
    }
  });

  it('reports a listening server left open', async () => {
    const ctx = { currentTest: { state: 'passed' } } as unknown as Mocha.Context;
    mochaHooks.beforeEach();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await mochaHooks.afterEach.call(ctx);
      expect.fail('the hook accepted a leaked server');
    } catch (err) {
      expect((err as Error).message).to.match(/TCPSERVERWRAP/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
