/**
 * `npm start` runs examples/quickstart: it must exit 0 within a few seconds and print each step.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runTsx } from './support/run-tsx.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('examples/quickstart', () => {
  it('runs against the embedded server, prints every step and exits 0', async function () {
    this.timeout(30_000);
    const env = { ...process.env };
    delete env.PUBKIT_ORIGIN;
    const startedAt = Date.now();
    const run = await runTsx('examples/quickstart/main.ts', { cwd: ROOT, env });
    expect(run.code, run.stderr + run.stdout).to.equal(0);
    expect(run.closedAt - startedAt).to.be.lessThan(10_000);
    for (const line of [
      /embedded pubkit server listening on http:\/\/127\.0\.0\.1:\d+/,
      /server time: \d{17}/,
      /presence: join bob/,
      /alice received on .*"hello from alice"/,
      /bob published encrypted/,
      /here_now: occupancy 2/,
      /history .*"a secret from bob"/,
      /presence: leave bob/,
      /PAM: carol publish before grant: denied/,
      /PAM: grant Success/,
      /PAM: carol publish after grant: allowed/,
      /PAM: carol publish after revoke: denied/,
      /done$/m,
    ]) {
      expect(run.stdout).to.match(line);
    }
  });
});
