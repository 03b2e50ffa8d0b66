import { spawn } from 'node:child_process';
import { expect } from 'chai';
import { send } from './helpers.js';

const CLI = new URL('../../server/src/cli.ts', import.meta.url).pathname;

function run(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('server: pubkit-server CLI', function () {
  this.timeout(20_000);

  it('prints its URL and keysets, serves, and exits 0 on SIGTERM', async () => {
    const p = run(['--port', '0', '--keyset', 'pub:sub', '--keyset', 'p2:s2:secret']);
    while (!/listening on (http:\S+)/.test(p.output())) await new Promise((r) => setTimeout(r, 50));
    const url = /listening on (http:\S+)/.exec(p.output())![1]!;
    expect(p.output()).to.contain('keyset pub=pub sub=sub').and.contain('secret=*** (PAM enforced)');
    expect(p.output()).not.to.contain('secret=secret');
    expect((await send(url, '/time/0')).status).to.equal(200);
    expect((await send(url, '/v2/subscribe/unknown/ch/0')).status).to.equal(400);
    p.child.kill('SIGTERM');
    expect(await p.exited).to.equal(0);
  });

  it('exits 2 with usage on a malformed keyset', async () => {
    const p = run(['--keyset', 'only-one-part']);
    expect(await p.exited).to.equal(2);
    expect(p.output()).to.contain('--keyset expects pub:sub').and.contain('usage:');
  });
});
