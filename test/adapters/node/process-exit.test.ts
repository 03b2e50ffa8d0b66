/**
 * A script that publishes once and closes exits on its own within 2 s of `close()` (DESIGN §5: timers are unref'd,
 * `close()` destroys the pool).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { useHarness } from './support/server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/publish-once.ts', import.meta.url));

describe('node client: process exit', () => {
  const h = useHarness();

  it('a child that publishes once and closes exits within 2 s', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', FIXTURE], {
      env: { ...process.env, PUBKIT_ORIGIN: h().url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const exitedAt = Date.now();
    expect(code, err).to.equal(0);
    expect(out).to.match(/^published \d{17}$/m);
    const closedAt = Number(/^closed (\d+)$/m.exec(out)?.[1]);
    expect(exitedAt - closedAt).to.be.lessThan(2000);
  });
});
