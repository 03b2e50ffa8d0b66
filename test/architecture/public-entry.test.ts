/**
 * docs/architecture.md §3, rule 2: everything outside core uses `@pubkit/core`'s public entry, and that entry is an
 * explicit, documented list. The server follows the same rule as the adapters: it needs nothing internal.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';
import { coreImportViolation, importedSpecifiers } from './public-entry-rules.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Packages and programs outside core: public entry only. */
const PACKAGE_DIRS = ['adapters', 'server', 'testing', 'examples', 'bench', 'scripts'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

function sourceFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFilesUnder(path);
    return /\.(?:ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function violations(dirs: readonly string[], allowInternal: boolean): string[] {
  return dirs
    .flatMap((d) => sourceFilesUnder(join(ROOT, d)))
    .flatMap((path) => {
      const file = relative(ROOT, path);
      return importedSpecifiers(readFileSync(path, 'utf8')).flatMap(({ specifier, line }) => {
        const why = coreImportViolation(file, specifier, allowInternal);
        return why === undefined ? [] : [`${file}:${line}: ${why}`];
      });
    });
}

/** Every other package's public entries: each export there is public API too, so each needs TSDoc. */
const PACKAGE_ENTRIES = [
  'adapters/node/src/index.ts',
  'adapters/node/src/http/index.ts',
  'adapters/express/src/index.ts',
  'adapters/koa/src/index.ts',
  'adapters/socketio/src/index.ts',
  'server/src/index.ts',
  'testing/src/index.ts',
];
/** One program for every entry: building it is the slow part (seconds), so it is built once, on first use. */
let program: ts.Program | undefined;
const ENTRIES = [
  join(ROOT, 'core/src/index.ts'),
  join(ROOT, 'core/src/internal.ts'),
  ...PACKAGE_ENTRIES.map((e) => join(ROOT, e)),
];

/** The names an entry exports, and those whose declaration carries no TSDoc comment. */
function exportsOf(entry: string): { names: string[]; undocumented: string[] } {
  program ??= ts.createProgram(ENTRIES, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    customConditions: ['source'],
  });
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(entry);
  const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) throw new Error(`cannot read the exports of ${entry}`);
  const names: string[] = [];
  const undocumented: string[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    names.push(exported.name);
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const documented = (target.declarations ?? []).some((decl) => ts.getJSDocCommentsAndTags(decl).length > 0);
    if (!documented) undocumented.push(exported.name);
  }
  return { names, undocumented };
}

describe('architecture: packages use core through its public entry', () => {
  it('no adapter, server, example, benchmark or script imports a core subpath, @pubkit/core/internal or core by path', () => {
    const found = violations(PACKAGE_DIRS, false);
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('@pubkit/testing imports only the public entries of @pubkit/core, @pubkit/node and @pubkit/server', () => {
    const allowed = new Set(['@pubkit/core', '@pubkit/node', '@pubkit/server']);
    const found = sourceFilesUnder(join(ROOT, 'testing/src')).flatMap((path) =>
      importedSpecifiers(readFileSync(path, 'utf8'))
        .filter(({ specifier }) => !specifier.startsWith('./') && !specifier.startsWith('node:'))
        .filter(({ specifier }) => !allowed.has(specifier))
        .map(({ specifier, line }) => `${relative(ROOT, path)}:${line}: imports ${specifier}`),
    );
    expect(found, found.join('\n')).to.deep.equal([]);
    expect(sourceFilesUnder(join(ROOT, 'testing/src')).length).to.be.greaterThan(3);
  });

  it('tests may use @pubkit/core/internal, but never a path into core', () => {
    const found = violations(['test'], true);
    expect(found, found.join('\n')).to.deep.equal([]);
  });

  it('the public entry lists its names (no `export *`), and every one has TSDoc', function () {
    this.timeout(120_000); // type-checking core takes seconds, more on a loaded machine
    const indexSource = readFileSync(join(ROOT, 'core/src/index.ts'), 'utf8');
    expect(indexSource, 'core/src/index.ts: list public names explicitly').not.to.match(/^export\s+\*/m);
    const { names, undocumented } = exportsOf(join(ROOT, 'core/src/index.ts'));
    expect(names.length).to.be.greaterThan(100);
    expect(undocumented, `undocumented public exports: ${undocumented.join(', ')}`).to.deep.equal([]);
  });

  it('every export of every other package entry (node, node/http, express, koa, socketio, server, testing) has TSDoc', function () {
    this.timeout(120_000); // the shared program may be built here when this test runs alone
    for (const entry of PACKAGE_ENTRIES) {
      expect(existsSync(join(ROOT, entry)), entry).to.equal(true);
      const { names, undocumented } = exportsOf(join(ROOT, entry));
      expect(names.length, entry).to.be.greaterThan(0);
      expect(undocumented, `${entry}: undocumented exports: ${undocumented.join(', ')}`).to.deep.equal([]);
    }
  });

  it('the internal entry is a superset of the public one, and keeps details off the public entry', () => {
    const pub = new Set(exportsOf(join(ROOT, 'core/src/index.ts')).names);
    const all = new Set(exportsOf(join(ROOT, 'core/src/internal.ts')).names);
    expect([...pub].filter((n) => !all.has(n))).to.deep.equal([]);
    for (const detail of ['encryptLegacyStatic', 'admitMessages', 'backoffDelay', 'readJson', 'timingSafeEqual']) {
      expect(all.has(detail), detail).to.equal(true);
      expect(pub.has(detail), detail).to.equal(false);
    }
  });

  describe('the checker', () => {
    it('finds static, re-exported and dynamic imports', () => {
      // Built from pieces so this file does not itself contain the imports it describes.
      const core = '@pubkit/core';
      const src = `import { a } from '${core}';\nexport * from '${core}/internal';\nawait import('../../core/${'src'}/x.js');`;
      expect(importedSpecifiers(src).map((s) => s.specifier)).to.have.members([
        '@pubkit/core',
        '@pubkit/core/internal',
        '../../core/src/x.js',
      ]);
    });

    it('refuses subpaths and paths into core outside core, allows internal only where told', () => {
      expect(coreImportViolation('server/src/a.ts', '@pubkit/core', false)).to.equal(undefined);
      expect(coreImportViolation('server/src/a.ts', '@pubkit/core/internal', false)).to.be.a('string');
      expect(coreImportViolation('test/core/a.ts', '@pubkit/core/internal', true)).to.equal(undefined);
      expect(coreImportViolation('adapters/node/src/a.ts', '@pubkit/core/dist/errors.js', false)).to.be.a('string');
      expect(coreImportViolation('adapters/node/src/a.ts', '../../../core/src/errors.js', false)).to.be.a('string');
      expect(coreImportViolation('test/x.ts', '../../core/src/errors.js', true)).to.be.a('string');
      expect(coreImportViolation('adapters/node/src/a.ts', './core/helpers.js', false)).to.equal(undefined);
    });
  });
});
