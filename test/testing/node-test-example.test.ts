/**
 * examples/testing/outage.node-test.ts is an app's own test under node:test (docs/testing.md §2.7): run it as a
 * user would, in a child `node --test`, and check it passes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CHILD_ENV, finished } from '../support/child-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('@pubkit/testing under node:test (examples/testing)', () => {
  it('the example test file passes with node --test', async function () {
    this.timeout(60_000);
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        '--test',
        '--test-reporter=tap',
        'examples/testing/outage.node-test.ts',
      ],
      { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exit = await finished(child, 50_000, { stdout: '', stderr: '' });
    expect(exit.signal, exit.stderr).to.equal(null);
    expect(exit.code, `${exit.stdout}\n${exit.stderr}`).to.equal(0);
    expect(exit.stdout).to.match(/^# pass 2$/m);
    expect(exit.stdout).to.match(/^# fail 0$/m);
  });
});
