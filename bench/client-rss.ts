/**
 * RSS after `import('@pubkit/node')` (the built `dist`, as users load it), each measurement in a fresh child,
 * median of 5. Goal ≤ 8 MiB over bare node. Needs `npm run build` first: `dist` is bundled by `scripts/bundle.mjs`
 * (a few files per package). Loaded as tsc's one file per module (84 files with the core's) it cost +12.6 MiB, most of
 * it the loader's per-module cost that the "empty bodies" row below shows; bundled, +5.1 MiB (issue 4).
 *
 *   node --import tsx bench/client-rss.ts
 *
 * Printed against three floors, because "bare node" alone hides where the memory goes:
 * - bare node: a process that imported nothing (the floor, the goal's reference);
 * - an empty ESM import: the price of Node's ESM loader waking up at all;
 * - the same module graph with empty bodies: as many empty `.mjs` files as `@pubkit/node` loads, importing each
 *   other the same way. What this costs is Node's per-module loader overhead (module records, resolution, file
 *   reads, and the young-generation growth and GC code pages that loading that much triggers), not pubkit's code.
 * On Linux each figure is also split into private memory (`RssAnon`) and pages of the node binary itself
 * (`RssFile`, shared with every other node process: the first scavenges and compiles touch ~4 MiB of them in any
 * program that does real work).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 5;

interface Sample {
  rss: number;
  anon: number | undefined;
  file: number | undefined;
}

// Reads RSS in the child after the import, before loading node:fs (which costs ~2 MiB itself); RssAnon/RssFile
// come from /proc where there is one, so they include node:fs in every row alike and only their deltas are shown.
const PROBE = `
globalThis.gc?.();
const rss = process.memoryUsage().rss;
let anon, file;
try {
  const { readFileSync } = await import('node:fs');
  const status = readFileSync('/proc/self/status', 'utf8');
  anon = Number(/RssAnon:\\s+(\\d+)/.exec(status)?.[1]) * 1024 || undefined;
  file = Number(/RssFile:\\s+(\\d+)/.exec(status)?.[1]) * 1024 || undefined;
} catch {}
console.log(JSON.stringify({ rss, anon, file }));`;

function sample(setup: string): Sample {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', setup + PROBE], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return JSON.parse(out.trim()) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function medianSample(setup: string): Sample {
  const samples = Array.from({ length: RUNS }, () => sample(setup));
  const pick = (key: 'anon' | 'file') =>
    samples.every((s) => s[key] !== undefined) ? median(samples.map((s) => s[key]!)) : undefined;
  return { rss: median(samples.map((s) => s.rss)), anon: pick('anon'), file: pick('file') };
}

/** The relative-import graph of the built package, from `dist/index.js`, with `@pubkit/core` followed into core. */
function moduleGraph(): Map<string, string[]> {
  const entries: Record<string, string> = {
    '@pubkit/core': join(ROOT, 'core/dist/index.js'),
    '@pubkit/node': join(ROOT, 'adapters/node/dist/index.js'),
  };
  const graph = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (graph.has(file)) return;
    const deps: string[] = [];
    graph.set(file, deps);
    // Static imports, side-effect imports and re-exports, in either quote style (tsc keeps the source's single
    // quotes, esbuild's bundles use double quotes). `import('undici')` is lazy, so not part of what an import loads.
    const imports = /^(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
    for (const match of readFileSync(file, 'utf8').matchAll(imports)) {
      const spec = match[1]!;
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : entries[spec];
      if (target === undefined) continue; // node: builtins
      deps.push(target);
      visit(target);
    }
  };
  visit(entries['@pubkit/node']!);
  return graph;
}

/** Writes the same graph as empty modules that only import each other; returns the entry's URL. */
function emptyGraph(graph: Map<string, string[]>, dir: string): string {
  const names = new Map([...graph.keys()].map((file, i) => [file, `m${i}.mjs`]));
  for (const [file, deps] of graph) {
    const body = deps.map((dep) => `import './${names.get(dep)}';\n`).join('');
    writeFileSync(join(dir, names.get(file)!), `${body}export {};\n`);
  }
  return pathToFileURL(join(dir, names.get(entriesOf(graph))!)).href;
}

function entriesOf(graph: Map<string, string[]>): string {
  return graph.keys().next().value as string;
}

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);
const plus = (bytes: number): string => `${bytes < 0 ? '' : '+'}${mib(bytes)}`;

export function benchRss(): { deltaMiB: number; overEmptyMiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'pubkit-rss-'));
  try {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'empty.mjs'), 'export {};\n');
    const graph = moduleGraph();
    const graphEntry = emptyGraph(graph, dir);
    const rows: Array<[string, Sample]> = [
      ['bare node', medianSample('')],
      [
        'an empty ESM import',
        medianSample(`await import(${JSON.stringify(pathToFileURL(join(empty, 'empty.mjs')).href)});`),
      ],
      [`${graph.size} empty modules, same graph`, medianSample(`await import(${JSON.stringify(graphEntry)});`)],
      ['@pubkit/core', medianSample("await import('@pubkit/core');")],
      ['@pubkit/node', medianSample("await import('@pubkit/node');")],
    ];
    const [bare, emptyImport, floor, , node] = rows.map(([, s]) => s) as [Sample, Sample, Sample, Sample, Sample];
    console.log(
      `RSS after import (median of ${RUNS} fresh processes; split read after node:fs loads: private = RssAnon, node binary = RssFile)`,
    );
    for (const [label, s] of rows) {
      const split =
        s.anon === undefined || s.file === undefined || bare.anon === undefined || bare.file === undefined
          ? ''
          : `  (private ${plus(s.anon - bare.anon)}, node binary ${plus(s.file - bare.file)})`;
      console.log(
        `  ${label.padEnd(30)} ${mib(s.rss).padStart(5)} MiB  ${plus(s.rss - bare.rss).padStart(5)} over bare${split}`,
      );
    }
    const deltaMiB = (node.rss - bare.rss) / 1048576;
    const overEmptyMiB = (node.rss - emptyImport.rss) / 1048576;
    console.log(`  @pubkit/node over bare node          ${plus(node.rss - bare.rss)} MiB (goal <= 8 MiB)`);
    console.log(`  @pubkit/node over an empty ESM import ${plus(node.rss - emptyImport.rss)} MiB`);
    console.log(
      `  @pubkit/node over its empty-module floor ${plus(node.rss - floor.rss)} MiB (what pubkit's code itself adds)`,
    );
    return { deltaMiB, overEmptyMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchRss();
