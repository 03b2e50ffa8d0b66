#!/usr/bin/env node
/**
 * Second half of `npm run build` (`tsc -b && node scripts/bundle.mjs`): each workspace package's runtime `dist/`
 * becomes a few bundled ESM files instead of one file per source module. With arguments
 * (`node scripts/bundle.mjs adapters/koa`, a package's `prepack`), only those workspaces.
 *
 * Why: Node's ESM loader costs memory per module file (module record, resolution, file read, compile). Loading
 * `@pubkit/node` as 84 separate files cost +12.6 MiB RSS over bare node, +9 MiB of it for the module graph alone
 * (issue 4: goal <= 8 MiB). `bench/client-rss.ts` measures it.
 *
 * Who writes what in `dist/`:
 * - `tsc -b` writes only declarations (`.d.ts` + `.d.ts.map`): every package's tsconfig sets `emitDeclarationOnly`.
 *   That is cleaner than letting tsc emit per-module JS and overwriting the entry files: nothing is compiled twice,
 *   and no unbundled copy of a module sits beside the bundle (a deep import of `dist/errors.js` next to a bundle
 *   that inlines the same classes would be a second copy of them, and `instanceof` would fail across the two).
 *   The `.d.ts` files stay per module; types resolve through them exactly as before.
 * - this script writes all the JavaScript (`.js` + `.js.map`). It first deletes every `.js`/`.js.map` under `dist/`
 *   so nothing stale from an older build (or from tsc before `emitDeclarationOnly`) is left to load or publish.
 *
 * Entries, per package, from its `package.json`: every `exports` entry whose `default` target is under `./dist/`
 * (its `source` condition names the TypeScript file; without one, `dist/x.js` maps to `src/x.ts`), plus the `dist/`
 * files its `bin` scripts import (`server/bin/pubkit-server.js` -> `dist/cli.js`). Targets outside `dist/`, like
 * `@pubkit/socketio`'s hand-written browser helper, are assets and are left alone.
 *
 * Bundling rules:
 * - `packages: 'external'`: every bare import (npm packages and the other `@pubkit/*` packages alike) stays an
 *   import. So there is one copy of `@pubkit/core` (one `PubnubError` class) however many packages use it, and
 *   `import('undici')` stays a lazy dynamic import.
 * - `splitting`: a package's entries share their common code through `dist/chunk-*.js` instead of each inlining a
 *   copy (two copies of a class in two entries of one package would break `instanceof` too). Chunks are written at
 *   the top of `dist/`, the same depth as `dist/index.js`, so `new URL('../x', import.meta.url)` in shared code still
 *   points where it did from `src/` (`@pubkit/socketio`'s `BROWSER_HELPER_DIR` relies on this). Code that uses
 *   `import.meta.url` must live in a module at the top of `src/`, or in the entry file itself.
 * - `keepNames`: bundling puts all modules in one scope and renames top-level names that collide; `keepNames` keeps
 *   each class's and function's `.name` (`PubnubError` sets `this.name = new.target.name`).
 * - no minification: stack traces stay readable; linked source maps point into the published `src/`.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const posix = (path) => path.split('\\').join('/');

/** `dist/a/b.js` -> `src/a/b.ts` (each package's tsconfig has rootDir `src`, outDir `dist`). */
function sourceOf(distPath) {
  return distPath.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
}

/** @returns {{ in: string, out: string }[]} entry points relative to the package dir, `out` without extension. */
function entriesOf(pkgDir, pkg) {
  /** @type {Map<string, string>} dist path -> source path */
  const entries = new Map();
  const add = (target, source, from) => {
    const distPath = posix(target).replace(/^\.\//, '');
    if (!distPath.startsWith('dist/')) return; // an asset shipped as is, not built
    if (!distPath.endsWith('.js')) throw new Error(`${pkg.name}: ${from} -> ${target}: expected a .js file in dist/`);
    const src = source === undefined ? sourceOf(distPath) : posix(source).replace(/^\.\//, '');
    if (!existsSync(join(pkgDir, src))) throw new Error(`${pkg.name}: ${from} -> ${target}: no source ${src}`);
    const known = entries.get(distPath);
    if (known !== undefined && known !== src) {
      throw new Error(`${pkg.name}: ${distPath} is built from both ${known} and ${src}`);
    }
    entries.set(distPath, src);
  };

  const exportsMap = typeof pkg.exports === 'string' ? { '.': pkg.exports } : (pkg.exports ?? {});
  for (const [subpath, value] of Object.entries(exportsMap)) {
    if (typeof value === 'string') add(value, undefined, `exports["${subpath}"]`);
    else if (typeof value?.default === 'string') add(value.default, value.source, `exports["${subpath}"]`);
    else throw new Error(`${pkg.name}: exports["${subpath}"] has no string "default" condition`);
  }
  if (typeof pkg.main === 'string') add(pkg.main, undefined, 'main');

  const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
  for (const [name, binFile] of Object.entries(bins)) {
    const binPath = join(pkgDir, binFile);
    const code = readFileSync(binPath, 'utf8');
    for (const match of code.matchAll(/\bimport\s*(?:[^'"]*?\bfrom\s*)?['"]([^'"]+)['"]/g)) {
      const spec = match[1];
      if (!spec.startsWith('.')) continue;
      add(posix(relative(pkgDir, resolve(dirname(binPath), spec))), undefined, `bin["${name}"]`);
    }
  }

  if (entries.size === 0) throw new Error(`${pkg.name}: no entry points under dist/ in its package.json`);
  return [...entries].map(([distPath, src]) => ({
    in: src,
    out: distPath.replace(/^dist\//, '').replace(/\.js$/, ''),
  }));
}

/** Deletes `.js` and `.js.map` files under `dir`, keeping tsc's `.d.ts` / `.d.ts.map`. */
function removeJs(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) removeJs(path);
    else if (name.endsWith('.js') || name.endsWith('.js.map')) rmSync(path);
  }
}

async function bundlePackage(workspace) {
  const pkgDir = join(ROOT, workspace);
  const pkg = readJson(join(pkgDir, 'package.json'));
  const entryPoints = entriesOf(pkgDir, pkg);
  const outdir = join(pkgDir, 'dist');
  removeJs(outdir);
  const result = await build({
    absWorkingDir: pkgDir,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    keepNames: true,
    tsconfig: join(pkgDir, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
  });
  for (const entry of entryPoints) {
    const out = join(outdir, `${entry.out}.js`);
    if (!existsSync(out)) throw new Error(`${pkg.name}: esbuild did not write ${relative(ROOT, out)}`);
  }
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  const modules = new Set(outputs.flatMap(([, output]) => Object.keys(output.inputs)));
  const files = outputs.map(([file, output]) => `${posix(relative(pkgDir, join(pkgDir, file)))} ${kib(output.bytes)}`);
  console.log(`${pkg.name}: ${modules.size} modules -> ${outputs.length} files (${files.join(', ')})`);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const { workspaces } = readJson(join(ROOT, 'package.json'));
const asked = process.argv.slice(2);
for (const workspace of asked) {
  if (!workspaces.includes(workspace)) throw new Error(`${workspace} is not a workspace (${workspaces.join(', ')})`);
}
for (const workspace of asked.length > 0 ? asked : workspaces) await bundlePackage(workspace);
