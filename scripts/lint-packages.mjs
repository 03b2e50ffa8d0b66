#!/usr/bin/env node
/**
 * Part of `npm run lint`: every workspace package, packed as npm would publish it, checked by publint (package.json
 * fields against the files in the tarball) and by Are the Types Wrong (`attw`: do the types resolve under each
 * TypeScript module resolution, and do they match the JavaScript).
 *
 * It checks the current build (`npm install` / `npm run build` made it): packing here skips `prepack`, so the lint
 * does not rebuild. Each package is packed once, into a temporary folder, and both tools read that tarball.
 *
 * attw runs with its `esm-only` profile: the packages are ESM only (`"type": "module"`, no CommonJS build), so the
 * `node10` and `node16 (from CJS)` resolutions, which cannot load ESM types, are not asked for. CommonJS callers
 * `require()` the ESM build on Node >= 20.19; test/packaging/tarballs.test.ts runs that.
 *
 * Any publint message, suggestions included, fails the lint.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ATTW = join(ROOT, 'node_modules/@arethetypeswrong/cli/dist/index.js');
const { workspaces } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const dest = mkdtempSync(join(tmpdir(), 'pubkit-lint-'));
let failures = 0;

/** publint and attw on one tarball; each problem as a printable string. */
async function check(name, tarball) {
  const problems = [];
  const attw = promisify(execFile)(
    process.execPath,
    [ATTW, tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'],
    { encoding: 'utf8' },
  ).catch((error) => problems.push(`attw (esm-only):\n${error.stdout ?? ''}${error.stderr ?? ''}`.trimEnd()));
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    strict: true,
  });
  for (const message of messages) problems.push(`publint ${message.type}: ${formatMessage(message, pkg)}`);
  await attw;
  return { name, problems };
}
try {
  const packed = JSON.parse(
    execFileSync(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', dest, ...workspaces.map((w) => `-w=${w}`)],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  // attw starts TypeScript once per package: run them side by side while publint reads the tarballs.
  const results = await Promise.all(packed.map(({ name, filename }) => check(name, join(dest, filename))));
  for (const { name, problems } of results) {
    if (problems.length === 0) {
      console.log(`${name}: publint and attw ok`);
    } else {
      failures += 1;
      console.error(`${name}:\n  ${problems.join('\n  ')}`);
    }
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`${failures} package(s) failed publint / attw`);
  process.exit(1);
}
