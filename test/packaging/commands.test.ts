/**
 * The set-up a new user runs (README): `npm install && npm start`, then `npm test`. `npm install` builds every
 * package (the root `prepare` script), so the bin npm links, `pubkit-server`, works right after it, and the
 * dist/ suites find what they load. These check what a user sees from the commands the README names.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { run } from '../support/child-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const rootPackage = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> };
const serverVersion = (JSON.parse(readFileSync(`${ROOT}server/package.json`, 'utf8')) as { version: string }).version;

/** A TCP port held by this process until `close()`. */
async function heldPort(): Promise<{ port: number; close(): Promise<void> }> {
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return {
    port: (holder.address() as { port: number }).port,
    close: () => new Promise((resolve) => holder.close(() => resolve())),
  };
}

describe('packaging: the README commands', function () {
  this.timeout(30_000);

  it('npm install builds every package: the root prepare script is the build', () => {
    expect(rootPackage.scripts.prepare).to.equal('npm run build');
    expect(rootPackage.scripts.build).to.match(/^tsc -b && node scripts\/bundle\.mjs/);
  });

  it('`npx pubkit-server --version` prints the server package version (the bin npm linked, from dist)', async () => {
    const exit = await run('npx', ['--no-install', 'pubkit-server', '--version'], { cwd: ROOT, timeoutMs: 20_000 });
    expect(exit.code, exit.stderr).to.equal(0);
    expect(exit.stdout).to.equal(`${serverVersion}\n`);
  });

  it('`npx pubkit-server` on a port in use: one line on stderr, exit 1', async () => {
    const held = await heldPort();
    try {
      const exit = await run('npx', ['--no-install', 'pubkit-server', '--port', String(held.port)], {
        cwd: ROOT,
        timeoutMs: 20_000,
      });
      expect(exit.code).to.equal(1);
      expect(exit.stdout).to.equal('');
      expect(exit.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(exit.stderr).to.contain(`port ${held.port} is already in use`).and.contain('--port');
    } finally {
      await held.close();
    }
  });

  it('`npm run demo` honours PORT; a port in use is one line naming it, exit 1', async () => {
    const held = await heldPort();
    try {
      // What `npm run demo` runs, without npm's banner around it.
      const exit = await run(process.execPath, rootPackage.scripts.demo!.split(' ').slice(1), {
        cwd: ROOT,
        env: { PORT: String(held.port) },
        timeoutMs: 20_000,
      });
      expect(exit.code, exit.stderr).to.equal(1);
      expect(exit.stderr).to.equal(
        `port ${held.port} is already in use: stop what holds it, or set PORT (PORT=3001 npm run demo)\n`,
      );
    } finally {
      await held.close();
    }
  });
});
