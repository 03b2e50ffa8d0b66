/**
 * A script that publishes once and closes exits on its own within 2 s of `close()` (docs/architecture.md §5: timers are unref'd,
 * `close()` destroys the pool).
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runTsx } from './support/run-tsx.js';
import { useHarness } from './support/server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/publish-once.ts', import.meta.url));

describe('node client: process exit', () => {
  const h = useHarness();

  it('a child that publishes once and closes exits within 2 s', async function () {
    this.timeout(30_000);
    const run = await runTsx(FIXTURE, { env: { ...process.env, PUBKIT_ORIGIN: h().url } });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^published \d{17}$/m);
    const closedAt = Number(/^closed (\d+)$/m.exec(run.stdout)?.[1]);
    expect(run.closedAt - closedAt).to.be.lessThan(2000);
  });
});
