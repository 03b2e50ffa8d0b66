/**
 * The packages as npm would publish them: `npm pack` each workspace (its `prepack` builds it), install the
 * tarballs into a new app in the OS temp folder (outside the workspace, so nothing resolves through the monorepo),
 * and run one publish/subscribe round against `startServer()` from that app: an ESM script, a CommonJS `require()`
 * script, and a strict TypeScript file type-checked under `nodenext` (then run) and under `bundler` resolution.
 * The app's files are in test/packaging/app/.
 *
 * The install is offline when it can be (`--prefer-offline`: the workspace's own install filled npm's cache with
 * every dependency). It skips install scripts: better-sqlite3 would otherwise compile from source (~80 s) a second
 * time; the app gets the addon the workspace's install compiled (same Node), as a prebuilt binary would arrive.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { CHILD_ENV, type Exit, run } from '../support/child-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP_FILES = fileURLToPath(new URL('./app/', import.meta.url));
const WORKSPACES = [
  'core',
  'server',
  'adapters/node',
  'adapters/express',
  'adapters/koa',
  'adapters/socketio',
  'testing',
];
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const TYPES_NODE = 'node_modules/@types/node/package.json';

/** The env of a nested npm: none of the `npm_*` variables `npm test` set for this process. */
const NPM_ENV = Object.fromEntries(Object.entries(CHILD_ENV).filter(([key]) => !/^npm_/i.test(key)));

function expectOk(exit: Exit, what: string): void {
  expect(exit.signal, `${what} hung and was killed\n${exit.stdout}\n${exit.stderr}`).to.equal(null);
  expect(exit.code, `${what} failed\n${exit.stdout}\n${exit.stderr}`).to.equal(0);
}

describe('packaging: the npm pack tarballs in a fresh app', function () {
  this.timeout(30_000);
  let work = '';
  let app = '';

  before(async function () {
    this.timeout(200_000);
    work = mkdtempSync(join(tmpdir(), 'pubkit-tarballs-'));
    const tarballs = join(work, 'tarballs');
    app = join(work, 'app');
    mkdirSync(tarballs);
    cpSync(APP_FILES, app, { recursive: true });

    const pack = await run('npm', ['pack', '--pack-destination', tarballs, ...WORKSPACES.map((w) => `-w=${w}`)], {
      cwd: ROOT,
      env: NPM_ENV,
      timeoutMs: 90_000,
    });
    expectOk(pack, 'npm pack');
    const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
    expect(files).to.have.length(WORKSPACES.length);

    const { version } = (await import(join(ROOT, TYPES_NODE), { with: { type: 'json' } })).default as {
      version: string;
    };
    const install = await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        ...files.map((file) => join(tarballs, file)),
        `@types/node@${version}`,
      ],
      { cwd: app, env: NPM_ENV, timeoutMs: 90_000 },
    );
    expectOk(install, 'npm install of the tarballs');
    const addon = 'node_modules/better-sqlite3/build';
    if (existsSync(join(app, 'node_modules/better-sqlite3')) && !existsSync(join(app, addon))) {
      cpSync(join(ROOT, addon), join(app, addon), { recursive: true });
    }
  });

  after(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('installs each package from its tarball, not from the workspace', () => {
    for (const name of ['core', 'node', 'server', 'express', 'koa', 'socketio', 'testing']) {
      const dir = join(app, 'node_modules/@pubkit', name);
      expect(existsSync(join(dir, 'dist/index.js')), `@pubkit/${name} has no dist/index.js`).to.equal(true);
      expect(existsSync(join(dir, 'LICENSE')), `@pubkit/${name} ships no LICENSE`).to.equal(true);
      expect(existsSync(join(dir, 'tsconfig.json')), `@pubkit/${name} ships its tsconfig.json`).to.equal(false);
    }
    // Peers, not dependencies: one copy of each framework, at the top of the app.
    expect(existsSync(join(app, 'node_modules/@pubkit/express/node_modules/express'))).to.equal(false);
    expect(existsSync(join(app, 'node_modules/express/package.json'))).to.equal(true);
  });

  it('an ESM app imports every entry and runs a publish/subscribe round', async () => {
    const exit = await run(process.execPath, ['round.mjs'], { cwd: app, timeoutMs: 20_000 });
    expectOk(exit, 'round.mjs');
    expect(exit.stdout.trim().split('\n').at(-1)).to.equal('esm ok');
  });

  it('a CommonJS app require()s every entry and runs a publish/subscribe round', async () => {
    const exit = await run(process.execPath, ['round.cjs'], { cwd: app, timeoutMs: 20_000 });
    expectOk(exit, 'round.cjs');
    expect(exit.stdout.trim().split('\n').at(-1)).to.equal('cjs ok');
  });

  it('a strict TypeScript app type-checks under nodenext and bundler resolution, and runs', async function () {
    // Each check reads @types/node and undici's types in full (skipLibCheck: false): ~5 s of CPU, more on a busy box.
    this.timeout(120_000);
    const [nodenext, bundler] = await Promise.all(
      ['tsconfig.nodenext.json', 'tsconfig.bundler.json'].map((config) =>
        run(process.execPath, [TSC, '-p', config], { cwd: app, timeoutMs: 100_000 }),
      ),
    );
    expectOk(nodenext!, 'tsc -p tsconfig.nodenext.json');
    expectOk(bundler!, 'tsc -p tsconfig.bundler.json');
    const exit = await run(process.execPath, ['out/round.js'], { cwd: app, timeoutMs: 20_000 });
    expectOk(exit, 'out/round.js');
    expect(exit.stdout.trim().split('\n').at(-1)).to.equal('ts ok');
  });
});
