/**
 * docs/architecture.md §3: core does no I/O. This reads every file under core/src and fails on a forbidden import or global, so
 * the rule is checked by a test rather than by memory.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { findViolations } from './io-free-rules.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORE_SRC = join(ROOT, 'core', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture: core is I/O-free', () => {
  it('no file under core/src imports I/O or touches a clock, timer, process or console', () => {
    const files = sourceFiles(CORE_SRC);
    expect(files.length).to.be.greaterThan(5);
    const violations = files.flatMap((file) => findViolations(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(violations, violations.join('\n')).to.deep.equal([]);
  });

  it('the checker catches each forbidden use (so a pass above means something)', () => {
    const bad = [
      "import { request } from 'node:http';",
      "import { Pool } from 'undici';",
      'setTimeout(() => {}, 1);',
      'const t = setInterval(f, 10);',
      'const now = Date.now();',
      'const r = Math.random();',
      'const e = process.env.X;',
      'console.log(1);',
    ];
    for (const line of bad) expect(findViolations('x.ts', line), line).to.have.length.greaterThan(0);
    expect(findViolations('x.ts', '// Date and setTimeout named in a comment are fine')).to.deep.equal([]);
  });
});
