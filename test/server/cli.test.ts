import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('--version prints the package version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../server/package.json', import.meta.url), 'utf8'));
    const p = run(['--version']);
    expect(await p.exited).to.equal(0);
    expect(p.output()).to.equal(`${version}\n`);
  });

  it('a port in use is one line naming the port, exit 1, no stack', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as { port: number }).port;
      const p = run(['--port', String(port)]);
      expect(await p.exited).to.equal(1);
      expect(p.output()).to.equal(
        `pubkit-server: port ${port} is already in use on 127.0.0.1: stop what holds it, or pick another with --port (--port 0 picks a free one)\n`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('--faults FILE applies the rules and serves the admin route; an invalid file is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubkit-faults-'));
    try {
      const file = join(dir, 'faults.json');
      writeFileSync(file, JSON.stringify({ seed: 9, rules: [{ route: 'time', fault: 'status', status: 503 }] }));
      const p = run(['--port', '0', '--faults', file]);
      while (!/listening on (http:\S+)/.test(p.output())) await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http:\S+)/.exec(p.output())![1]!;
      expect(p.output()).to.contain('faults: 1 rule(s), seed 9');
      expect((await send(url, '/time/0')).status).to.equal(503);
      expect(((await send(url, '/pubkit/faults')).json as { rules: unknown[] }).rules).to.have.length(1);
      p.child.kill('SIGTERM');
      expect(await p.exited).to.equal(0);
      writeFileSync(file, '[{"fault":"drop","probability":3}]');
      const bad = run(['--port', '0', '--faults', file]);
      expect(await bad.exited).to.equal(2);
      expect(bad.output()).to.contain('--faults').and.contain('probability must be').and.contain('usage:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown flag is a usage error: exit 2 with the usage', async () => {
    const p = run(['--prot', '8090']);
    expect(await p.exited).to.equal(2);
    expect(p.output())
      .to.contain("Unknown option '--prot'")
      .and.contain('usage:')
      .and.not.match(/\bat .+:\d+/);
  });
});
