/**
 * The built packages, as a user loads them: `dist/` from `npm run build` (`tsc -b` for the `.d.ts`, then
 * `scripts/bundle.mjs` for the bundled JavaScript). Every other test runs from `src/` through tsx; this one loads no
 * source. `npm install` builds it (the root `prepare` script); after changing a package's source, `npm run build`.
 *
 * Each check runs in a child `node` with no tsx and no `source` condition, awaited until it has exited and its pipes
 * are closed, so nothing outlives the test (the root leak check watches this process).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CHILD_ENV, finished } from '../support/child-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SMOKE = fileURLToPath(new URL('./dist-smoke.mjs', import.meta.url));
const PACKAGES = [
  'core',
  'server',
  'adapters/node',
  'adapters/express',
  'adapters/koa',
  'adapters/socketio',
  'testing',
];

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** `./dist/x.js` targets of a package's exports map and of its bin scripts (what `scripts/bundle.mjs` builds). */
function entryFiles(pkgDir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    exports: Record<string, { default: string }>;
    bin?: Record<string, string>;
  };
  const targets = Object.values(pkg.exports).map((value) => value.default);
  for (const bin of Object.values(pkg.bin ?? {})) {
    for (const match of readFileSync(join(pkgDir, bin), 'utf8').matchAll(/import '\.\.\/(dist\/[^']+)'/g)) {
      targets.push(match[1]!);
    }
  }
  return targets.map((target) => target.replace(/^\.\//, '')).filter((target) => target.startsWith('dist/'));
}

describe('build: the bundled dist/', () => {
  before(() => {
    if (!existsSync(join(ROOT, 'core/dist/index.js'))) {
      throw new Error(
        'core/dist/index.js is missing: `npm install` builds it (prepare), or run `npm run build` (this suite loads dist/, not src/)',
      );
    }
  });

  it('each package ships its entries plus shared chunks only, and undici stays a lazy import', () => {
    for (const pkg of PACKAGES) {
      const pkgDir = join(ROOT, pkg);
      const entries = entryFiles(pkgDir);
      const files = jsFiles(join(pkgDir, 'dist')).map((file) => relative(pkgDir, file).split('\\').join('/'));
      for (const entry of entries) expect(files, `${pkg}: ${entry} was not built`).to.include(entry);
      const others = files.filter((file) => !entries.includes(file) && !/^dist\/chunk-[\w-]+\.js$/.test(file));
      expect(others, `${pkg}: JavaScript in dist/ that is neither an entry nor a shared chunk`).to.deep.equal([]);
    }
    for (const file of jsFiles(join(ROOT, 'adapters/node/dist'))) {
      const code = readFileSync(file, 'utf8');
      expect(code, `${file} imports undici statically`).not.to.match(
        /^(?:import|export)\s[^;]*?from\s*["']undici["']/m,
      );
    }
    expect(readFileSync(join(ROOT, 'adapters/node/dist/index.js'), 'utf8')).to.include('import("undici")');
  });

  it('plain node imports every package from dist, with one copy of the core classes, and a client talks to a server', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, [SMOKE], { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = await finished(child, 20_000, { stdout: '', stderr: '' });
    expect(exit.signal, `the child hung (left something open?) and was killed\n${exit.stderr}`).to.equal(null);
    expect(exit.code, exit.stderr).to.equal(0);
    expect(exit.stdout.trim().split('\n').at(-1)).to.equal('dist ok');
  });

  it('`node server/bin/pubkit-server.js --port 0` starts, prints its URL and answers /time/0', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, [join(ROOT, 'server/bin/pubkit-server.js'), '--port', '0'], {
      cwd: ROOT,
      env: CHILD_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    const exited = finished(child, 20_000, output);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const look = () => {
          const match = /^pubkit-server listening on (http:\/\/\S+)$/m.exec(output.stdout);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', look);
        exited.then(() => reject(new Error(`pubkit-server exited before printing its URL\n${output.stderr}`)), reject);
        look();
      });
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        get(`${url}/time/0`, { agent: false }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          res.on('end', () => resolve(text));
          res.on('error', reject);
        }).on('error', reject);
      });
      expect(body).to.match(/^\[\d{17}\]$/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited.catch(() => undefined);
    }
    const exit = await exited;
    expect(exit.code, `pubkit-server did not exit cleanly on SIGTERM\n${exit.stderr}`).to.equal(0);
  });
});
